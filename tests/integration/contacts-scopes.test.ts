import { beforeAll, describe, expect, it } from 'vitest'
import { assignContact, createContact, deleteContact, updateContact } from '@/app/(app)/contacts/actions'
import { setTeamMembers } from '@/app/(app)/settings/teams/actions'
import type { Access } from '@/lib/authz/access'
import type { AccessState } from '@/lib/authz/get-access'
import type { ActionResult } from '@/lib/authz/result'
import { matchingScope } from '@/lib/authz/scopes'
import { db } from '@/lib/db/client'
import { exportContacts, getContact, listContacts } from '@/lib/db/contacts'
import { parseContactQuery } from '@/lib/validation/contacts'
import { accessFor, accessOf, createWorkspace, failure, success, auditEvents } from '../support/fixtures'

// Record scopes of contacts on a real database: for each scope of contacts.view a member sees
// exactly the contacts it allows (list, count, search, filters, export, direct id), the Prisma
// where and the in-memory check agree, and writes outside the action's scope are refused.

// The contacts of the world. Every name has "Acme"; BLUE ones also match the search "bLuE"
// ('none' only through its email). Foreign contacts are named to match the same searches.
const SPEC = {
  mine: { name: 'Acme Mine Blue', owner: 'me', team: null },
  mate: { name: 'Acme Mate', owner: 'teammate', team: null },
  strT1: { name: 'Acme Strand Blue', owner: 'stranger', team: 't1' },
  strT2: { name: 'Acme Stray', owner: 'stranger', team: 't2' },
  t1: { name: 'Acme Tango Blue', owner: null, team: 't1' },
  t2: { name: 'Acme Twain', owner: null, team: 't2' },
  none: { name: 'Acme Nobody', owner: null, team: null, email: 'blue.desk@nobody.test' },
} as const
type Key = keyof typeof SPEC
const ALL = Object.keys(SPEC) as Key[]
const BLUE: Key[] = ['mine', 'strT1', 't1', 'none']

type Member = { id: string; userId: string; tenantId: string; email: string }
const label = (m: { email: string }) => m.email.split('@')[0] // the fixture's user name

/** me and teammate in T1, stranger in T2 only; the seven contacts; a foreign workspace beside. */
async function world() {
  const ws = await createWorkspace()
  const owner = await ws.add({ role: 'OWNER' })
  const [me, teammate, stranger] = [await ws.add({ crmAccess: true }), await ws.add({ crmAccess: true }), await ws.add({ crmAccess: true })]
  const t1 = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'T1' } })
  const t2 = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'T2' } })
  await db().teamMember.createMany({
    data: [
      { teamId: t1.id, membershipId: me.id },
      { teamId: t1.id, membershipId: teammate.id },
      { teamId: t2.id, membershipId: stranger.id },
    ],
  })
  const members = { me, teammate, stranger }
  const teams = { t1, t2 }
  const c = {} as Record<Key, { id: string }>
  for (const k of ALL) {
    const s: { name: string; owner: keyof typeof members | null; team: keyof typeof teams | null; email?: string } = SPEC[k]
    c[k] = await db().contact.create({
      data: { tenantId: ws.tenant.id, name: s.name, email: s.email ?? null, ownerId: s.owner && members[s.owner].id, teamId: s.team && teams[s.team].id },
    })
  }
  const other = await createWorkspace()
  const foreignMember = await other.add({ crmAccess: true })
  const foreignTeam = await db().team.create({ data: { tenantId: other.tenant.id, name: 'T1' } })
  const foreign = [
    await db().contact.create({ data: { tenantId: other.tenant.id, name: 'Acme Foreign Blue', ownerId: null } }),
    await db().contact.create({ data: { tenantId: other.tenant.id, name: 'Acme Foreign Owned Blue', ownerId: foreignMember.id, teamId: foreignTeam.id } }),
  ]
  return { ws, owner, me, teammate, stranger, t1, t2, c, foreign, foreignMember, foreignTeam }
}
type World = Awaited<ReturnType<typeof world>>

