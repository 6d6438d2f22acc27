import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import type { Prisma } from '@/lib/db/generated/client'
import { likeText } from '@/lib/db/like'
import { encodeCursor } from '@/lib/db/paging'
import { exportMembers, loadMembersPage } from '@/lib/db/member-list'
import { MEMBER_SORTS, parseMemberQuery, type MemberQuery } from '@/lib/validation/members'
import { createWorkspace } from '../support/fixtures'

// The users page reads its members in one hand-written SQL statement, from the membership's own
// copies of the user's email and name and the template's name (kept by triggers), paged by
// keyset. The oracle here is the same query written with the ORM over the original tables (what
// the page ran before): for every sort, direction, filter and page both must return the same
// members in the same order with the same details, whether a page is reached by number, by
// Next and Previous, or as the last page.

const DAY = 86_400_000

function oracleWhere(tenantId: string, q: MemberQuery): Prisma.MembershipWhereInput {
  return {
    tenantId,
    ...(q.role && { baseRole: q.role }),
    ...(q.status && { status: q.status }),
    ...(q.template && { roleTemplateId: q.template === 'none' ? null : q.template }),
    ...(q.signin === 'never' && { lastLoginAt: null }),
    ...(q.signin === 'stale' && { lastLoginAt: { lte: new Date(Date.now() - 90 * DAY) } }),
    ...((q.q || q.twofactor) && {
      user: {
        ...(q.q && {
          OR: [{ email: { contains: likeText(q.q), mode: 'insensitive' as const } }, { name: { contains: likeText(q.q), mode: 'insensitive' as const } }],
        }),
        ...(q.twofactor && { totpEnabledAt: q.twofactor === 'on' ? { not: null } : null }),
      },
    }),
  }
}
function oracleOrder(q: MemberQuery): Prisma.MembershipOrderByWithRelationInput[] {
  const dir = q.dir
  const by: Record<MemberQuery['sort'], Prisma.MembershipOrderByWithRelationInput> = {
    email: { user: { email: dir } },
    name: { user: { name: dir } },
    role: { baseRole: dir },
    status: { status: dir },
    template: { roleTemplate: { name: dir } },
    lastLogin: { lastLoginAt: { sort: dir, nulls: 'last' } },
    created: { createdAt: dir },
  }
  // Ties go by id in the sort's direction (what one index read forwards or backwards gives).
  return [by[q.sort], { id: dir }]
}
async function oracle(tenantId: string, q: MemberQuery, take?: number, skip?: number) {
  const [total, rows] = await Promise.all([
    db().membership.count({ where: oracleWhere(tenantId, q) }),
    db().membership.findMany({
      where: oracleWhere(tenantId, q),
      orderBy: oracleOrder(q),
      take,
      skip,
      select: {
        id: true,
        baseRole: true,
        status: true,
        crmAccess: true,
        lastLoginAt: true,
        createdAt: true,
        user: { select: { email: true, name: true, totpEnabledAt: true } },
        roleTemplate: { select: { id: true, name: true } },
        teams: { select: { team: { select: { id: true, name: true } } }, orderBy: { team: { name: 'asc' } } },
        invitations: { where: { acceptedAt: null, revokedAt: null }, orderBy: { sentAt: 'desc' }, take: 1, select: { expiresAt: true } },
      },
    }),
  ])
  return {
    total,
    rows: rows.map((m) => ({
      id: m.id,
      email: m.user.email,
      name: m.user.name,
      baseRole: m.baseRole,
      status: m.status,
      crmAccess: m.baseRole !== 'MEMBER' || m.crmAccess,
      roleTemplate: m.roleTemplate,
      teams: m.teams.map((t) => t.team),
      lastLoginAt: m.lastLoginAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
      inviteExpiresAt: m.status === 'INVITED' ? (m.invitations[0]?.expiresAt.toISOString() ?? null) : null,
      twoFactor: m.user.totpEnabledAt !== null,
    })),
  }
}

