import { describe, expect, it } from 'vitest'
import { createTeam, deleteTeam, renameTeam, setTeamMembers } from '@/app/(app)/settings/teams/actions'
import { db } from '@/lib/db/client'
import { listTeams } from '@/lib/db/teams'
import { accessFor, accessOf, createWorkspace, failure, success, auditEvents } from '../support/fixtures'

// Teams through the real server actions and a real database: create, rename, delete (contacts
// keep their owner and lose the team) and membership changes, each scoped to the workspace,
// audited when done, and writing nothing when refused.

async function setup() {
  const ws = await createWorkspace()
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner) }
}
const team = (tenantId: string, name: string) => db().team.create({ data: { tenantId, name } })
const teamNames = async (tenantId: string) => (await db().team.findMany({ where: { tenantId }, orderBy: { name: 'asc' } })).map((t) => t.name)
const membersOf = async (teamId: string) => (await db().teamMember.findMany({ where: { teamId } })).map((m) => m.membershipId).sort()
const events = auditEvents

describe('createTeam', () => {
  it('creates the team and audits it', async () => {
    const { ws, owner, state } = await setup()
    const r = success(await createTeam.run(state, { name: '  Support  ' }, '198.51.100.4'))
    expect(await db().team.findUniqueOrThrow({ where: { id: r.data!.id } })).toMatchObject({ tenantId: ws.tenant.id, name: 'Support' })
    const log = await events(ws.tenant.id)
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      action: 'team.create',
      targetType: 'team',
      targetId: r.data!.id,
      actorEmail: owner.email,
      ip: '198.51.100.4',
      before: null,
      after: { name: 'Support' },
    })
  })

  it('refuses a duplicate name in the same workspace, not in another one', async () => {
    const { ws, state } = await setup()
    await team(ws.tenant.id, 'Sales')
    const r = failure(await createTeam.run(state, { name: 'Sales' }))
    expect(r.code).toBe('conflict')
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['name'])
    expect(await teamNames(ws.tenant.id)).toEqual(['Sales'])
    expect(await events(ws.tenant.id)).toEqual([])

    const other = await createWorkspace()
    success(await createTeam.run(await accessOf(await other.add({ role: 'ADMIN' })), { name: 'Sales' }))
    expect(await teamNames(other.tenant.id)).toEqual(['Sales'])
  })

  it('needs teams.create, and a name', async () => {
    const { ws, state } = await setup()
    const viewer = await accessOf(await ws.add({ permissions: ['teams.view', 'teams.edit', 'teams.delete'] }))
    expect(failure(await createTeam.run(viewer, { name: 'Sneaky' })).code).toBe('forbidden')
    expect(Object.keys(failure(await createTeam.run(state, { name: '   ' })).fieldErrors ?? {})).toEqual(['name'])
    expect(await teamNames(ws.tenant.id)).toEqual([])
    success(await createTeam.run(await accessOf(await ws.add({ permissions: ['teams.view', 'teams.create'] })), { name: 'Allowed' }))
    expect(await teamNames(ws.tenant.id)).toEqual(['Allowed'])
  })
})

describe('renameTeam', () => {
  it('renames and audits the old and the new name', async () => {
    const { ws, state } = await setup()
    const t = await team(ws.tenant.id, 'Suport')
    success(await renameTeam.run(state, { teamId: t.id, name: 'Support' }))
    expect(await teamNames(ws.tenant.id)).toEqual(['Support'])
    const [e] = await events(ws.tenant.id, 'team.rename')
    expect(e).toMatchObject({ targetId: t.id, summary: 'Renamed team Suport to Support', before: { name: 'Suport' }, after: { name: 'Support' } })
  })

  it('refuses a name another team has, a team of another workspace, and a member without teams.edit', async () => {
    const { ws, state } = await setup()
    const [a] = [await team(ws.tenant.id, 'Alpha'), await team(ws.tenant.id, 'Beta')]
    const clash = failure(await renameTeam.run(state, { teamId: a.id, name: 'Beta' }))
    expect([clash.code, Object.keys(clash.fieldErrors ?? {})]).toEqual(['conflict', ['name']])

    const other = await createWorkspace()
    const foreign = await team(other.tenant.id, 'Foreign')
    expect(failure(await renameTeam.run(state, { teamId: foreign.id, name: 'Mine now' })).code).toBe('not_found')
    const creator = await accessOf(await ws.add({ permissions: ['teams.view', 'teams.create'] }))
    expect(failure(await renameTeam.run(creator, { teamId: a.id, name: 'Gamma' })).code).toBe('forbidden')

    expect(await teamNames(ws.tenant.id)).toEqual(['Alpha', 'Beta'])
    expect(await teamNames(other.tenant.id)).toEqual(['Foreign'])
    expect(await events(ws.tenant.id)).toEqual([])
  })
})

