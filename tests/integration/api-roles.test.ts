import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { callApi, expectProblem, makeKey } from '../support/api'
import { accessOf, auditEvents, createWorkspace } from '../support/fixtures'

// Role templates in the REST API (lib/api/routes/roles.ts) as a host product's backend uses them:
// the list and its cursor, CRUD through the app's actions (the plan's limit, the no-escalation
// check, audit events with the key as the actor), ETag and If-Match, Idempotency-Key, the
// assignees, and what deleting a role in use asks for.

async function setup() {
  const ws = await createWorkspace({ plan: 'business' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const ownerState = await accessOf(owner)
  const key = (permissions: string[], name = 'Provisioning') => makeKey(ownerState, permissions, name)
  const role = (name: string, permissions: string[] = []) =>
    db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name, permissions: { create: permissions.map((k) => ({ key: k })) } } })
  return { ws, owner, key, role }
}

type Json = Record<string, unknown>
const json = async (res: Response) => (await res.json()) as Json
const ALL = ['roles.view', 'roles.create', 'roles.edit', 'roles.delete', 'roles.assign']

describe('GET /api/v1/roles', () => {
  it('pages through every role once, by name, and searches', async () => {
    const { key, role } = await setup()
    for (const name of ['Echo', 'alpha', 'Delta', 'Bravo', 'Charlie']) await role(name, ['contacts.view.own'])
    // Another workspace's roles are not in the list.
    await db().roleTemplate.create({ data: { tenantId: (await createWorkspace()).tenant.id, name: 'Foxtrot' } })
    const { secret } = await key(['roles.view'])
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page = await json(await callApi('GET', `/api/v1/roles?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { secret }))
      expect(page.total).toBe(5)
      seen.push(...(page.data as { name: string }[]).map((r) => r.name))
      cursor = page.nextCursor as string | null
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(3)
    expect(new Set(seen).size).toBe(5)
    const first = await json(await callApi('GET', '/api/v1/roles?limit=5', { secret }))
    expect((first.data as { name: string }[]).map((r) => r.name)).toEqual(seen)
    expect(first.nextCursor).toBeNull()
    expect((first.data as Json[])[0]).toMatchObject({ permissions: ['contacts.view.own'], assignees: 0, version: 1 })

    const found = await json(await callApi('GET', '/api/v1/roles?q=CHAR', { secret }))
    expect(found).toMatchObject({ total: 1, nextCursor: null, data: [{ name: 'Charlie' }] })
    const bad = await expectProblem(await callApi('GET', '/api/v1/roles?cursor=nonsense', { secret }), 422, 'invalid_request')
    expect(bad.errors).toEqual([expect.objectContaining({ parameter: 'cursor' })])
  })
})

describe('a role template', () => {
  it('POST creates it (201, Location, ETag, the audit event with the key as actor); an Idempotency-Key replays the answer', async () => {
    const { ws, key } = await setup()
    const { secret, id: keyId } = await key([...ALL, 'contacts.view.own'], 'HR sync')
    const body = { name: 'Support agent', description: 'Answers customers.', permissions: ['contacts.view.own'] }
    const headers = { 'idempotency-key': 'role-0001' }
    const first = await callApi('POST', '/api/v1/roles', { secret, body, headers })
    expect(first.status).toBe(201)
    const made = await json(first)
    expect(made).toMatchObject({ name: 'Support agent', description: 'Answers customers.', assignees: 0, version: 1 })
    expect(made.permissions).toContain('contacts.view.own')
    expect(first.headers.get('location')).toBe(`/api/v1/roles/${made.id as string}`)
    expect(first.headers.get('etag')).toBe('"1"')
    const [event] = await auditEvents(ws.tenant.id, 'role.create')
    expect(event).toMatchObject({ actorId: null, actorKeyId: keyId, actorEmail: 'API key HR sync', targetId: made.id })

    const again = await callApi('POST', '/api/v1/roles', { secret, body, headers })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await json(again)).toEqual(made)
    expect(await db().roleTemplate.count({ where: { tenantId: ws.tenant.id } })).toBe(1)
    expect(await auditEvents(ws.tenant.id, 'role.create')).toHaveLength(1)
    await expectProblem(await callApi('POST', '/api/v1/roles', { secret, body: { ...body, name: 'Other' }, headers }), 422, 'idempotency_key_reused')

    // Without a key each call is its own: the name is taken now.
    const clash = await expectProblem(await callApi('POST', '/api/v1/roles', { secret, body }), 409, 'conflict')
    expect(clash.errors).toEqual([{ pointer: '#/name', detail: expect.stringMatching(/already has this name/) }])
    const invalid = await expectProblem(await callApi('POST', '/api/v1/roles', { secret, body: { name: '', permissions: [] } }), 422, 'invalid_request')
    expect(invalid.errors?.[0].pointer).toBe('#/name')
    expect(await db().roleTemplate.count({ where: { tenantId: ws.tenant.id } })).toBe(1)
  })

  it('a key gives a role template no permission its creator lacks, nor one the key lacks (403, nothing written)', async () => {
    const { ws, key, role } = await setup()
    // A member who may manage roles and keys, but holds no billing permission.
    const maker = await ws.add({ crmAccess: true, permissions: ['roles.view', 'roles.create', 'roles.edit', 'api_keys.manage', 'contacts.view.own'] })
    const makerKey = await makeKey(await accessOf(maker), ['roles.view', 'roles.create', 'roles.edit', 'contacts.view.own'])
    const refused = await expectProblem(
      await callApi('POST', '/api/v1/roles', { secret: makerKey.secret, body: { name: 'Billing', permissions: ['billing.manage'] } }),
      403,
      'forbidden',
    )
    expect(refused.detail).toMatch(/billing/i)
    // The owner holds everything; their key only what it was given.
    const narrow = await key(['roles.view', 'roles.create', 'roles.edit'])
    await expectProblem(
      await callApi('POST', '/api/v1/roles', { secret: narrow.secret, body: { name: 'Viewers', permissions: ['users.view'] } }),
      403,
      'forbidden',
    )
    expect(await db().roleTemplate.count({ where: { tenantId: ws.tenant.id } })).toBe(0)

    const existing = await role('Agents', ['contacts.view.own'])
    await expectProblem(
      await callApi('PATCH', `/api/v1/roles/${existing.id}`, { secret: makerKey.secret, body: { permissions: ['contacts.view.own', 'billing.manage'] } }),
      403,
      'forbidden',
    )
    // What the role already grants it keeps, even where the key lacks it: a rename grants nothing.
    const renamed = await callApi('PATCH', `/api/v1/roles/${existing.id}`, { secret: narrow.secret, body: { name: 'Field agents' } })
    expect(await json(renamed)).toMatchObject({ name: 'Field agents', permissions: ['contacts.view.own'], version: 2 })
    const keys = await db().roleTemplatePermission.findMany({ where: { roleTemplateId: existing.id }, select: { key: true } })
    expect(keys.map((k) => k.key)).toEqual(['contacts.view.own'])
    expect(await auditEvents(ws.tenant.id, 'role.create')).toHaveLength(0)
  })

  it('GET sends the version as ETag; PATCH merges onto the role and honours If-Match (412, nothing written)', async () => {
    const { ws, key, role } = await setup()
    const r = await role('Agents', ['contacts.view.own'])
    const { secret, id: keyId } = await key(ALL)
    const got = await callApi('GET', `/api/v1/roles/${r.id}`, { secret })
    expect(got.headers.get('etag')).toBe('"1"')
    expect(await json(got)).toMatchObject({ id: r.id, name: 'Agents', description: '', permissions: ['contacts.view.own'], version: 1 })

    const stale = await callApi('PATCH', `/api/v1/roles/${r.id}`, { secret, body: { description: 'Late' }, headers: { 'if-match': '"4"' } })
    await expectProblem(stale, 412, 'precondition_failed')
    expect(stale.headers.get('etag')).toBe('"1"')
    expect(await db().roleTemplate.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ description: '', version: 1 })
    expect(await auditEvents(ws.tenant.id, 'role.update')).toHaveLength(0)

    const res = await callApi('PATCH', `/api/v1/roles/${r.id}`, { secret, body: { description: 'Answers customers.' }, headers: { 'if-match': '"1"' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toBe('"2"')
    expect(await json(res)).toMatchObject({ name: 'Agents', description: 'Answers customers.', permissions: ['contacts.view.own'], version: 2 })
    const [event] = await auditEvents(ws.tenant.id, 'role.update')
    expect(event).toMatchObject({ actorKeyId: keyId, targetId: r.id })
    // The ETag read before is stale now.
    await expectProblem(
      await callApi('PATCH', `/api/v1/roles/${r.id}`, { secret, body: { name: 'X' }, headers: { 'if-match': '"1"' } }),
      412,
      'precondition_failed',
    )
    const both = await callApi('PATCH', `/api/v1/roles/${r.id}`, { secret, body: { permissions: [] }, headers: { 'if-match': '"1", "2"' } })
    expect(await json(both)).toMatchObject({ permissions: [], description: 'Answers customers.', version: 3 })
    await expectProblem(await callApi('PATCH', `/api/v1/roles/${r.id}`, { secret, body: { bogus: 1 } }), 422, 'invalid_request')
  })

  it('another workspace’s role is not found, for every route', async () => {
    const { key } = await setup()
    const other = await createWorkspace()
    const theirs = await db().roleTemplate.create({ data: { tenantId: other.tenant.id, name: 'Theirs' } })
    const them = await other.add({})
    const { secret } = await key(ALL)
    for (const [method, path, body] of [
      ['GET', `/api/v1/roles/${theirs.id}`],
      ['PATCH', `/api/v1/roles/${theirs.id}`, { name: 'Mine' }],
      ['DELETE', `/api/v1/roles/${theirs.id}`],
      ['GET', `/api/v1/roles/${theirs.id}/assignees`],
      ['PATCH', `/api/v1/roles/${theirs.id}/assignees`, { add: [them.id] }],
    ] as const)
      await expectProblem(await callApi(method, path, { secret, body }), 404, 'not_found')
    expect(await db().roleTemplate.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: 'Theirs', version: 1 })
    expect(await db().membership.findUniqueOrThrow({ where: { id: them.id } })).toMatchObject({ roleTemplateId: null })
  })
})

describe('assignees', () => {
  it('PATCH adds and removes members as the dialog does (skipping whom the rules refuse, with the reason); GET pages through them', async () => {
    const { ws, key, role } = await setup()
    const r = await role('Agents')
    const members = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((p) => ws.add({ email: `${p}@${ws.tag}.test` })))
    const admin = await ws.add({ role: 'ADMIN' })
    const { secret, id: keyId } = await key(['roles.assign'])
    const added = await callApi('PATCH', `/api/v1/roles/${r.id}/assignees`, { secret, body: { add: [...members.map((m) => m.id), admin.id] } })
    expect(added.status).toBe(200)
    const body = await json(added)
    expect((body.changed as string[]).sort()).toEqual(members.map((m) => m.id).sort())
    expect(body.skipped).toEqual([{ id: admin.id, email: admin.email, reason: expect.any(String) }])
    expect(await db().membership.count({ where: { roleTemplateId: r.id } })).toBe(5)
    const events = await auditEvents(ws.tenant.id, 'member.template')
    expect(events).toHaveLength(5)
    expect(events.every((e) => e.actorKeyId === keyId)).toBe(true)

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = await json(await callApi('GET', `/api/v1/roles/${r.id}/assignees?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { secret }))
      expect(page.total).toBe(5)
      seen.push(...(page.data as { email: string }[]).map((m) => m.email))
      cursor = page.nextCursor as string | null
    } while (cursor && seen.length < 20)
    expect(seen).toEqual(members.map((m) => m.email))

    const removed = await json(await callApi('PATCH', `/api/v1/roles/${r.id}/assignees`, { secret, body: { remove: [members[0].id] } }))
    expect(removed).toEqual({ changed: [members[0].id], skipped: [] })
    // Nothing to change: refused with the reason, nothing written.
    const again = await expectProblem(
      await callApi('PATCH', `/api/v1/roles/${r.id}/assignees`, { secret, body: { remove: [members[0].id] } }),
      403,
      'forbidden',
    )
    expect(again.detail).toMatch(/Does not have this role template/)
    await expectProblem(await callApi('PATCH', `/api/v1/roles/${r.id}/assignees`, { secret, body: {} }), 422, 'invalid_request')
    expect(await auditEvents(ws.tenant.id, 'member.template')).toHaveLength(6)
  })

  it('an Idempotency-Key makes a retried PATCH answer what the first did', async () => {
    const { ws, key, role } = await setup()
    const r = await role('Agents')
    const m = await ws.add({})
    const { secret } = await key(['roles.assign'])
    const headers = { 'idempotency-key': 'assign-1' }
    const first = await json(await callApi('PATCH', `/api/v1/roles/${r.id}/assignees`, { secret, body: { add: [m.id] }, headers }))
    const retry = await callApi('PATCH', `/api/v1/roles/${r.id}/assignees`, { secret, body: { add: [m.id] }, headers })
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await json(retry)).toEqual(first)
    expect(await auditEvents(ws.tenant.id, 'member.template')).toHaveLength(1)
  })
})

