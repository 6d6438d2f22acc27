import { encode } from 'next-auth/jwt'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { setMemberStatus } from '@/app/(app)/settings/users/actions'
import { claimsOf } from '@/lib/auth/session'
import { accessFor } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { endSession, startSession } from '@/lib/db/sessions'
import { bumpSessionVersion } from '@/lib/db/users'
import { createWorkspace, failure, success } from '../support/fixtures'

// The request path without a browser: a session cookie as next-auth signs it (a JWT encrypted
// with the server secret), read the way every request reads it (claimsOf: next-auth's getToken),
// then getAccess's one query (accessFor), then an action's gate. One case per state a session
// can be in.

const SECRET = 'request-path-test-secret-0123456789abcdef'
const COOKIE = 'next-auth.session-token'
beforeAll(() => {
  vi.stubEnv('NEXTAUTH_SECRET', SECRET)
  vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000')
})
afterAll(() => {
  vi.unstubAllEnvs()
})

type Claims = { uid: string; tid: string | null; sv: number; sid: string | null }
const cookie = async (claims: Claims, opts: { secret?: string; maxAge?: number } = {}) => ({
  // As the jwt callback writes it (lib/auth/options.ts): no session id is no claim at all.
  [COOKIE]: await encode({
    token: { uid: claims.uid, tid: claims.tid, sv: claims.sv, ...(claims.sid && { sid: claims.sid }) },
    secret: opts.secret ?? SECRET,
    maxAge: opts.maxAge,
  }),
})
/** What a request with these cookies gets: its session's claims, then its access. */
const requestWith = async (cookies: Record<string, string>) => accessFor(await claimsOf(cookies))

async function signedIn(spec: Parameters<Awaited<ReturnType<typeof createWorkspace>>['add']>[0] = {}) {
  const ws = await createWorkspace()
  const m = await ws.add(spec)
  const sid = await startSession(m.userId, '10.0.0.1', 'test')
  return { ws, m, sid, claims: { uid: m.userId, tid: ws.tenant.id, sv: 0, sid } }
}

describe('a request’s access, from its session cookie', () => {
  it('a valid session: the member’s access, read from the database', async () => {
    const { m, claims } = await signedIn({ permissions: ['users.view'] })
    const state = await requestWith(await cookie(claims))
    expect(state.status).toBe('ok')
    if (state.status !== 'ok') return
    expect(state.access.membershipId).toBe(m.id)
    expect(state.access.keys()).toEqual(['users.view'])
  })

  it('suspended and invited members are inactive; a deleted membership grants nothing', async () => {
    const suspended = await signedIn({ status: 'SUSPENDED' })
    expect(await requestWith(await cookie(suspended.claims))).toEqual({ status: 'inactive', reason: 'SUSPENDED' })
    const invited = await signedIn({ status: 'INVITED' })
    expect(await requestWith(await cookie(invited.claims))).toEqual({ status: 'inactive', reason: 'INVITED' })
    const deleted = await signedIn()
    await db().membership.delete({ where: { id: deleted.m.id } })
    expect(await requestWith(await cookie(deleted.claims))).toEqual({ status: 'anonymous' })
  })

  it('a stale session version (password changed, signed out everywhere) and an ended session grant nothing', async () => {
    const a = await signedIn()
    await bumpSessionVersion(a.m.userId)
    expect(await requestWith(await cookie(a.claims))).toEqual({ status: 'anonymous' })
    expect((await requestWith(await cookie({ ...a.claims, sv: 1 }))).status).toBe('ok')
    const b = await signedIn()
    await endSession(b.sid)
    expect(await requestWith(await cookie(b.claims))).toEqual({ status: 'anonymous' })
    // A session of someone else, or none at all, is no session.
    const c = await signedIn()
    expect(await requestWith(await cookie({ ...b.claims, sid: c.sid }))).toEqual({ status: 'anonymous' })
    expect(await requestWith(await cookie({ ...c.claims, sid: null }))).toEqual({ status: 'anonymous' })
  })

  it('a workspace the user is not a member of grants nothing; no workspace chosen asks for one (if the session is open)', async () => {
    const { claims, sid } = await signedIn()
    const other = await createWorkspace()
    expect(await requestWith(await cookie({ ...claims, tid: other.tenant.id }))).toEqual({ status: 'anonymous' })
    expect(await requestWith(await cookie({ ...claims, tid: null }))).toEqual({ status: 'no-workspace', userId: claims.uid })
    await endSession(sid)
    expect(await requestWith(await cookie({ ...claims, tid: null }))).toEqual({ status: 'anonymous' })
  })

  it('a cookie tampered with, signed with another secret, expired, or absent is no session', async () => {
    const { claims } = await signedIn()
    const good = (await cookie(claims))[COOKIE]
    const tampered = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect(await claimsOf({ [COOKIE]: tampered })).toBeNull()
    expect(await claimsOf(await cookie(claims, { secret: 'another-secret-0123456789abcdef012345' }))).toBeNull()
    expect(await claimsOf(await cookie(claims, { maxAge: -60 }))).toBeNull()
    expect(await claimsOf({})).toBeNull()
    expect(await claimsOf({ 'some-other-cookie': good })).toBeNull()
    expect(await claimsOf({ [COOKIE]: good })).toEqual(claims)
    // Each of them reaches the access load as no session: anonymous, without a query.
    const noSession: Record<string, string>[] = [{}, { [COOKIE]: tampered }, { 'some-other-cookie': good }]
    for (const cookies of noSession) expect(await requestWith(cookies)).toEqual({ status: 'anonymous' })
  })
})

describe('an action through the request path', () => {
  it('the gate acts on the access the cookie gives: allowed while valid, refused once the session ends', async () => {
    const ws = await createWorkspace()
    const admin = await ws.add({ role: 'ADMIN' })
    const target = await ws.add()
    const sid = await startSession(admin.userId, null, 'test')
    const cookies = await cookie({ uid: admin.userId, tid: ws.tenant.id, sv: 0, sid })
    success(await setMemberStatus.run(await requestWith(cookies), { memberIds: [target.id], status: 'SUSPENDED' }))
    expect((await db().membership.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('SUSPENDED')
    await endSession(sid)
    expect(failure(await setMemberStatus.run(await requestWith(cookies), { memberIds: [target.id], status: 'ACTIVE' })).code).toBe('unauthenticated')
    expect((await db().membership.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('SUSPENDED')
  })
})