/** Replaces the member's direct grants and CRM flag; the next accessOf sees them. */
async function grant(m: Member, keys: string[], crmAccess = true): Promise<AccessState> {
  await db().membershipPermission.deleteMany({ where: { membershipId: m.id } })
  await db().membership.update({ where: { id: m.id }, data: { crmAccess, permissions: { create: keys.map((key) => ({ key })) } } })
  return accessOf(m)
}
const asAccess = (state: AccessState): Access => {
  if (state.status !== 'ok') throw new Error(`member is ${state.status}`)
  return state.access
}

const sortIds = (rows: { id: string }[]) => rows.map((r) => r.id).sort()
const idsOf = (w: World, keys: readonly Key[]) => keys.map((k) => w.c[k].id).sort()
const within = (expected: readonly Key[], subset: readonly Key[]) => expected.filter((k) => subset.includes(k))
const list = (access: Access, q: Record<string, string> = {}) => listContacts(access, parseContactQuery({ size: '100', ...q }))

/** What the workspace's contacts look like in the database (null: deleted). */
const snapshot = async (w: World) =>
  Promise.all(ALL.map((k) => db().contact.findUnique({ where: { id: w.c[k].id }, select: { name: true, email: true, ownerId: true, teamId: true } })))
const events = (tenantId: string) => auditEvents(tenantId)

// contacts.view scopes (and unions) → exactly the contacts `me` sees. Written out by hand.
const VISIBLE: [string, string[], Key[]][] = [
  ['own', ['contacts.view.own'], ['mine']],
  ['team', ['contacts.view.team'], ['mine', 'mate', 'strT1', 't1']],
  ['all_assigned', ['contacts.view.all_assigned'], ['mine', 'mate', 'strT1', 'strT2', 't1', 't2']],
  ['unassigned', ['contacts.view.unassigned'], ['none']],
  ['own + unassigned', ['contacts.view.own', 'contacts.view.unassigned'], ['mine', 'none']],
  ['team + unassigned', ['contacts.view.team', 'contacts.view.unassigned'], ['mine', 'mate', 'strT1', 't1', 'none']],
  ['all_assigned + unassigned', ['contacts.view.all_assigned', 'contacts.view.unassigned'], ALL],
  ['no view scope (edit only)', ['contacts.edit.own'], []],
]

describe('contacts.view scopes: a member sees exactly what the scope allows', () => {
  let w: World
  beforeAll(async () => {
    w = await world()
  })

  it.each(VISIBLE)('%s: list, count, search, filters, export and direct id', async (_name, keys, expected) => {
    const access = asAccess(await grant(w.me, keys))
    const all = await list(access)
    expect(sortIds(all.rows)).toEqual(idsOf(w, expected))
    expect(all.total).toBe(expected.length)

    const filters: [Record<string, string>, Key[]][] = [
      [{ q: 'bLuE' }, BLUE],
      [{ q: 'acme' }, ALL],
      [{ owner: 'me' }, ['mine']],
      [{ owner: w.stranger.id }, ['strT1', 'strT2']],
      [{ owner: 'none' }, ['t1', 't2', 'none']],
      [{ team: w.t1.id }, ['strT1', 't1']],
      [{ team: 'none' }, ['mine', 'mate', 'none']],
      [{ q: 'blue', team: w.t1.id }, ['strT1', 't1']],
    ]
    for (const [q, subset] of filters) {
      const r = await list(access, q)
      expect({ q, ids: sortIds(r.rows), total: r.total }).toEqual({ q, ids: idsOf(w, within(expected, subset)), total: within(expected, subset).length })
    }

    expect(sortIds(await exportContacts(access, parseContactQuery({})))).toEqual(idsOf(w, expected))
    expect(sortIds(await exportContacts(access, parseContactQuery({ q: 'blue' })))).toEqual(idsOf(w, within(expected, BLUE)))

    const direct: Key[] = []
    for (const k of ALL) if ((await getContact(access, w.c[k].id)) !== null) direct.push(k)
    expect(direct).toEqual(expected)
    for (const f of w.foreign) expect(await getContact(access, f.id)).toBeNull()
  })

  it.each(VISIBLE)('%s: matchingScope agrees with the list for every contact', async (_name, keys) => {
    const access = asAccess(await grant(w.me, keys))
    const listed = new Set((await list(access)).rows.map((r) => r.id))
    const records = await db().contact.findMany({
      where: { tenantId: w.ws.tenant.id },
      select: { id: true, name: true, ownerId: true, teamId: true, owner: { select: { teams: { select: { teamId: true } } } } },
    })
    expect(records).toHaveLength(ALL.length)
    for (const c of records) {
      const record = { ownerId: c.ownerId, teamId: c.teamId, ownerTeamIds: c.owner?.teams.map((t) => t.teamId) ?? [] }
      expect({ contact: c.name, inMemory: matchingScope(access, 'contacts.view', record) !== null }).toEqual({ contact: c.name, inMemory: listed.has(c.id) })
    }
  })

  it('search takes % and _ literally, not as LIKE wildcards', async () => {
    const access = asAccess(await grant(w.me, ['contacts.view.all_assigned', 'contacts.view.unassigned']))
    const found = { percent: sortIds((await list(access, { q: '%' })).rows), underscore: sortIds((await list(access, { q: 'Acme_Mine' })).rows) }
    expect(found).toEqual({ percent: [], underscore: [] })
  })

  it('admins and owners see every contact of the workspace whatever their CRM flag', async () => {
    for (const role of ['ADMIN', 'OWNER'] as const) {
      const access = await accessFor(await w.ws.add({ role, crmAccess: false }))
      const r = await list(access)
      expect({ role, ids: sortIds(r.rows), total: r.total }).toEqual({ role, ids: idsOf(w, ALL), total: ALL.length })
      expect(sortIds(await exportContacts(access, parseContactQuery({})))).toEqual(idsOf(w, ALL))
    }
  })
})

