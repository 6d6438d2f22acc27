import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { loadMemberRefs } from '@/lib/db/member-refs'
import { encodeCursor } from '@/lib/db/paging'
import {
  copyName,
  getRole,
  getRoleWithMembers,
  insertRole,
  listAssignees,
  listRoles,
  listRolesPage,
  listRolesSlice,
  listTemplateKeys,
  roleUsage,
  roleWithMemberGrants,
  searchAssignable,
  updateRole,
} from '@/lib/db/roles'
import { createTeam, deleteTeam, getTeam, listTeams, listTeamsSlice, renameTeam, setTeamMembers } from '@/lib/db/teams'
import { parseRoleQuery } from '@/lib/validation/roles'
import { createWorkspace, memberVersion } from '../support/fixtures'

// The data functions of roles, teams and their member lists, called directly: what each returns,
// in which order, and that it reads and writes this workspace's rows only. Every test makes the
// other workspace's rows it must not see itself, so it holds when run alone.

type Ws = Awaited<ReturnType<typeof createWorkspace>>
const role = (ws: Ws, name: string, keys: string[] = [], description = '') =>
  db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name, description, permissions: { create: keys.map((key) => ({ key })) } } })
const team = (ws: Ws, name: string) => db().team.create({ data: { tenantId: ws.tenant.id, name } })
const join = (teamId: string, ...members: { id: string }[]) => db().teamMember.createMany({ data: members.map((m) => ({ teamId, membershipId: m.id })) })
const versions = (...members: { id: string }[]) => Promise.all(members.map((m) => memberVersion(m.id)))

/** Two workspaces, each with roles of the same names: what one reads must never hold the other's. */
async function twoWorkspaces() {
  const ws = await createWorkspace()
  const other = await createWorkspace()
  await role(other, 'Auditor', ['audit.view'])
  await role(other, 'Zeta')
  await team(other, 'Support')
  await team(other, 'Alpha')
  return { ws, other }
}