describe('deleteTeam', () => {
  it('contacts keep their owner and lose the team; memberships go; audited', async () => {
    const { ws, state } = await setup()
    const [m1, m2] = [await ws.add(), await ws.add()]
    const [t, kept] = [await team(ws.tenant.id, 'Doomed'), await team(ws.tenant.id, 'Kept')]
    await db().teamMember.createMany({
      data: [
        { teamId: t.id, membershipId: m1.id },
        { teamId: t.id, membershipId: m2.id },
        { teamId: kept.id, membershipId: m1.id },
      ],
    })
    const owned = await db().contact.create({ data: { tenantId: ws.tenant.id, name: 'Owned', ownerId: m1.id, teamId: t.id } })
    const teamOnly = await db().contact.create({ data: { tenantId: ws.tenant.id, name: 'Team only', teamId: t.id } })
    const elsewhere = await db().contact.create({ data: { tenantId: ws.tenant.id, name: 'Elsewhere', ownerId: m2.id, teamId: kept.id } })

    const r = success(await deleteTeam.run(state, { teamId: t.id }))
    expect(r.message).toMatch(/Its 2 contacts kept their owners/)
    expect(await teamNames(ws.tenant.id)).toEqual(['Kept'])
    const where = (id: string) => db().contact.findUniqueOrThrow({ where: { id }, select: { ownerId: true, teamId: true } })
    expect([await where(owned.id), await where(teamOnly.id), await where(elsewhere.id)]).toEqual([
      { ownerId: m1.id, teamId: null },
      { ownerId: null, teamId: null },
      { ownerId: m2.id, teamId: kept.id },
    ])
    expect(await db().teamMember.count({ where: { teamId: t.id } })).toBe(0)
    expect(await membersOf(kept.id)).toEqual([m1.id])
    expect([...(await accessFor(m1)).member.teamIds]).toEqual([kept.id])
    const [e] = await events(ws.tenant.id, 'team.delete')
    expect(e).toMatchObject({ targetId: t.id, before: { name: 'Doomed', members: 2, contacts: 2 }, after: null })
  })

  it('a team of another workspace is not found and stays', async () => {
    const { ws, state } = await setup()
    const other = await createWorkspace()
    const foreign = await team(other.tenant.id, 'Foreign')
    const m = await other.add()
    await db().teamMember.create({ data: { teamId: foreign.id, membershipId: m.id } })
    expect(failure(await deleteTeam.run(state, { teamId: foreign.id })).code).toBe('not_found')
    expect(await teamNames(other.tenant.id)).toEqual(['Foreign'])
    expect(await membersOf(foreign.id)).toEqual([m.id])
    expect(await events(ws.tenant.id)).toEqual([])
    const noDelete = await accessOf(await ws.add({ permissions: ['teams.view', 'teams.edit'] }))
    const mine = await team(ws.tenant.id, 'Mine')
    expect(failure(await deleteTeam.run(noDelete, { teamId: mine.id })).code).toBe('forbidden')
    expect(await teamNames(ws.tenant.id)).toEqual(['Mine'])
  })
})