// Each scoped write: `me` sees the team scope and holds the action's own scope only.
const WRITES = [
  {
    name: 'updateContact',
    action: updateContact,
    perm: 'contacts.edit.own',
    input: (_w: World, id: string) => ({ contactId: id, name: 'Acme Changed', email: '' }),
  },
  {
    name: 'assignContact',
    action: assignContact,
    perm: 'contacts.assign.own',
    input: (w: World, id: string) => ({ contactId: id, ownerId: w.teammate.id, teamId: w.t1.id }),
  },
  { name: 'deleteContact', action: deleteContact, perm: 'contacts.delete.own', input: (_w: World, id: string) => ({ contactId: id }) },
] as const

describe('writes are re-checked against the contact', () => {
  it.each(WRITES)('$name: forbidden on a visible contact outside the scope, not found outside view, ok on its own', async ({ action, perm, input, name }) => {
    const w = await world()
    const state = await grant(w.me, ['contacts.view.team', perm])
    const before = await snapshot(w)
    expect(failure(await action.run(state, input(w, w.c.mate.id))).code).toBe('forbidden')
    expect(failure(await action.run(state, input(w, w.c.t1.id))).code).toBe('forbidden')
    expect(failure(await action.run(state, input(w, w.c.strT2.id))).code).toBe('not_found')
    expect(failure(await action.run(state, input(w, w.c.none.id))).code).toBe('not_found')
    expect(failure(await action.run(state, input(w, w.foreign[0].id))).code).toBe('not_found')
    expect(await snapshot(w)).toEqual(before)
    expect(await events(w.ws.tenant.id)).toEqual([])

    success(await action.run(state, input(w, w.c.mine.id), '203.0.113.7'))
    const after = await db().contact.findUnique({ where: { id: w.c.mine.id }, select: { name: true, email: true, ownerId: true, teamId: true } })
    const mineBefore = { name: 'Acme Mine Blue', email: null, owner: label(w.me), team: null }
    const expected = {
      updateContact: {
        row: { name: 'Acme Changed', email: null, ownerId: w.me.id, teamId: null },
        action: 'contact.update',
        after: { ...mineBefore, name: 'Acme Changed' },
      },
      assignContact: {
        row: { name: 'Acme Mine Blue', email: null, ownerId: w.teammate.id, teamId: w.t1.id },
        action: 'contact.assign',
        after: { ...mineBefore, owner: label(w.teammate), team: 'T1' },
      },
      deleteContact: { row: null, action: 'contact.delete', after: null },
    }[name]
    expect(after).toEqual(expected.row)
    expect((await snapshot(w)).filter((_, i) => ALL[i] !== 'mine')).toEqual(before.filter((_, i) => ALL[i] !== 'mine'))
    const log = await events(w.ws.tenant.id)
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      action: expected.action,
      targetType: 'contact',
      targetId: w.c.mine.id,
      actorId: w.me.userId,
      actorEmail: w.me.email,
      ip: '203.0.113.7',
      before: mineBefore,
      after: expected.after,
    })
  })

  it('a wider write scope reaches further, but never past what the member sees', async () => {
    const w = await world()
    const team = await grant(w.me, ['contacts.view.team', 'contacts.edit.team'])
    expect((await getContact(asAccess(team), w.c.mate.id))?.can).toEqual({ edit: true, assign: false, delete: false })
    success(await updateContact.run(team, { contactId: w.c.mate.id, name: 'Acme Mate Edited' }))
    expect(failure(await updateContact.run(team, { contactId: w.c.strT2.id, name: 'X' })).code).toBe('not_found')
    const wide = await grant(w.me, ['contacts.view.all_assigned', 'contacts.edit.team'])
    expect((await getContact(asAccess(wide), w.c.strT2.id))?.can.edit).toBe(false)
    expect(failure(await updateContact.run(wide, { contactId: w.c.strT2.id, name: 'X' })).code).toBe('forbidden')
    expect((await db().contact.findUniqueOrThrow({ where: { id: w.c.strT2.id } })).name).toBe('Acme Stray')
    expect((await db().contact.findUniqueOrThrow({ where: { id: w.c.mate.id } })).name).toBe('Acme Mate Edited')
  })

  it('assigning to an owner or a team of another workspace is refused on that field', async () => {
    const w = await world()
    const state = await grant(w.me, ['contacts.view.all_assigned', 'contacts.view.unassigned', 'contacts.assign.all_assigned', 'contacts.assign.unassigned'])
    const before = await snapshot(w)
    const badOwner = failure(await assignContact.run(state, { contactId: w.c.mine.id, ownerId: w.foreignMember.id, teamId: null }))
    expect([badOwner.code, Object.keys(badOwner.fieldErrors ?? {})]).toEqual(['invalid', ['ownerId']])
    const badTeam = failure(await assignContact.run(state, { contactId: w.c.none.id, ownerId: w.me.id, teamId: w.foreignTeam.id }))
    expect([badTeam.code, Object.keys(badTeam.fieldErrors ?? {})]).toEqual(['invalid', ['teamId']])
    expect(failure(await assignContact.run(state, { contactId: w.foreign[1].id, ownerId: w.me.id, teamId: null })).code).toBe('not_found')
    expect(await snapshot(w)).toEqual(before)
    expect(await db().contact.findUniqueOrThrow({ where: { id: w.foreign[1].id }, select: { ownerId: true } })).toEqual({ ownerId: w.foreignMember.id })
    expect(await events(w.ws.tenant.id)).toEqual([])
  })
})

