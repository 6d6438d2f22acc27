import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { revokeApiKey } from '@/app/(app)/settings/api-keys/actions'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { POST as authorize } from '@/app/api/v1/authorize/route'
import { defineApiRoute, MAX_BODY_BYTES } from '@/lib/api/define-route'
import { hashApiKeySecret } from '@/lib/auth/api-key-secret'
import { db } from '@/lib/db/client'
import { listAudit } from '@/lib/db/audit'
import { auditQuerySchema } from '@/lib/validation/audit'
import { apiRequest, expectProblem, makeKey } from '../support/api'
import { accessOf, auditEvents, createWorkspace, success } from '../support/fixtures'

// The API's gate (lib/authz/api-gate.ts) through the real route handler of POST /api/v1/authorize
// and routes made here with defineApiRoute: who is let in (a key that works, holding the
// permission, within its creator's access and the plan), the problem details of every refusal,
// the rate limit and its headers, and a key acting as a principal of its own in the audit log.

afterEach(() => {
  vi.unstubAllEnvs()
})

async function setup(plan = 'business') {
  const ws = await createWorkspace({ plan })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  return { ws, owner, ownerState: await accessOf(owner) }
}
const check = (member: string) => ({ checks: [{ member, permission: 'users.view' }] })
const ask = (secret: string | null, body: unknown = check('nobody@example.test')) => authorize(apiRequest('/api/v1/authorize', { secret, body }))

describe('who gets in', () => {
  it('no key: 401 missing_key with a Bearer challenge; nothing else is read', async () => {
    const res = await ask(null)
    await expectProblem(res, 401, 'missing_key')
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="teamgate"')
    const empty = await authorize(apiRequest('/api/v1/authorize', { body: check('x'), headers: { authorization: '  ' } }))
    await expectProblem(empty, 401, 'missing_key')
  })

  it('a malformed, unknown or non-bearer key: 401 invalid_key (invalid_token)', async () => {
    const { ownerState } = await setup()
    const { secret } = await makeKey(ownerState, ['users.view'])
    const tampered = secret.slice(0, -2) + (secret.endsWith('AA') ? 'BB' : 'AA')
    for (const header of ['Bearer nonsense', `Bearer ${tampered}`, `Basic ${secret}`, secret, `Bearer ${secret} extra`, `NotBearer ${secret}`, `Bearer`]) {
      const res = await authorize(apiRequest('/api/v1/authorize', { body: check('x'), headers: { authorization: header } }))
      await expectProblem(res, 401, 'invalid_key')
      expect(res.headers.get('www-authenticate'), header).toBe(
        'Bearer realm="teamgate", error="invalid_token", error_description="This is not a valid API key."',
      )
    }
    // The scheme is case-insensitive (RFC 9110), and spaces around the key do not matter.
    for (const header of [`bearer ${secret}`, `Bearer   ${secret}`, `Bearer ${secret}  `])
      expect((await authorize(apiRequest('/api/v1/authorize', { body: check('x'), headers: { authorization: header } }))).status, header).toBe(200)
  })

  it('a key holding the permission: 200, and its lastUsedAt is set, then refreshed only after a few minutes', async () => {
    const { ownerState } = await setup()
    const { id, secret } = await makeKey(ownerState, ['users.view'])
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull()
    const res = await ask(secret)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const first = (await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!
    expect(first).not.toBeNull()
    await ask(secret)
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first)
    const old = new Date(Date.now() - 6 * 60_000)
    await db().apiKey.update({ where: { id }, data: { lastUsedAt: old } })
    await ask(secret)
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!.getTime()).toBeGreaterThan(old.getTime())
  })

  it('a revoked key is refused on its next request; so is an expired one', async () => {
    const { ownerState } = await setup()
    const { id, secret } = await makeKey(ownerState, ['users.view'])
    expect((await ask(secret)).status).toBe(200)
    success(await revokeApiKey.run(ownerState, { keyId: id }))
    const revoked = await ask(secret)
    await expectProblem(revoked, 401, 'revoked_key')
    expect(revoked.headers.get('www-authenticate')).toContain('error="invalid_token"')

    const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const expiring = await makeKey(ownerState, ['users.view'], 'Expiring', day)
    expect((await ask(expiring.secret)).status).toBe(200)
    await db().apiKey.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    await expectProblem(await ask(expiring.secret), 401, 'expired_key')
  })

  it('lacking the permission: 403 naming it, with the rate-limit headers', async () => {
    const { ownerState } = await setup()
    const { secret } = await makeKey(ownerState, ['teams.view'])
    const res = await ask(secret)
    const body = await expectProblem(res, 403, 'forbidden')
    expect(body.detail).toBe('This API key does not hold the permission “View users” (users.view).')
    expect(res.headers.get('ratelimit-limit')).toBe('600')
  })
})