describe('setTeamMembers', () => {
  it('adds two, removes one, audits the emails; the members’ next access has the teams', async () => {
    const { ws, state } = await setup()
    const [a, b, c] = [await ws.add(), await ws.add(), await ws.add()]
    const t = await team(ws.tenant.id, 'Support')
    await db().teamMember.create({ data: { teamId: t.id, membershipId: c.id } })
    const r = success(await setTeamMembers.run(state, { teamId: t.id, add: [a.id, b.id], remove: [c.id] }))
    expect(r.message).toContain(a.email)
    expect(await membersOf(t.id)).toEqual([a.id, b.id].sort())
    expect([...(await accessFor(a)).member.teamIds]).toEqual([t.id])
    expect((await accessFor(c)).member.teamIds).toEqual([])
    const [e] = await events(ws.tenant.id, 'team.members')
    expect({ ...e, after: { added: [...(e.after as { added: string[] }).added].sort() } }).toMatchObject({
      targetId: t.id,
      before: { removed: [c.email] },
      after: { added: [a.email, b.email].sort() },
    })
    expect((await listTeams(ws.tenant.id)).map((x) => [x.name, x.members.map((m) => m.id).sort()])).toEqual([['Support', [a.id, b.id].sort()]])
  })

  it('a membership of another workspace fails the whole change; nothing is written', async () => {
    const { ws, state } = await setup()
    const [a, b] = [await ws.add(), await ws.add()]
    const t = await team(ws.tenant.id, 'Support')
    await db().teamMember.create({ data: { teamId: t.id, membershipId: b.id } })
    const foreign = await (await createWorkspace()).add()
    expect(failure(await setTeamMembers.run(state, { teamId: t.id, add: [a.id, foreign.id] })).code).toBe('not_found')
    expect(failure(await setTeamMembers.run(state, { teamId: t.id, add: [a.id], remove: [b.id, foreign.id] })).code).toBe('not_found')
    expect(await membersOf(t.id)).toEqual([b.id])
    expect(await db().teamMember.count({ where: { membershipId: foreign.id } })).toBe(0)
    const foreignTeam = await team(foreign.tenantId, 'Theirs')
    expect(failure(await setTeamMembers.run(state, { teamId: foreignTeam.id, add: [a.id] })).code).toBe('not_found')
    expect(await membersOf(foreignTeam.id)).toEqual([])
    expect(await events(ws.tenant.id)).toEqual([])
  })

  it('a member can be in several teams; leaving one keeps the others', async () => {
    const { ws, state } = await setup()
    const m = await ws.add()
    const teams = [await team(ws.tenant.id, 'A'), await team(ws.tenant.id, 'B'), await team(ws.tenant.id, 'C')]
    for (const t of teams) success(await setTeamMembers.run(state, { teamId: t.id, add: [m.id] }))
    expect([...(await accessFor(m)).member.teamIds].sort()).toEqual(teams.map((t) => t.id).sort())
    success(await setTeamMembers.run(state, { teamId: teams[1].id, remove: [m.id] }))
    expect([...(await accessFor(m)).member.teamIds].sort()).toEqual([teams[0].id, teams[2].id].sort())
    expect(await events(ws.tenant.id, 'team.members')).toHaveLength(4)
  })

  it('adding a member already in the team or removing one who is not changes nothing and logs nothing', async () => {
    const { ws, state } = await setup()
    const [inside, outside] = [await ws.add(), await ws.add()]
    const t = await team(ws.tenant.id, 'Support')
    await db().teamMember.create({ data: { teamId: t.id, membershipId: inside.id } })
    const r = success(await setTeamMembers.run(state, { teamId: t.id, add: [inside.id], remove: [outside.id] }))
    expect(await membersOf(t.id)).toEqual([inside.id])
    expect(r.message).toBe('Nothing changed.')
    expect(await events(ws.tenant.id)).toEqual([]) // the log must not claim changes that did not happen
  })

  it('needs teams.edit', async () => {
    const { ws } = await setup()
    const m = await ws.add()
    const t = await team(ws.tenant.id, 'Support')
    const creator = await accessOf(await ws.add({ permissions: ['teams.view', 'teams.create', 'teams.delete'] }))
    expect(failure(await setTeamMembers.run(creator, { teamId: t.id, add: [m.id] })).code).toBe('forbidden')
    expect(await membersOf(t.id)).toEqual([])
  })

  it('a member with teams.edit cannot join or leave a team themselves (it would widen their record scopes); others they can move', async () => {
    const { ws } = await setup()
    const m = await ws.add()
    const t = await team(ws.tenant.id, 'Support')
    const editorMember = await ws.add({ permissions: ['teams.view', 'teams.edit'] })
    const editor = await accessOf(editorMember)
    expect(failure(await setTeamMembers.run(editor, { teamId: t.id, add: [editorMember.id] })).code).toBe('forbidden')
    expect(failure(await setTeamMembers.run(editor, { teamId: t.id, add: [m.id, editorMember.id] })).code).toBe('forbidden')
    expect(await membersOf(t.id)).toEqual([])
    success(await setTeamMembers.run(editor, { teamId: t.id, add: [m.id] }))
    expect(await membersOf(t.id)).toEqual([m.id])
  })
})