describe('DELETE /api/v1/roles/{roleId}', () => {
  it('asks what its members get instead: a replacement, or losing it at the count read; a stale count is refused', async () => {
    const { ws, key, role } = await setup()
    const used = await role('Agents', ['contacts.view.own'])
    const replacement = await role('Field agents')
    const [m1, m2] = [await ws.add({ templateId: used.id }), await ws.add({ templateId: used.id })]
    const { secret } = await key(['roles.view', 'roles.delete', 'roles.assign'])

    const unasked = await expectProblem(await callApi('DELETE', `/api/v1/roles/${used.id}`, { secret }), 409, 'conflict')
    expect(unasked.detail).toMatch(/2 members use this role template/)
    await expectProblem(await callApi('DELETE', `/api/v1/roles/${used.id}?removeFromMembers=1`, { secret }), 409, 'conflict')
    await expectProblem(await callApi('DELETE', `/api/v1/roles/${used.id}?removeFromMembers=two`, { secret }), 422, 'invalid_request')
    expect(await db().roleTemplate.count({ where: { id: used.id } })).toBe(1)

    expect(await json(await callApi('DELETE', `/api/v1/roles/${used.id}?replacementId=${replacement.id}`, { secret }))).toEqual({
      id: used.id,
      deleted: true,
    })
    const moved = await db().membership.findMany({ where: { id: { in: [m1.id, m2.id] } }, select: { roleTemplateId: true } })
    expect(moved).toEqual([{ roleTemplateId: replacement.id }, { roleTemplateId: replacement.id }])
    await expectProblem(await callApi('GET', `/api/v1/roles/${used.id}`, { secret }), 404, 'not_found')

    expect((await callApi('DELETE', `/api/v1/roles/${replacement.id}?removeFromMembers=2`, { secret })).status).toBe(200)
    expect(await db().membership.count({ where: { id: { in: [m1.id, m2.id] }, roleTemplateId: null } })).toBe(2)
    expect((await auditEvents(ws.tenant.id, 'role.delete')).map((e) => e.targetId).sort()).toEqual([used.id, replacement.id].sort())
  })
})