describe('createContact', () => {
  it('without “Assign contacts” a member creates contacts for themselves only', async () => {
    const w = await world()
    const state = await grant(w.me, ['contacts.view.own', 'contacts.create'])
    const r = success(await createContact.run(state, { name: 'Acme New', email: 'NEW@acme.test' }))
    const created = await db().contact.findUniqueOrThrow({ where: { id: r.data!.id } })
    expect(created).toMatchObject({ tenantId: w.ws.tenant.id, name: 'Acme New', email: 'new@acme.test', ownerId: w.me.id, teamId: null, createdById: w.me.id })
    const log = await events(w.ws.tenant.id)
    expect(log.map((e) => [e.action, e.targetId, e.before, e.after])).toEqual([
      ['contact.create', created.id, null, { name: 'Acme New', email: 'new@acme.test', owner: label(w.me), team: null }],
    ])

    const count = await db().contact.count({ where: { tenantId: w.ws.tenant.id } })
    for (const input of [{ ownerId: w.teammate.id }, { teamId: w.t1.id }, { ownerId: w.me.id, teamId: w.t1.id }]) {
      expect(failure(await createContact.run(state, { name: 'Acme Sneaky', ...input })).code).toBe('forbidden')
    }
    expect(await db().contact.count({ where: { tenantId: w.ws.tenant.id } })).toBe(count)
    expect(await events(w.ws.tenant.id)).toHaveLength(1)
  })

  it('with “Assign contacts” the owner and team are chosen within the workspace; without contacts.create nothing', async () => {
    const w = await world()
    const state = await grant(w.me, ['contacts.view.team', 'contacts.create', 'contacts.assign.own'])
    const r = success(await createContact.run(state, { name: 'Acme For Mate', ownerId: w.teammate.id, teamId: w.t1.id }))
    expect(await db().contact.findUniqueOrThrow({ where: { id: r.data!.id }, select: { ownerId: true, teamId: true } })).toEqual({
      ownerId: w.teammate.id,
      teamId: w.t1.id,
    })
    const count = await db().contact.count()
    expect(Object.keys(failure(await createContact.run(state, { name: 'Acme X', ownerId: w.foreignMember.id })).fieldErrors ?? {})).toEqual(['ownerId'])
    expect(Object.keys(failure(await createContact.run(state, { name: 'Acme X', teamId: w.foreignTeam.id })).fieldErrors ?? {})).toEqual(['teamId'])
    expect(failure(await createContact.run(await grant(w.me, ['contacts.view.all_assigned']), { name: 'Acme X' })).code).toBe('forbidden')
    expect(await db().contact.count()).toBe(count)
  })
})