describe('a key never does more than its creator, now', () => {
  it('a permission the creator loses is gone from the key on its next request, and back when they get it back', async () => {
    const { ws, ownerState } = await setup()
    const maker = await ws.add({ permissions: ['users.view', 'api_keys.manage'] })
    const { secret } = await makeKey(await accessOf(maker), ['users.view'])
    expect((await ask(secret)).status).toBe(200)
    const form = (permissions: string[], version: number) => ({
      memberId: maker.id,
      version,
      baseRole: 'MEMBER',
      roleTemplateId: null,
      crmAccess: false,
      teamIds: [],
      permissions,
    })
    success(await updateMember.run(ownerState, form(['api_keys.view'], 1)))
    await expectProblem(await ask(secret), 403, 'forbidden')
    // The key's own set is unchanged: it is limited by its creator at each request.
    success(await updateMember.run(ownerState, form(['users.view', 'api_keys.manage'], 2)))
    expect((await ask(secret)).status).toBe(200)
  })

  it('a creator suspended, or deleted, takes every key of theirs down (401 creator_inactive)', async () => {
    const { ws } = await setup()
    const maker = await ws.add({ role: 'ADMIN' })
    const { secret } = await makeKey(await accessOf(maker), ['users.view'])
    await db().membership.update({ where: { id: maker.id }, data: { status: 'SUSPENDED' } })
    await expectProblem(await ask(secret), 401, 'creator_inactive')
    await db().membership.update({ where: { id: maker.id }, data: { status: 'ACTIVE' } })
    expect((await ask(secret)).status).toBe(200)
    await db().membership.delete({ where: { id: maker.id } })
    await expectProblem(await ask(secret), 401, 'creator_inactive')
  })

  it('a workspace requiring two-factor sign-in stops the keys of a creator who has not set it up (401), until they do', async () => {
    const { ws } = await setup()
    const maker = await ws.add({ role: 'ADMIN' })
    const { secret } = await makeKey(await accessOf(maker), ['users.view'])
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { requireTwoFactor: true } })
    const res = await ask(secret)
    await expectProblem(res, 401, 'creator_two_factor_required')
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"')
    await db().user.update({ where: { id: maker.userId }, data: { totpEnabledAt: new Date() } })
    expect((await ask(secret)).status).toBe(200)
  })

  it('within the plan: a permission of a module the plan switches off is not held (403)', async () => {
    const { ownerState, ws } = await setup('business')
    const route = defineApiRoute(
      {
        method: 'GET',
        path: '/api/v1/test-broadcasts',
        operationId: 't',
        summary: 't',
        description: 't',
        permission: 'broadcasts.view',
        response: z.object({}),
        audits: [],
      },
      async () => ({}),
    )
    const { secret } = await makeKey(ownerState, ['broadcasts.view'])
    expect((await route.handle(apiRequest('/api/v1/test-broadcasts', { secret }))).status).toBe(200)
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { planId: 'free' } })
    await expectProblem(await route.handle(apiRequest('/api/v1/test-broadcasts', { secret })), 403, 'forbidden')
  })
})