type Fixture = Awaited<ReturnType<typeof setup>>
async function setup() {
  const ws = await createWorkspace({ plan: 'team' })
  const other = await createWorkspace()
  const tenantId = ws.tenant.id
  const [alpha, beta] = await Promise.all(['alpha', 'beta'].map((name) => db().roleTemplate.create({ data: { tenantId, name: `${name} ${ws.tag}` } })))
  const [red, blue] = await Promise.all(['red', 'blue'].map((name) => db().team.create({ data: { tenantId, name } })))
  const roles = ['OWNER', 'ADMIN', 'MEMBER', 'MEMBER'] as const
  const statuses = ['ACTIVE', 'INVITED', 'ACTIVE', 'SUSPENDED'] as const
  const now = Date.now()
  const members = []
  for (let i = 0; i < 23; i++) {
    // Names and emails in lowercase ASCII (so the order does not depend on the collation),
    // some names shared (ties broken by id), one holding a literal "_".
    const m = await ws.add({
      email: `m${String((i * 7) % 23).padStart(2, '0')}${i === 5 ? '_x' : ''}@${ws.tag}.test`,
      role: roles[i % 4],
      status: statuses[(i >> 2) % 4],
      crmAccess: i % 3 === 0,
      templateId: i % 3 === 0 ? null : i % 3 === 1 ? alpha.id : beta.id,
    })
    await db().user.update({
      where: { id: m.userId },
      // Some use two-factor sign-in (an invited one too: an account of another workspace).
      data: { name: i === 5 ? 'under_score' : ['kim', 'lee', 'park', ''][i % 4], totpEnabledAt: i % 3 === 1 ? new Date(now - i * DAY) : null },
    })
    await db().membership.update({
      where: { id: m.id },
      data: { lastLoginAt: i % 5 === 0 ? null : new Date(now - i * 5 * DAY), createdAt: new Date(now - ((i * 11) % 23) * DAY) },
    })
    if (i % 2 === 0) await db().teamMember.create({ data: { teamId: red.id, membershipId: m.id } })
    if (i % 3 === 0) await db().teamMember.create({ data: { teamId: blue.id, membershipId: m.id } })
    members.push(m)
  }
  // Invitations: an old revoked link, an accepted one and the newest pending one.
  const invited = members.find((m) => m.status === 'INVITED')!
  const token = () => randomBytes(16).toString('hex')
  await db().invitation.createMany({
    data: [
      { membershipId: invited.id, tokenHash: token(), expiresAt: new Date(now + 9 * DAY), sentAt: new Date(now - 3 * DAY), revokedAt: new Date(now - 2 * DAY) },
      { membershipId: invited.id, tokenHash: token(), expiresAt: new Date(now + 8 * DAY), sentAt: new Date(now - 2 * DAY), acceptedAt: new Date(now - DAY) },
      { membershipId: invited.id, tokenHash: token(), expiresAt: new Date(now + 5 * DAY), sentAt: new Date(now - DAY) },
      { membershipId: invited.id, tokenHash: token(), expiresAt: new Date(now + 4 * DAY), sentAt: new Date(now - 4 * DAY) },
    ],
  })
  // Another workspace's member who would match every filter.
  await other.add({ email: `m00@${other.tag}.test`, role: 'MEMBER', status: 'ACTIVE' })
  return { tenantId, members, invited, alpha, beta, red, blue, expires: new Date(now + 5 * DAY).toISOString(), otherTenantId: other.tenant.id }
}

let f: Fixture
beforeAll(async () => {
  f = await setup()
})