describe('CRM access', () => {
  it('off: a member’s contacts grants count for nothing, every action is forbidden and lists are empty', async () => {
    const w = await world()
    const keys = ['view', 'edit', 'assign', 'delete']
      .flatMap((a) => [`contacts.${a}.all_assigned`, `contacts.${a}.unassigned`])
      .concat('contacts.create', 'contacts.export')
    const state = await grant(w.me, keys, false)
    const access = asAccess(state)
    expect(access.keys().filter((k) => k.startsWith('contacts.'))).toEqual([])
    expect(access.keys()).toEqual([]) // nothing else was granted either
    const before = await snapshot(w)
    const attempts: [{ run(s: AccessState, i: unknown): Promise<ActionResult<unknown>> }, unknown][] = [
      [createContact, { name: 'Acme X' }],
      [updateContact, { contactId: w.c.none.id, name: 'X' }],
      [assignContact, { contactId: w.c.none.id, ownerId: w.me.id, teamId: null }],
      [deleteContact, { contactId: w.c.mine.id }],
    ]
    for (const [action, input] of attempts) expect(failure(await action.run(state, input)).code).toBe('forbidden')
    expect(await list(access)).toEqual({ rows: [], total: 0, page: 1, cursors: { prev: null, next: null } })
    expect(await exportContacts(access, parseContactQuery({}))).toEqual([])
    for (const k of ALL) expect(await getContact(access, w.c[k].id)).toBeNull()
    expect(await snapshot(w)).toEqual(before)
    expect(await events(w.ws.tenant.id)).toEqual([])

    // Switched on, the same grants work on the next request.
    expect(sortIds((await list(asAccess(await grant(w.me, keys, true)))).rows)).toEqual(idsOf(w, ALL))
  })
})

describe('team membership drives the team scope', () => {
  it('moving me from T1 to T2 changes what I see on my next request', async () => {
    const w = await world()
    const owner = await accessOf(w.owner)
    const view = async () => sortIds((await list(asAccess(await accessOf(w.me)))).rows)
    await grant(w.me, ['contacts.view.team'])
    expect(await view()).toEqual(idsOf(w, ['mine', 'mate', 'strT1', 't1']))
    success(await setTeamMembers.run(owner, { teamId: w.t1.id, remove: [w.me.id] }))
    expect(await view()).toEqual(idsOf(w, ['mine'])) // no team: own only
    success(await setTeamMembers.run(owner, { teamId: w.t2.id, add: [w.me.id] }))
    // T2: its contacts, and the stranger's (a teammate now) wherever their team is.
    expect(await view()).toEqual(idsOf(w, ['mine', 'strT1', 'strT2', 't2']))
  })
})