describe('the body', () => {
  it('invalid fields: 422 with every field error as a JSON pointer', async () => {
    const { ownerState } = await setup()
    const { secret } = await makeKey(ownerState, ['users.view'])
    const res = await ask(secret, {
      checks: [{ member: '', permission: 'no.such' }, { member: 'a@b.test', permission: 'users.view', record: { ownerId: 5 } }, { member: 'x' }],
      explain: 'yes',
      extra: 1,
    })
    const body = await expectProblem(res, 422, 'invalid_request')
    const pointers = body.errors!.map((e) => e.pointer).sort()
    expect(pointers).toEqual(['#', '#/checks/0/member', '#/checks/0/permission', '#/checks/1/record/ownerId', '#/checks/2/permission', '#/explain'].sort())
    expect(body.errors!.find((e) => e.pointer === '#/checks/0/permission')!.detail).toMatch(/Unknown permission/)
    expect(res.headers.get('ratelimit-remaining')).not.toBeNull()
    const many = await ask(secret, { checks: Array.from({ length: 101 }, () => ({ member: 'a@b.test', permission: 'users.view' })) })
    expect((await expectProblem(many, 422, 'invalid_request')).errors).toEqual([{ pointer: '#/checks', detail: 'At most 100 checks at a time.' }])
    await expectProblem(await ask(secret, { checks: [] }), 422, 'invalid_request')
  })

  it('the key is judged before the body: no key, a revoked key or a key without the permission is refused whatever the body', async () => {
    // authorize reads its body before the key's statement (its read rides in it): the order of
    // the answers must still be the gate's.
    const { ownerState } = await setup()
    const bad = { checks: [{ member: '', permission: 'no.such' }] }
    await expectProblem(await ask(null, bad), 401, 'missing_key')
    await expectProblem(await authorize(apiRequest('/api/v1/authorize', { secret: null, raw: '{"checks": [' })), 401, 'missing_key')
    const weak = await makeKey(ownerState, ['teams.view'])
    await expectProblem(await ask(weak.secret, bad), 403, 'forbidden')
    await expectProblem(await authorize(apiRequest('/api/v1/authorize', { secret: weak.secret, raw: '{"checks": [' })), 403, 'forbidden')
    const { id, secret } = await makeKey(ownerState, ['users.view'])
    success(await revokeApiKey.run(ownerState, { keyId: id }))
    await expectProblem(await ask(secret, bad), 401, 'revoked_key')
    await expectProblem(await ask(secret, check(ownerState.status === 'ok' ? ownerState.access.email : '')), 401, 'revoked_key')
  })

  it('not JSON: 400; not sent as JSON: 415; too large: 413', async () => {
    const { ownerState } = await setup()
    const { secret } = await makeKey(ownerState, ['users.view'])
    await expectProblem(await authorize(apiRequest('/api/v1/authorize', { secret, raw: '{"checks": [' })), 400, 'invalid_json')
    await expectProblem(
      await authorize(apiRequest('/api/v1/authorize', { secret, raw: JSON.stringify(check('x')), headers: { 'content-type': 'text/plain' } })),
      415,
      'unsupported_media_type',
    )
    await expectProblem(await authorize(apiRequest('/api/v1/authorize', { secret, raw: `"${'x'.repeat(MAX_BODY_BYTES)}"` })), 413, 'body_too_large')
    // A body sent without Content-Length that never ends: read up to the limit, not further.
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20))
      },
    })
    const streamed = new Request('http://localhost:3000/api/v1/authorize', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    } as RequestInit)
    await expectProblem(await authorize(streamed), 413, 'body_too_large')
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 4 * 64 * 1024)
    // A NUL in a string is a field error, not a server error.
    await expectProblem(await ask(secret, { checks: [{ member: 'a\u0000@b.test', permission: 'users.view' }] }), 422, 'invalid_request')
  })

  it('an unexpected error: 500 problem details, nothing of the error in the answer', async () => {
    const route = defineApiRoute(
      { method: 'GET', path: '/api/v1/test-crash', operationId: 't', summary: 't', description: 't', permission: 'public', response: z.object({}), audits: [] },
      async () => {
        throw new Error('the database password is hunter2')
      },
    )
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await route.handle(apiRequest('/api/v1/test-crash'))
    const body = await expectProblem(res, 500, 'internal_error')
    expect(JSON.stringify(body)).not.toContain('hunter2')
    vi.restoreAllMocks()
  })
})