describe('roles: lists', () => {
  it('listRoles: this workspace’s roles by name, with their fields and member counts', async () => {
    const { ws } = await twoWorkspaces()
    const b = await role(ws, 'Billing', [], 'Invoices')
    const a = await role(ws, 'Auditor')
    await ws.add({ templateId: b.id })
    await ws.add({ templateId: b.id })
    const rows = await listRoles(ws.tenant.id)
    expect(rows).toEqual([
      { id: a.id, name: 'Auditor', description: '', members: 0, createdAt: a.createdAt, updatedAt: a.updatedAt, version: 1 },
      { id: b.id, name: 'Billing', description: 'Invoices', members: 2, createdAt: b.createdAt, updatedAt: b.updatedAt, version: 1 },
    ])
  })

  it('listRolesPage: searched by name or description (a % is a character), sorted by each column, paged', async () => {
    const { ws, other } = await twoWorkspaces()
    await role(other, 'Support other')
    const support = await role(ws, 'Support', [], 'Answers tickets')
    const sales = await role(ws, 'Sales', [], '100% commission')
    const admin = await role(ws, 'Admin helper')
    await ws.add({ templateId: sales.id })
    await ws.add({ templateId: sales.id })
    await ws.add({ templateId: admin.id })
    await db().roleTemplate.update({ where: { id: support.id }, data: { description: 'Answers tickets, all day' } })
    const names = async (params: Record<string, string>) => {
      const r = await listRolesPage(ws.tenant.id, parseRoleQuery(params))
      return { names: r.rows.map((x) => x.name), total: r.total, page: r.page }
    }
    expect(await names({})).toEqual({ names: ['Admin helper', 'Sales', 'Support'], total: 3, page: 1 })
    expect(await names({ dir: 'desc' })).toEqual({ names: ['Support', 'Sales', 'Admin helper'], total: 3, page: 1 })
    expect(await names({ sort: 'members', dir: 'desc' })).toEqual({ names: ['Sales', 'Admin helper', 'Support'], total: 3, page: 1 })
    // Created and updated in an order other than the ids': a sort by id alone would differ.
    await db().roleTemplate.update({ where: { id: admin.id }, data: { createdAt: new Date('2026-01-01T00:00:00Z') } })
    expect(await names({ sort: 'created' })).toEqual({ names: ['Admin helper', 'Support', 'Sales'], total: 3, page: 1 })
    expect(await names({ sort: 'updated' })).toEqual({ names: ['Sales', 'Support', 'Admin helper'], total: 3, page: 1 })
    expect(await names({ sort: 'updated', dir: 'desc' })).toEqual({ names: ['Admin helper', 'Support', 'Sales'], total: 3, page: 1 })
    expect(await names({ q: 'SUPP' })).toEqual({ names: ['Support'], total: 1, page: 1 })
    expect(await names({ q: 'tickets' })).toEqual({ names: ['Support'], total: 1, page: 1 })
    expect(await names({ q: '0%' })).toEqual({ names: ['Sales'], total: 1, page: 1 })
    expect(await names({ q: 'S_les' })).toEqual({ names: [], total: 0, page: 1 })

    for (let i = 0; i < 10; i++) await role(ws, `Role ${String(i).padStart(2, '0')}`)
    expect(await names({ size: '10', page: '2' })).toEqual({ names: ['Role 09', 'Sales', 'Support'], total: 13, page: 2 })
    expect(await names({ size: '10', page: '9' })).toEqual({ names: ['Role 09', 'Sales', 'Support'], total: 13, page: 2 })
    const first = await listRolesPage(ws.tenant.id, parseRoleQuery({ size: '10' }))
    expect(first.rows[0]).toMatchObject({ id: admin.id, members: 1, description: '', version: 1 })
    const adminNow = await db().roleTemplate.findUniqueOrThrow({ where: { id: admin.id } })
    expect(first.rows[0].createdAt).toEqual(adminNow.createdAt)
    expect(first.rows[0].updatedAt).toEqual(adminNow.updatedAt)
  })

  it('listRolesSlice: the API’s slices by name after a cursor, with the total; a cursor of another list is refused', async () => {
    const { ws } = await twoWorkspaces()
    await role(ws, 'B', ['users.view', 'no.such.key'])
    await role(ws, 'A')
    await role(ws, 'C')
    const first = (await listRolesSlice(ws.tenant.id, '', undefined, 2))!
    expect(first.rows.map((r) => [r.name, r.permissions])).toEqual([
      ['A', []],
      ['B', ['users.view']],
    ])
    expect(first.total).toBe(3)
    const second = (await listRolesSlice(ws.tenant.id, '', first.next!, 2))!
    expect(second.rows.map((r) => r.name)).toEqual(['C'])
    expect(second.next).toBeNull()
    expect((await listRolesSlice(ws.tenant.id, 'b', undefined, 5))!.rows.map((r) => r.name)).toEqual(['B'])
    expect(await listRolesSlice(ws.tenant.id, '', 'not a cursor', 2)).toBeNull()
    expect(await listRolesSlice(ws.tenant.id, '', encodeCursor(null, 'x'), 2)).toBeNull()
  })

  it('listTemplateKeys: each role’s known keys, by id, for this workspace only', async () => {
    const { ws } = await twoWorkspaces()
    const a = await role(ws, 'A', ['users.view', 'gone.key'])
    const b = await role(ws, 'B')
    expect(await listTemplateKeys(ws.tenant.id)).toEqual({ [a.id]: ['users.view'], [b.id]: [] })
  })

  it('getRole: one role with its known keys and members; another workspace’s is not found', async () => {
    const { ws, other } = await twoWorkspaces()
    const r = await role(ws, 'Reader', ['users.view', 'gone.key'], 'Reads')
    await ws.add({ templateId: r.id })
    expect(await getRole(ws.tenant.id, r.id)).toMatchObject({
      id: r.id,
      name: 'Reader',
      description: 'Reads',
      permissions: ['users.view'],
      members: 1,
      version: 1,
    })
    const theirs = await db().roleTemplate.findFirstOrThrow({ where: { tenantId: other.tenant.id } })
    expect(await getRole(ws.tenant.id, theirs.id)).toBeNull()
  })
})

