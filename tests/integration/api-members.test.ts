import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { callApi, expectProblem, makeKey } from '../support/api'
import { accessFor, accessOf, auditEvents, createWorkspace, keepMailInOutbox } from '../support/fixtures'

// The members part of the REST API (lib/api/routes/members.ts) as a host product's backend uses
// it: the list's filters and cursors, a member and its ETag, changes through the app's actions
// (the same rules, audit events with the key as the actor, mail), If-Match, Idempotency-Key, and
// a key that cannot give more than its creator holds.

keepMailInOutbox()

async function setup() {
  const ws = await createWorkspace({ plan: 'business' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true, email: `owner@${ws.tag}.test` })
  const ownerState = await accessOf(owner)
  const key = (permissions: string[], name = 'Provisioning') => makeKey(ownerState, permissions, name)
  return { ws, owner, ownerState, key }
}

type Json = Record<string, unknown>
const json = async (res: Response) => (await res.json()) as Json

describe('GET /api/v1/members', () => {
  it('pages through every member once, in the table’s order, and filters as the table does', async () => {
    const { ws, key } = await setup()
    for (const [i, status] of (['ACTIVE', 'ACTIVE', 'INVITED', 'SUSPENDED', 'ACTIVE', 'INVITED'] as const).entries())
      await ws.add({ status, email: `m${i}@${ws.tag}.test` })
    const { secret } = await key(['users.view'])
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await callApi('GET', `/api/v1/members?limit=2&sort=email${cursor ? `&cursor=${cursor}` : ''}`, { secret })
      expect(res.status).toBe(200)
      const page = await json(res)
      expect(page.total).toBe(7)
      seen.push(...(page.data as { email: string }[]).map((m) => m.email))
      cursor = page.nextCursor as string | null
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(4)
    expect(seen).toEqual([...seen].sort())
    expect(new Set(seen).size).toBe(7)

    const invited = await json(await callApi('GET', '/api/v1/members?status=INVITED&sort=email&dir=desc', { secret }))
    expect((invited.data as { email: string }[]).map((m) => m.email)).toEqual([`m5@${ws.tag}.test`, `m2@${ws.tag}.test`])
    expect(invited).toMatchObject({ total: 2, nextCursor: null })
  })

  it('refuses a bad filter or a cursor of another list with 422 naming the parameter', async () => {
    const { ws, key } = await setup()
    await ws.add({})
    await ws.add({})
    const { secret } = await key(['users.view'])
    const bad = await expectProblem(await callApi('GET', '/api/v1/members?status=GONE', { secret }), 422, 'invalid_request')
    expect(bad.errors).toEqual([expect.objectContaining({ parameter: 'status' })])
    const unknown = await expectProblem(await callApi('GET', '/api/v1/members?colour=red', { secret }), 422, 'invalid_request')
    expect(unknown.errors?.[0].detail).toMatch(/colour/)
    const byEmail = await json(await callApi('GET', '/api/v1/members?limit=1&sort=email', { secret }))
    const wrong = await expectProblem(
      await callApi('GET', `/api/v1/members?limit=1&sort=lastLogin&cursor=${byEmail.nextCursor as string}`, { secret }),
      422,
      'invalid_request',
    )
    expect(wrong.errors).toEqual([expect.objectContaining({ parameter: 'cursor' })])
  })
})