describe('the rate limit, per key', () => {
  it('counts each request in the RateLimit headers, then answers 429 with Retry-After; another key is not affected', async () => {
    vi.stubEnv('API_RATE_LIMIT_PER_MINUTE', '3')
    const { ownerState } = await setup()
    const a = await makeKey(ownerState, ['users.view'], 'A')
    const b = await makeKey(ownerState, ['users.view'], 'B')
    for (const remaining of ['2', '1', '0']) {
      const res = await ask(a.secret)
      expect(res.status).toBe(200)
      expect(res.headers.get('ratelimit-limit')).toBe('3')
      expect(res.headers.get('ratelimit-remaining')).toBe(remaining)
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0)
      expect(Number(res.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60)
      expect(res.headers.get('ratelimit-policy')).toBe('3;w=60')
    }
    const limited = await ask(a.secret)
    await expectProblem(limited, 429, 'rate_limited')
    expect(limited.headers.get('ratelimit-remaining')).toBe('0')
    // Retry-After is when the window ends, in whole seconds (it began a moment ago).
    const retry = Number(limited.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(30)
    expect(retry).toBeLessThanOrEqual(60)
    expect((await ask(b.secret)).status).toBe(200)
  })

  it('API_RATE_LIMIT_PER_MINUTE: a positive whole number, else the default 600', async () => {
    const { ownerState } = await setup()
    const { secret } = await makeKey(ownerState, ['users.view'])
    for (const [value, limit] of [
      ['5', '5'],
      ['0', '600'],
      ['-3', '600'],
      ['2.5', '600'],
      ['many', '600'],
    ]) {
      vi.stubEnv('API_RATE_LIMIT_PER_MINUTE', value)
      expect((await ask(secret)).headers.get('ratelimit-limit'), value).toBe(limit)
    }
  })
})

describe('a key is a principal of its own in the audit log', () => {
  it('an event a route writes names the key as its actor: “API key <name>”, not the member who made it', async () => {
    const { ws, ownerState } = await setup()
    const route = defineApiRoute(
      {
        method: 'POST',
        path: '/api/v1/test-audit',
        operationId: 't',
        summary: 't',
        description: 't',
        permission: 'teams.view',
        body: z.object({ name: z.string() }),
        response: z.object({ ok: z.boolean() }),
        audits: ['team.create'],
      },
      async ({ name }, { audit }) => {
        audit({ action: 'team.create', targetType: 'team', summary: `Created team ${name}`, after: { name } })
        return { ok: true }
      },
    )
    const key = await makeKey(ownerState, ['teams.view'], 'Provisioning')
    const res = await route.handle(
      apiRequest('/api/v1/test-audit', { secret: key.secret, body: { name: 'Ops' }, headers: { 'x-forwarded-for': '198.51.100.4' } }),
    )
    expect(res.status).toBe(200)
    const [event] = await auditEvents(ws.tenant.id, 'team.create')
    expect(event).toMatchObject({ actorId: null, actorKeyId: key.id, actorEmail: 'API key Provisioning', ip: '198.51.100.4' })
    // The log lists it under that actor, and its filter finds it by the key's name.
    const page = await listAudit(ws.tenant.id, auditQuerySchema.parse({ actor: 'Provisioning' }))
    expect(page.rows.map((r) => r.actorEmail)).toEqual(['API key Provisioning'])
    // The secret never reaches the log.
    expect(JSON.stringify(await auditEvents(ws.tenant.id))).not.toContain(key.secret)
    expect(hashApiKeySecret(key.secret)).not.toBe(key.secret)
  })
})