describe('roles: members', () => {
  it('listAssignees: the role’s members by email, with status and base role', async () => {
    const { ws } = await twoWorkspaces()
    const r = await role(ws, 'R')
    const b = await ws.add({ templateId: r.id, email: `b@${ws.tag}.test`, status: 'SUSPENDED' })
    const a = await ws.add({ templateId: r.id, email: `a@${ws.tag}.test` })
    await ws.add()
    expect(await listAssignees(ws.tenant.id, r.id)).toEqual([
      { id: a.id, email: a.email, name: 'a', status: 'ACTIVE', baseRole: 'MEMBER' },
      { id: b.id, email: b.email, name: 'b', status: 'SUSPENDED', baseRole: 'MEMBER' },
    ])
  })

  it('searchAssignable: members (not admins) without the role, by email, matching name or address', async () => {
    const { ws, other } = await twoWorkspaces()
    const r = await role(ws, 'R')
    const elsewhere = await role(ws, 'Elsewhere')
    const c = await ws.add({ email: `carol@${ws.tag}.test` })
    const b = await ws.add({ email: `bob@${ws.tag}.test`, templateId: elsewhere.id })
    await ws.add({ email: `al@${ws.tag}.test`, templateId: r.id })
    await ws.add({ email: `ada@${ws.tag}.test`, role: 'ADMIN' })
    await other.add({ email: `carl@${other.tag}.test` })
    expect(await searchAssignable(ws.tenant.id, r.id, '')).toEqual([
      { id: b.id, email: b.email, name: 'bob', status: 'ACTIVE', currentRole: 'Elsewhere' },
      { id: c.id, email: c.email, name: 'carol', status: 'ACTIVE', currentRole: null },
    ])
    expect((await searchAssignable(ws.tenant.id, r.id, 'CAR')).map((m) => m.email)).toEqual([c.email])
    expect((await searchAssignable(ws.tenant.id, r.id, 'carol@')).map((m) => m.email)).toEqual([c.email]) // the address, not the name
    await db().user.update({ where: { id: b.userId }, data: { name: 'Robert' } })
    expect((await searchAssignable(ws.tenant.id, r.id, 'rob')).map((m) => m.email)).toEqual([b.email])
    expect(await searchAssignable(ws.tenant.id, r.id, '%')).toEqual([])
    expect(await searchAssignable(ws.tenant.id, r.id, '', 1)).toHaveLength(1)
  })

  it('getRoleWithMembers and roleWithMemberGrants: what deleting a role and its impact preview read', async () => {
    const { ws, other } = await twoWorkspaces()
    const r = await role(ws, 'R', ['users.view', 'gone.key'], 'Described')
    const m = await ws.add({ templateId: r.id, crmAccess: true, permissions: ['audit.view'] })
    const admin = await ws.add({ templateId: r.id, role: 'ADMIN' })
    const full = await getRoleWithMembers(ws.tenant.id, r.id)
    expect(full).toMatchObject({ id: r.id, name: 'R', description: 'Described', permissions: ['users.view'] })
    expect(full!.members.sort()).toEqual([m.email, admin.email].sort())
    expect(full!.memberIds.sort()).toEqual([m.id, admin.id].sort())
    const grants = await roleWithMemberGrants(ws.tenant.id, r.id)
    expect({ ...grants, keys: grants?.keys.sort() }).toEqual({ keys: ['gone.key', 'users.view'], members: [{ crmAccess: true, directKeys: ['audit.view'] }] })
    const theirs = await db().roleTemplate.findFirstOrThrow({ where: { tenantId: other.tenant.id } })
    expect(await getRoleWithMembers(ws.tenant.id, theirs.id)).toBeNull()
    expect(await roleWithMemberGrants(ws.tenant.id, theirs.id)).toBeNull()
  })
})