describe('a member', () => {
  it('GET answers the member with their version as ETag; another workspace’s member is not found', async () => {
    const { ws, key } = await setup()
    const m = await ws.add({ permissions: ['users.view'] })
    const other = await (await createWorkspace()).add({})
    const { secret } = await key(['users.view'])
    const res = await callApi('GET', `/api/v1/members/${m.id}`, { secret })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body).toMatchObject({ id: m.id, email: m.email, status: 'ACTIVE', permissions: ['users.view'], version: 1 })
    expect(res.headers.get('etag')).toBe('"1"')
    await expectProblem(await callApi('GET', `/api/v1/members/${other.id}`, { secret }), 404, 'not_found')
    await expectProblem(await callApi('GET', '/api/v1/members/nobody', { secret }), 404, 'not_found')
  })

  it('PATCH changes only the fields sent, honours If-Match (412 on another version, nothing written), and audits the key as the actor', async () => {
    const { ws, key } = await setup()
    const team = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'North' } })
    const m = await ws.add({ permissions: ['users.view'] })
    // Changing teams also needs teams.edit, for the key as for a person.
    const { id: keyId, secret } = await key(['users.view', 'users.edit', 'teams.edit'], 'HR sync')
    const stale = await callApi('PATCH', `/api/v1/members/${m.id}`, { secret, body: { teamIds: [team.id] }, headers: { 'if-match': '"7"' } })
    await expectProblem(stale, 412, 'precondition_failed')
    expect(stale.headers.get('etag')).toBe('"1"')
    expect(await db().teamMember.count({ where: { membershipId: m.id } })).toBe(0)

    const res = await callApi('PATCH', `/api/v1/members/${m.id}`, { secret, body: { teamIds: [team.id] }, headers: { 'if-match': '"1"' } })
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body).toMatchObject({ teams: [{ id: team.id, name: 'North' }], permissions: ['users.view'], baseRole: 'MEMBER' })
    expect(res.headers.get('etag')).toBe(`"${body.version as number}"`)
    expect(body.version).toBeGreaterThan(1)
    const [event] = await auditEvents(ws.tenant.id, 'member.update')
    expect(event).toMatchObject({ actorId: null, actorKeyId: keyId, actorEmail: 'API key HR sync', targetId: m.id })

    await expectProblem(await callApi('PATCH', `/api/v1/members/${m.id}`, { secret, body: {}, headers: { 'if-match': 'soon' } }), 400, 'invalid_header')
    const invalid = await expectProblem(await callApi('PATCH', `/api/v1/members/${m.id}`, { secret, body: { baseRole: 'KING' } }), 422, 'invalid_request')
    expect(invalid.errors?.[0].pointer).toBe('#/baseRole')
  })

  it('a key gives nothing its creator does not hold, nor what the key itself lacks (403, nothing written)', async () => {
    const { ws, ownerState, key } = await setup()
    const m = await ws.add({})
    // The owner's key holds users.edit but not billing.manage: granting billing.manage is escalation for the key.
    const { secret } = await key(['users.view', 'users.edit'])
    const refused = await callApi('PATCH', `/api/v1/members/${m.id}`, { secret, body: { permissions: ['billing.manage'] } })
    const problem = await expectProblem(refused, 403, 'forbidden')
    expect(problem.detail).toMatch(/billing|Manage/i)
    // A member's key: the member holds users.edit and users.view, the key everything they hold; contacts.view is theirs to give neither.
    const maker = await ws.add({ permissions: ['users.view', 'users.edit', 'api_keys.manage'] })
    const makerKey = await makeKey(await accessOf(maker), ['users.view', 'users.edit'])
    await expectProblem(
      await callApi('PATCH', `/api/v1/members/${m.id}`, { secret: makerKey.secret, body: { permissions: ['contacts.view.own'] } }),
      403,
      'forbidden',
    )
    // Nor may it make anyone an admin, which only owners may.
    await expectProblem(await callApi('PATCH', `/api/v1/members/${m.id}`, { secret: makerKey.secret, body: { baseRole: 'ADMIN' } }), 403, 'forbidden')
    expect(await db().membershipPermission.count({ where: { membershipId: m.id } })).toBe(0)
    expect((await db().membership.findUniqueOrThrow({ where: { id: m.id } })).baseRole).toBe('MEMBER')
    expect(ownerState.status).toBe('ok')
  })

  it('GET …/access answers the keys every gate checks', async () => {
    const { ws, key } = await setup()
    const m = await ws.add({ permissions: ['users.view', 'contacts.view.own'], crmAccess: true })
    const { secret } = await key(['users.view'])
    const body = await json(await callApi('GET', `/api/v1/members/${m.id}/access`, { secret }))
    expect(body).toMatchObject({ memberId: m.id, status: 'ACTIVE', baseRole: 'MEMBER', crmAccess: true })
    expect(body.permissions).toEqual((await accessFor(m)).keys())
    expect(body.permissions).toContain('contacts.view.own')
  })
})