describe('loadMembersPage', () => {
  it('a workspace that is not there is an error, not an empty page', async () => {
    await expect(loadMembersPage('no-such-workspace', parseMemberQuery({}))).rejects.toThrow('Workspace no-such-workspace not found')
  })

  it('returns what the ORM query returns for every sort and direction, page by page', async () => {
    for (const sort of MEMBER_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const page of [1, 2, 3]) {
          const q = parseMemberQuery({ sort, dir, size: '10', page: String(page) })
          const got = await loadMembersPage(f.tenantId, q)
          const want = await oracle(f.tenantId, q, 10, (page - 1) * 10)
          expect({ sort, dir, page, total: got.list.total, rows: got.list.rows }).toEqual({ sort, dir, page, total: want.total, rows: want.rows })
          expect(got.list.page).toBe(page)
        }
      }
    }
  })

  it('filters by role, status, template (or none), sign-in and search, like the ORM query', async () => {
    const filters: Record<string, string>[] = [
      { role: 'MEMBER' },
      { status: 'SUSPENDED' },
      { template: f.alpha.id },
      { template: 'none' },
      { role: 'MEMBER', status: 'ACTIVE', template: f.beta.id },
      { q: 'LEE' },
      { q: 'm1' },
      { q: '_' }, // a literal underscore, not "any character"
      { q: '%' },
      { q: 'nobody-here' },
      { template: 'not-a-template-id' },
      { signin: 'never' },
      { status: 'ACTIVE', signin: 'never' },
      { signin: 'stale' },
      { signin: 'stale', role: 'MEMBER' },
      { twofactor: 'on' },
      { twofactor: 'off' },
      { twofactor: 'off', status: 'ACTIVE', q: 'm1' },
      { twofactor: 'sideways' }, // not a filter: ignored
    ]
    for (const filter of filters) {
      const q = parseMemberQuery({ ...filter, size: '50' })
      const got = await loadMembersPage(f.tenantId, q)
      const want = await oracle(f.tenantId, q, 50, 0)
      expect({ filter, total: got.list.total, rows: got.list.rows }).toEqual({ filter, total: want.total, rows: want.rows })
    }
    const underscore = await loadMembersPage(f.tenantId, parseMemberQuery({ q: '_' }))
    expect(underscore.list.rows.map((r) => r.name)).toEqual(['under_score'])
  })

  it('shows teams by name, the template, the newest pending invitation expiry and who uses two-factor sign-in', async () => {
    const { list } = await loadMembersPage(f.tenantId, parseMemberQuery({ size: '50' }))
    expect(list.rows.filter((r) => r.twoFactor).length).toBe(f.members.filter((_, i) => i % 3 === 1).length)
    expect(list.rows.filter((r) => !r.twoFactor).length).toBeGreaterThan(0)
    const row = list.rows.find((r) => r.id === f.invited.id)!
    expect(row.inviteExpiresAt).toBe(f.expires)
    const both = list.rows.find((r) => r.teams.length === 2)!
    expect(both.teams).toEqual([
      { id: f.blue.id, name: 'blue' },
      { id: f.red.id, name: 'red' },
    ])
    expect(list.rows.filter((r) => r.status !== 'INVITED').every((r) => r.inviteExpiresAt === null)).toBe(true)
    expect(list.rows.some((r) => r.roleTemplate?.id === f.alpha.id && r.roleTemplate.name === f.alpha.name)).toBe(true)
  })

  it('counts seats and reads the plan and pickers, with and without a filter', async () => {
    for (const params of [{}, { status: 'SUSPENDED' }, { q: 'nobody-here' }]) {
      const { seats, pickers } = await loadMembersPage(f.tenantId, parseMemberQuery(params))
      expect(seats).toEqual({ used: 23, limit: 25, planName: 'Team', upgradable: true })
      expect(pickers.templates.map((t) => t.id)).toEqual([f.alpha.id, f.beta.id])
      expect(pickers.teams).toEqual([
        { id: f.blue.id, name: 'blue' },
        { id: f.red.id, name: 'red' },
      ])
    }
  })

  it("shows the last page for a page past the end, and never another workspace's members", async () => {
    const past = await loadMembersPage(f.tenantId, parseMemberQuery({ size: '10', page: '9' }))
    expect(past.list.page).toBe(3)
    expect(past.list.rows).toHaveLength(3)
    const empty = await loadMembersPage(f.tenantId, parseMemberQuery({ q: 'nobody-here', page: '4' }))
    expect(empty.list).toEqual({ rows: [], total: 0, page: 1, cursors: { prev: null, next: null } })
    const all = await loadMembersPage(f.tenantId, parseMemberQuery({ size: '100' }))
    expect(all.list.rows.map((r) => r.id).sort()).toEqual(f.members.map((m) => m.id).sort())
    const other = await loadMembersPage(f.otherTenantId, parseMemberQuery({}))
    expect(other.list.total).toBe(1)
    expect(other.pickers).toEqual({ templates: [], teams: [] })
  })
})