describe('roles: writes', () => {
  it('updateRole: saves at the version read; a later version is stale, another workspace’s role or none is not found, a taken name is refused', async () => {
    const { ws, other } = await twoWorkspaces()
    const r = await role(ws, 'Old', ['users.view'])
    await role(ws, 'Taken')
    const data = { name: 'New', description: 'd', permissions: ['audit.view' as const] }
    expect(await updateRole(ws.tenant.id, r.id, 1, data)).toEqual({ ok: true, version: 2 })
    expect(await getRole(ws.tenant.id, r.id)).toMatchObject({ name: 'New', description: 'd', permissions: ['audit.view'], version: 2 })
    expect(await updateRole(ws.tenant.id, r.id, 1, data)).toEqual({ ok: false, reason: 'stale' })
    expect(await updateRole(ws.tenant.id, r.id, 2, { ...data, name: 'Taken' })).toEqual({ ok: false, reason: 'name_taken' })
    expect(await updateRole(ws.tenant.id, 'no-such-role', 1, data)).toEqual({ ok: false, reason: 'not_found' })
    const theirs = await db().roleTemplate.findFirstOrThrow({ where: { tenantId: other.tenant.id } })
    expect(await updateRole(ws.tenant.id, theirs.id, 1, data)).toEqual({ ok: false, reason: 'not_found' })
    expect(await db().roleTemplate.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: theirs.name, version: 1 })
  })

  it('insertRole returns the new role’s id and name; copyName finds a free name, cut to fit', async () => {
    const { ws } = await twoWorkspaces()
    const created = await insertRole(ws.tenant.id, { name: 'Support', description: '', permissions: ['users.view'] })
    expect(created).toEqual({ id: expect.any(String), name: 'Support' })
    expect(await copyName(ws.tenant.id, 'Support')).toBe('Support (copy)')
    await role(ws, 'Support (copy)')
    await role(ws, 'Support (copy 2)')
    expect(await copyName(ws.tenant.id, 'Support')).toBe('Support (copy 3)')
    const long = 'x'.repeat(60)
    expect(await copyName(ws.tenant.id, long)).toBe(`${'x'.repeat(50)} (copy)`)
    // Another workspace's copies take no name here.
    const other = await createWorkspace()
    await role(other, 'Billing (copy)')
    expect(await copyName(ws.tenant.id, 'Billing')).toBe('Billing (copy)')
  })

  it('roleUsage: the roles used, the plan’s limit and name, and whether a plan allows more', async () => {
    const { ws } = await twoWorkspaces()
    await role(ws, 'A')
    const plan = await db().tenant.findUniqueOrThrow({ where: { id: ws.tenant.id }, select: { plan: { select: { name: true, roleLimit: true } } } })
    const more = await db().plan.count({ where: { roleLimit: { gt: plan.plan.roleLimit } } })
    expect(await roleUsage(ws.tenant.id)).toEqual({ used: 1, limit: plan.plan.roleLimit, planName: plan.plan.name, upgradable: more > 0 })
  })
})

