import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { callApi, expectProblem, makeKey } from '../support/api'
import { accessOf, auditEvents, createWorkspace } from '../support/fixtures'

// Teams in the REST API (lib/api/routes/teams.ts): the list and its cursor, CRUD and membership
// through the Teams page's actions (audit events with the key as the actor), Idempotency-Key, and
// another workspace's teams and members out of reach.

async function setup() {
  const ws = await createWorkspace({ plan: 'business' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const key = async (permissions: string[], name = 'Directory sync') => makeKey(await accessOf(owner), permissions, name)
  const team = (name: string) => db().team.create({ data: { tenantId: ws.tenant.id, name } })
  return { ws, owner, key, team }
}

type Json = Record<string, unknown>
const json = async (res: Response) => (await res.json()) as Json
const ALL = ['teams.view', 'teams.create', 'teams.edit', 'teams.delete']

describe('teams', () => {
  it('GET pages through every team once, by name', async () => {
    const { key, team } = await setup()
    for (const name of ['North', 'east', 'South', 'West', 'Central']) await team(name)
    await db().team.create({ data: { tenantId: (await createWorkspace()).tenant.id, name: 'Elsewhere' } })
    const { secret } = await key(['teams.view'])
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = await json(await callApi('GET', `/api/v1/teams?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { secret }))
      expect(page.total).toBe(5)
      seen.push(...(page.data as { name: string }[]).map((t) => t.name))
      cursor = page.nextCursor as string | null
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(3)
    expect(new Set(seen)).toEqual(new Set(['North', 'east', 'South', 'West', 'Central']))
    const all = await json(await callApi('GET', '/api/v1/teams?limit=100', { secret }))
    expect((all.data as { name: string }[]).map((t) => t.name)).toEqual(seen)
    await expectProblem(await callApi('GET', '/api/v1/teams?cursor=WyJ4Il0', { secret }), 422, 'invalid_request')
  })

  it('POST, GET, PATCH and DELETE round-trip through the actions, audited with the key as the actor', async () => {
    const { ws, key } = await setup()
    const { secret, id: keyId } = await key(ALL)
    const headers = { 'idempotency-key': 'team-1' }
    const created = await callApi('POST', '/api/v1/teams', { secret, body: { name: 'North' }, headers })
    expect(created.status).toBe(201)
    const made = await json(created)
    expect(made).toMatchObject({ name: 'North', members: 0, contacts: 0 })
    expect(created.headers.get('location')).toBe(`/api/v1/teams/${made.id as string}`)
    const replay = await callApi('POST', '/api/v1/teams', { secret, body: { name: 'North' }, headers })
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await json(replay)).toEqual(made)
    expect(await db().team.count({ where: { tenantId: ws.tenant.id } })).toBe(1)

    expect(await json(await callApi('GET', `/api/v1/teams/${made.id as string}`, { secret }))).toEqual(made)
    await callApi('POST', '/api/v1/teams', { secret, body: { name: 'South' } })
    const clash = await expectProblem(await callApi('PATCH', `/api/v1/teams/${made.id as string}`, { secret, body: { name: 'South' } }), 409, 'conflict')
    expect(clash.errors).toEqual([{ pointer: '#/name', detail: expect.stringMatching(/already has this name/) }])
    const renamed = await callApi('PATCH', `/api/v1/teams/${made.id as string}`, { secret, body: { name: 'North-east' } })
    expect(await json(renamed)).toMatchObject({ id: made.id, name: 'North-east' })
    await expectProblem(await callApi('PATCH', `/api/v1/teams/${made.id as string}`, { secret, body: { name: ' ' } }), 422, 'invalid_request')

    expect(await json(await callApi('DELETE', `/api/v1/teams/${made.id as string}`, { secret }))).toEqual({ id: made.id, deleted: true })
    await expectProblem(await callApi('GET', `/api/v1/teams/${made.id as string}`, { secret }), 404, 'not_found')
    await expectProblem(await callApi('DELETE', `/api/v1/teams/${made.id as string}`, { secret }), 404, 'not_found')

    const events = (await auditEvents(ws.tenant.id)).filter((e) => e.targetId === made.id)
    expect(events.map((e) => e.action)).toEqual(['team.create', 'team.rename', 'team.delete'])
    expect(events.every((e) => e.actorKeyId === keyId && e.actorId === null && e.actorEmail === 'API key Directory sync')).toBe(true)
  })

  it('a key with only teams.view changes nothing', async () => {
    const { ws, key, team } = await setup()
    const t = await team('North')
    const { secret } = await key(['teams.view'])
    await expectProblem(await callApi('POST', '/api/v1/teams', { secret, body: { name: 'South' } }), 403, 'forbidden')
    await expectProblem(await callApi('PATCH', `/api/v1/teams/${t.id}`, { secret, body: { name: 'South' } }), 403, 'forbidden')
    await expectProblem(await callApi('DELETE', `/api/v1/teams/${t.id}`, { secret }), 403, 'forbidden')
    expect(await db().team.findMany({ where: { tenantId: ws.tenant.id }, select: { name: true } })).toEqual([{ name: 'North' }])
  })
})

describe('a team’s members', () => {
  it('PATCH adds and removes members in one change; GET pages through them by email', async () => {
    const { ws, key, team } = await setup()
    const t = await team('North')
    const members = await Promise.all(['d', 'a', 'c', 'b'].map((p) => ws.add({ email: `${p}@${ws.tag}.test` })))
    const { secret, id: keyId } = await key(['teams.view', 'teams.edit'])
    const res = await callApi('PATCH', `/api/v1/teams/${t.id}/members`, { secret, body: { add: members.map((m) => m.id) } })
    expect(await json(res)).toMatchObject({ id: t.id, members: 4 })

    const emails: string[] = []
    let cursor: string | null = null
    do {
      const page = await json(await callApi('GET', `/api/v1/teams/${t.id}/members?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { secret }))
      expect(page.total).toBe(4)
      emails.push(...(page.data as { email: string }[]).map((m) => m.email))
      cursor = page.nextCursor as string | null
    } while (cursor && emails.length < 20)
    expect(emails).toEqual(['a', 'b', 'c', 'd'].map((p) => `${p}@${ws.tag}.test`))

    const changed = await json(await callApi('PATCH', `/api/v1/teams/${t.id}/members`, { secret, body: { add: [members[0].id], remove: [members[1].id] } }))
    expect(changed).toMatchObject({ members: 3 })
    expect(await db().teamMember.count({ where: { teamId: t.id, membershipId: members[1].id } })).toBe(0)
    const events = await auditEvents(ws.tenant.id, 'team.members')
    expect(events).toHaveLength(2)
    expect(events[1]).toMatchObject({ actorKeyId: keyId, targetId: t.id, before: { removed: [members[1].email] }, after: { added: [] } })
  })

  it('another workspace’s team or member is not found, and nothing changes', async () => {
    const { ws, key, team } = await setup()
    const mine = await team('North')
    const m = await ws.add({})
    const other = await createWorkspace()
    const theirs = await db().team.create({ data: { tenantId: other.tenant.id, name: 'Theirs' } })
    const them = await other.add({})
    const { secret } = await key(ALL)
    await expectProblem(await callApi('GET', `/api/v1/teams/${theirs.id}`, { secret }), 404, 'not_found')
    await expectProblem(await callApi('GET', `/api/v1/teams/${theirs.id}/members`, { secret }), 404, 'not_found')
    await expectProblem(await callApi('PATCH', `/api/v1/teams/${theirs.id}`, { secret, body: { name: 'Mine' } }), 404, 'not_found')
    await expectProblem(await callApi('DELETE', `/api/v1/teams/${theirs.id}`, { secret }), 404, 'not_found')
    await expectProblem(await callApi('PATCH', `/api/v1/teams/${theirs.id}/members`, { secret, body: { add: [m.id] } }), 404, 'not_found')
    // One member of another workspace makes the whole change not found: the member of this one is not added either.
    await expectProblem(await callApi('PATCH', `/api/v1/teams/${mine.id}/members`, { secret, body: { add: [m.id, them.id] } }), 404, 'not_found')
    expect(await db().teamMember.count({ where: { teamId: { in: [mine.id, theirs.id] } } })).toBe(0)
    expect(await db().team.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: 'Theirs' })
  })
})