/** Pages by the cursors the table puts in its links: Next from the first page to the last, then Previous back. */
async function walk(tenantId: string, params: Record<string, string>) {
  const size = Number(params.size ?? 25)
  const forward: { page: number; ids: string[] }[] = []
  let at = await loadMembersPage(tenantId, parseMemberQuery(params))
  forward.push({ page: at.list.page, ids: at.list.rows.map((r) => r.id) })
  while (at.list.page * size < at.list.total) {
    at = await loadMembersPage(tenantId, parseMemberQuery({ ...params, page: String(at.list.page + 1), after: at.list.cursors.next! }))
    forward.push({ page: at.list.page, ids: at.list.rows.map((r) => r.id) })
  }
  const backward: { page: number; ids: string[] }[] = [forward.at(-1)!]
  while (at.list.page > 1) {
    at = await loadMembersPage(tenantId, parseMemberQuery({ ...params, page: String(at.list.page - 1), before: at.list.cursors.prev! }))
    backward.unshift({ page: at.list.page, ids: at.list.rows.map((r) => r.id) })
  }
  return { forward, backward }
}

describe('loadMembersPage by keyset (Next, Previous, Last)', () => {
  it('walks every sort and direction page by page, forwards and back, like the ORM query', async () => {
    for (const sort of MEMBER_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        const params = { sort, dir, size: '10' }
        const want = await oracle(f.tenantId, parseMemberQuery(params))
        const pages = [0, 1, 2].map((i) => ({ page: i + 1, ids: want.rows.slice(i * 10, i * 10 + 10).map((r) => r.id) }))
        const { forward, backward } = await walk(f.tenantId, params)
        expect({ sort, dir, forward }).toEqual({ sort, dir, forward: pages })
        expect({ sort, dir, backward }).toEqual({ sort, dir, backward: pages })
        const last = await loadMembersPage(f.tenantId, parseMemberQuery({ ...params, page: '3', before: 'end' }))
        expect({ sort, dir, page: last.list.page, ids: last.list.rows.map((r) => r.id) }).toEqual({ sort, dir, ...pages[2] })
      }
    }
  })

  it('walks filtered lists too, with the filtered total', async () => {
    const filters: Record<string, string>[] = [
      { role: 'MEMBER' },
      { status: 'ACTIVE', sort: 'lastLogin', dir: 'desc' },
      { template: 'none', sort: 'template' },
      { q: 'm1', sort: 'name' },
      { twofactor: 'on', sort: 'lastLogin', dir: 'desc' },
    ]
    for (const filter of filters) {
      const params = { ...filter, size: '10' }
      const want = await oracle(f.tenantId, parseMemberQuery(params))
      const { forward } = await walk(f.tenantId, params)
      expect({ filter, ids: forward.flatMap((p) => p.ids) }).toEqual({ filter, ids: want.rows.map((r) => r.id) })
    }
  })

  it('shows the nearest page that exists for a cursor whose rows are gone, and ignores a malformed cursor', async () => {
    const params = { sort: 'created', size: '10' }
    const want = (await oracle(f.tenantId, parseMemberQuery(params))).rows.map((r) => r.id)
    // After the very last row: nothing follows, so the last page.
    const lastRow = (await oracle(f.tenantId, parseMemberQuery(params))).rows.at(-1)!
    const past = await loadMembersPage(f.tenantId, parseMemberQuery({ ...params, page: '4', after: encodeCursor(lastRow.createdAt, lastRow.id) }))
    expect({ page: past.list.page, ids: past.list.rows.map((r) => r.id) }).toEqual({ page: 3, ids: want.slice(20) })
    // Before the first row: the first page, full.
    const firstRow = (await oracle(f.tenantId, parseMemberQuery(params))).rows[0]
    const before = await loadMembersPage(f.tenantId, parseMemberQuery({ ...params, page: '2', before: encodeCursor(firstRow.createdAt, firstRow.id) }))
    expect({ page: before.list.page, ids: before.list.rows.map((r) => r.id) }).toEqual({ page: 1, ids: want.slice(0, 10) })
    // A cursor that is not one, or whose value does not fit the sort's type: the first page.
    for (const after of ['garbage', encodeCursor('not a date', 'x'), Buffer.from('[1,2]').toString('base64url')]) {
      const r = await loadMembersPage(f.tenantId, parseMemberQuery({ ...params, after }))
      expect(r.list.rows.map((m) => m.id)).toEqual(want.slice(0, 10))
    }
    const role = await loadMembersPage(f.tenantId, parseMemberQuery({ sort: 'role', after: encodeCursor('SUPERUSER', 'x') }))
    expect(role.list.page).toBe(1)
  })
})