describe('teams', () => {
  it('listTeams: this workspace’s teams by name, members by email, contacts counted', async () => {
    const { ws } = await twoWorkspaces()
    const s = await team(ws, 'Support')
    const a = await team(ws, 'Alpha')
    const zed = await ws.add({ email: `zed@${ws.tag}.test` })
    const amy = await ws.add({ email: `amy@${ws.tag}.test` })
    await join(s.id, zed, amy)
    await db().contact.create({ data: { tenantId: ws.tenant.id, name: 'C', teamId: s.id } })
    expect(await listTeams(ws.tenant.id)).toEqual([
      { id: a.id, name: 'Alpha', createdAt: a.createdAt.toISOString(), members: [], contacts: 0 },
      {
        id: s.id,
        name: 'Support',
        createdAt: s.createdAt.toISOString(),
        members: [
          { id: amy.id, email: amy.email, name: 'amy' },
          { id: zed.id, email: zed.email, name: 'zed' },
        ],
        contacts: 1,
      },
    ])
  })

  it('listTeamsSlice and getTeam: counts, not members; cursors; another workspace’s team is not found', async () => {
    const { ws, other } = await twoWorkspaces()
    const b = await team(ws, 'B')
    await team(ws, 'A')
    await join(b.id, await ws.add(), await ws.add())
    const first = (await listTeamsSlice(ws.tenant.id, undefined, 1))!
    expect(first.rows.map((t) => t.name)).toEqual(['A'])
    expect(first.total).toBe(2)
    const second = (await listTeamsSlice(ws.tenant.id, first.next!, 1))!
    expect(second.rows).toEqual([{ id: b.id, name: 'B', createdAt: b.createdAt, members: 2, contacts: 0 }])
    expect(second.next).toBeNull()
    expect(await listTeamsSlice(ws.tenant.id, 'nonsense', 1)).toBeNull()
    expect(await getTeam(ws.tenant.id, b.id)).toEqual({ id: b.id, name: 'B', createdAt: b.createdAt, members: 2, contacts: 0 })
    const theirs = await db().team.findFirstOrThrow({ where: { tenantId: other.tenant.id } })
    expect(await getTeam(ws.tenant.id, theirs.id)).toBeNull()
  })

  it('createTeam and renameTeam: the team written, or why not', async () => {
    const { ws, other } = await twoWorkspaces()
    const created = await createTeam(ws.tenant.id, 'Support')
    expect(created).toEqual({ ok: true, team: { id: expect.any(String), name: 'Support' } })
    expect(await createTeam(ws.tenant.id, 'Support')).toEqual({ ok: false, reason: 'name_taken' })
    const id = created.ok ? created.team.id : ''
    await team(ws, 'Sales')
    expect(await renameTeam(ws.tenant.id, id, 'Sales')).toEqual({ ok: false, reason: 'name_taken' })
    expect(await renameTeam(ws.tenant.id, id, 'Help')).toEqual({ ok: true, team: { id, name: 'Help' }, before: 'Support' })
    const theirs = await db().team.findFirstOrThrow({ where: { tenantId: other.tenant.id } })
    expect(await renameTeam(ws.tenant.id, theirs.id, 'Mine')).toEqual({ ok: false, reason: 'not_found' })
  })

  it('deleteTeam and setTeamMembers make open forms of the members they change out of date, and of no one else', async () => {
    const { ws } = await twoWorkspaces()
    const [inTeam, joining, leaving, bystander] = [await ws.add(), await ws.add(), await ws.add(), await ws.add()]
    const t = await team(ws, 'T')
    const gone = await team(ws, 'Gone')
    await join(t.id, inTeam, leaving)
    await join(gone.id, inTeam)
    const before = await versions(inTeam, joining, leaving, bystander)

    expect(await setTeamMembers(ws.tenant.id, t.id, [joining.id, inTeam.id], [leaving.id])).toEqual({
      team: 'T',
      added: [joining.email],
      removed: [leaving.email],
    })
    expect(await versions(inTeam, joining, leaving, bystander)).toEqual([before[0], before[1] + 1, before[2] + 1, before[3]])

    expect(await deleteTeam(ws.tenant.id, gone.id)).toEqual({ name: 'Gone', members: 1, contacts: 0 })
    expect(await versions(inTeam, joining, leaving, bystander)).toEqual([before[0] + 1, before[1] + 1, before[2] + 1, before[3]])
  })
})

describe('member refs: a role’s or a team’s members, the API’s lists', () => {
  it('by email, after a cursor, with the total; a cursor of another list is refused', async () => {
    const { ws, other } = await twoWorkspaces()
    const r = await role(ws, 'R')
    const t = await team(ws, 'T')
    const b = await ws.add({ email: `b@${ws.tag}.test`, templateId: r.id, role: 'ADMIN', status: 'SUSPENDED' })
    const a = await ws.add({ email: `a@${ws.tag}.test`, templateId: r.id })
    const c = await ws.add({ email: `c@${ws.tag}.test` })
    await join(t.id, c, a)
    const foreign = await other.add()
    const theirTeam = await db().team.findFirstOrThrow({ where: { tenantId: other.tenant.id } })
    await join(theirTeam.id, foreign)

    const first = (await loadMemberRefs(ws.tenant.id, { roleTemplateId: r.id }, undefined, 1))!
    expect(first.rows).toEqual([{ id: a.id, email: a.email, name: 'a', status: 'ACTIVE', baseRole: 'MEMBER' }])
    expect(first.total).toBe(2)
    const second = (await loadMemberRefs(ws.tenant.id, { roleTemplateId: r.id }, first.next!, 1))!
    expect(second.rows).toEqual([{ id: b.id, email: b.email, name: 'b', status: 'SUSPENDED', baseRole: 'ADMIN' }])
    expect(second.next).toBeNull()
    expect((await loadMemberRefs(ws.tenant.id, { teamId: t.id }, undefined, 5))!.rows.map((m) => m.id)).toEqual([a.id, c.id])
    expect(await loadMemberRefs(ws.tenant.id, { teamId: theirTeam.id }, undefined, 5)).toEqual({ rows: [], total: 0, next: null })
    expect(await loadMemberRefs(ws.tenant.id, { teamId: t.id }, 'nonsense', 5)).toBeNull()
  })
})