describe('invitations and status', () => {
  it('POST invites (201, Location, the mail, the audit event); an Idempotency-Key replays the answer and does nothing twice', async () => {
    const { ws, key } = await setup()
    const { secret, id: keyId } = await key(['users.view', 'users.invite'])
    const body = { email: `New.Person@${ws.tag}.test`, baseRole: 'MEMBER' }
    const headers = { 'idempotency-key': 'req-0001' }
    const first = await callApi('POST', '/api/v1/members', { secret, body, headers })
    expect(first.status).toBe(201)
    const made = await json(first)
    expect(made).toMatchObject({ email: `new.person@${ws.tag}.test`, status: 'INVITED', baseRole: 'MEMBER' })
    expect(first.headers.get('location')).toBe(`/api/v1/members/${made.id as string}`)
    expect(first.headers.get('idempotent-replayed')).toBeNull()

    const again = await callApi('POST', '/api/v1/members', { secret, body, headers })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await json(again)).toEqual(made)
    expect(await db().membership.count({ where: { tenantId: ws.tenant.id, email: `new.person@${ws.tag}.test` } })).toBe(1)
    expect(await db().outboxMail.count({ where: { to: `new.person@${ws.tag}.test` } })).toBe(1)
    const events = await auditEvents(ws.tenant.id, 'member.invite')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorKeyId: keyId, targetId: made.id })

    const reused = await callApi('POST', '/api/v1/members', { secret, body: { ...body, email: `other@${ws.tag}.test` }, headers })
    await expectProblem(reused, 422, 'idempotency_key_reused')
    expect(await db().membership.count({ where: { tenantId: ws.tenant.id, email: `other@${ws.tag}.test` } })).toBe(0)

    // Without a key each call is its own: the address is taken now.
    const twice = await callApi('POST', '/api/v1/members', { secret, body })
    expect([409, 422]).toContain(twice.status)
    const invalid = await expectProblem(await callApi('POST', '/api/v1/members', { secret, body: { email: 'not an address' } }), 422, 'invalid_request')
    expect(invalid.errors?.[0].pointer).toBe('#/email')
  })

  it('two requests with the same Idempotency-Key at once: one change, the same answer twice', async () => {
    const { ws, key } = await setup()
    const { secret } = await key(['users.view', 'users.invite'])
    const send = () => callApi('POST', '/api/v1/members', { secret, body: { email: `race@${ws.tag}.test` }, headers: { 'idempotency-key': 'race-1' } })
    const answers = await Promise.all([send(), send(), send()])
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201])
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2)
    const bodies = await Promise.all(answers.map(json))
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1)
    expect(await db().membership.count({ where: { tenantId: ws.tenant.id, email: `race@${ws.tag}.test` } })).toBe(1)
    expect(await auditEvents(ws.tenant.id, 'member.invite')).toHaveLength(1)
  })

  it('no seat left: 422 with the reason at the address, nobody invited', async () => {
    const ws = await createWorkspace({ plan: 'free' })
    const owner = await ws.add({ role: 'OWNER' })
    await ws.add({})
    await ws.add({})
    const { secret } = await makeKey(await accessOf(owner), ['users.view', 'users.invite'])
    const full = await expectProblem(await callApi('POST', '/api/v1/members', { secret, body: { email: `late@${ws.tag}.test` } }), 422, 'invalid_request')
    expect(full.errors).toEqual([{ pointer: '#/email', detail: expect.stringMatching(/No seat left/) }])
    expect(await db().membership.count({ where: { tenantId: ws.tenant.id } })).toBe(3)
  })

  it('suspend, reactivate, resend, revoke and delete go through the app’s rules', async () => {
    const { ws, owner, key } = await setup()
    const m = await ws.add({})
    const { secret } = await key(['users.view', 'users.edit_status', 'users.invite', 'users.delete'])
    expect(await json(await callApi('POST', `/api/v1/members/${m.id}/suspend`, { secret }))).toMatchObject({ status: 'SUSPENDED' })
    expect(await json(await callApi('POST', `/api/v1/members/${m.id}/reactivate`, { secret }))).toMatchObject({ status: 'ACTIVE' })
    // The key's creator cannot be suspended by their own key, nor can the last owner be deleted.
    await expectProblem(await callApi('POST', `/api/v1/members/${owner.id}/suspend`, { secret }), 403, 'forbidden')
    expect((await callApi('DELETE', `/api/v1/members/${owner.id}`, { secret })).status).toBeGreaterThanOrEqual(400)

    const invited = await ws.add({ status: 'INVITED' })
    expect((await callApi('POST', `/api/v1/members/${invited.id}/invitation/resend`, { secret })).status).toBe(200)
    expect(await db().outboxMail.count({ where: { to: invited.email } })).toBe(1)
    expect(await json(await callApi('DELETE', `/api/v1/members/${invited.id}/invitation`, { secret }))).toEqual({ id: invited.id, revoked: true })
    const joined = await expectProblem(await callApi('POST', `/api/v1/members/${m.id}/invitation/resend`, { secret }), 422, 'invalid_request')
    expect(joined.detail).toMatch(/already joined/)

    expect(await json(await callApi('DELETE', `/api/v1/members/${m.id}?reassignTo=unassigned`, { secret }))).toEqual({ id: m.id, deleted: true })
    await expectProblem(await callApi('GET', `/api/v1/members/${m.id}`, { secret }), 404, 'not_found')
    const kept = await ws.add({})
    await expectProblem(await callApi('DELETE', `/api/v1/members/${kept.id}?reassignTo=team`, { secret }), 422, 'invalid_request')
    expect(await db().membership.count({ where: { id: kept.id } })).toBe(1)
    expect((await auditEvents(ws.tenant.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['member.suspend', 'member.reactivate', 'member.invite_resend', 'member.invite_revoke', 'member.delete']),
    )
  })
})