describe('the membership copies of email, name and template name', () => {
  it('follow a renamed user, a renamed and a deleted template, and a new member', async () => {
    const ws = await createWorkspace()
    const t = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: `old ${ws.tag}` } })
    const m = await ws.add({ email: `copy@${ws.tag}.test`, role: 'MEMBER', status: 'ACTIVE', templateId: t.id })
    const copies = () => db().membership.findUniqueOrThrow({ where: { id: m.id }, select: { email: true, name: true, templateName: true } })
    expect(await copies()).toEqual({ email: `copy@${ws.tag}.test`, name: 'copy', templateName: `old ${ws.tag}` })
    await db().user.update({ where: { id: m.userId }, data: { email: `moved@${ws.tag}.test`, name: 'Moved Person' } })
    await db().roleTemplate.update({ where: { id: t.id }, data: { name: `new ${ws.tag}` } })
    expect(await copies()).toEqual({ email: `moved@${ws.tag}.test`, name: 'Moved Person', templateName: `new ${ws.tag}` })
    // A write to a copy itself does not stick: the trigger puts back the user's and template's values.
    await db().membership.update({ where: { id: m.id }, data: { email: 'forged@example.test', name: 'Forged', templateName: 'Forged' } })
    expect(await copies()).toEqual({ email: `moved@${ws.tag}.test`, name: 'Moved Person', templateName: `new ${ws.tag}` })
    await db().roleTemplate.delete({ where: { id: t.id } })
    expect(await copies()).toEqual({ email: `moved@${ws.tag}.test`, name: 'Moved Person', templateName: null })
    const { list } = await loadMembersPage(ws.tenant.id, parseMemberQuery({ q: 'moved person' }))
    expect(list.rows.map((r) => r.id)).toEqual([m.id])
  })
})

describe('exportMembers', () => {
  it('returns every matching member in the table order, like the ORM query', async () => {
    for (const params of [{}, { sort: 'lastLogin', dir: 'desc' }, { sort: 'template' }, { role: 'MEMBER', q: 'm' }]) {
      const q = parseMemberQuery(params)
      expect(await exportMembers(f.tenantId, q)).toEqual((await oracle(f.tenantId, q)).rows)
    }
  })
})
