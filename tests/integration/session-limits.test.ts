import { encode } from 'next-auth/jwt'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { setMemberStatus } from '@/app/(app)/settings/users/actions'
import { claimsOf } from '@/lib/auth/session'
import { accessFor, type AccessState } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { SEEN_EVERY_MINUTES, startSession } from '@/lib/db/sessions'
import { createWorkspace, failure } from '../support/fixtures'

// The workspace's session lifetime and idle timeout (Security settings), enforced by the access
// load of every request: a session older than the lifetime, or unused (lastSeenAt) for longer
// than the idle timeout, is refused on its next request and ended, so it stays refused in every
// workspace. Time is moved by setting the session's timestamps in the database; nothing sleeps.

const SECRET = 'session-limits-test-secret-0123456789abcdef'
beforeAll(() => {
  vi.stubEnv('NEXTAUTH_SECRET', SECRET)
  vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000')
})
afterAll(() => {
  vi.unstubAllEnvs()
})

const MINUTE = 60_000
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE)

async function request(claims: { uid: string; tid: string; sv: number; sid: string }): Promise<AccessState> {
  const cookie = await encode({ token: { ...claims }, secret: SECRET })
  return accessFor(await claimsOf({ 'next-auth.session-token': cookie }))
}

async function setup(limits: { sessionMaxAgeMinutes?: number | null; sessionIdleMinutes?: number | null }) {
  const ws = await createWorkspace()
  await db().tenant.update({ where: { id: ws.tenant.id }, data: limits })
  const m = await ws.add({ role: 'ADMIN' })
  const sid = await startSession(m.userId, '10.0.0.1', 'test')
  const claims = { uid: m.userId, tid: ws.tenant.id, sv: 0, sid }
  /** Moves the session's start and last use into the past. */
  const age = (times: { createdAt?: Date; lastSeenAt?: Date }) => db().session.update({ where: { id: sid }, data: times })
  const session = () => db().session.findUniqueOrThrow({ where: { id: sid } })
  return { ws, m, sid, claims, age, session }
}

describe('the idle timeout', () => {
  it('a session unused for longer is refused and ended; one used within it goes on and is marked as used', async () => {
    const idle = await setup({ sessionIdleMinutes: 30 })
    await idle.age({ lastSeenAt: ago(31) })
    expect(await request(idle.claims)).toEqual({ status: 'anonymous' })
    expect((await idle.session()).endedAt).not.toBeNull()
    // Ended: used again within the limit, it stays refused.
    await idle.age({ lastSeenAt: ago(1) })
    expect(await request(idle.claims)).toEqual({ status: 'anonymous' })

    const fresh = await setup({ sessionIdleMinutes: 30 })
    await fresh.age({ lastSeenAt: ago(29) })
    expect((await request(fresh.claims)).status).toBe('ok')
    const s = await fresh.session()
    expect(s.endedAt).toBeNull()
    // The use was recorded (it was last seen over SEEN_EVERY_MINUTES ago), so the clock starts again.
    expect(s.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - SEEN_EVERY_MINUTES * MINUTE)
  })

  it('without an idle timeout, a session unused for weeks still works (within its lifetime)', async () => {
    const { claims, age } = await setup({ sessionIdleMinutes: null })
    await age({ createdAt: ago(20 * 24 * 60), lastSeenAt: ago(20 * 24 * 60) })
    expect((await request(claims)).status).toBe('ok')
  })
})

describe('the session lifetime', () => {
  it('a session older than the lifetime is refused and ended, however recently it was used', async () => {
    const old = await setup({ sessionMaxAgeMinutes: 60 })
    await old.age({ createdAt: ago(61), lastSeenAt: ago(0) })
    expect(await request(old.claims)).toEqual({ status: 'anonymous' })
    expect((await old.session()).endedAt).not.toBeNull()

    const young = await setup({ sessionMaxAgeMinutes: 60 })
    await young.age({ createdAt: ago(59) })
    expect((await request(young.claims)).status).toBe('ok')
    expect((await young.session()).endedAt).toBeNull()
  })

  it('without a lifetime set, the default is 30 days', async () => {
    const { claims, age, session } = await setup({ sessionMaxAgeMinutes: null })
    await age({ createdAt: ago(30 * 24 * 60 - 5) })
    expect((await request(claims)).status).toBe('ok')
    await age({ createdAt: ago(30 * 24 * 60 + 1) })
    expect(await request(claims)).toEqual({ status: 'anonymous' })
    expect((await session()).endedAt).not.toBeNull()
  })

  it('a shorter lifetime saved later applies to sessions already open', async () => {
    const { ws, claims, age } = await setup({ sessionMaxAgeMinutes: null })
    await age({ createdAt: ago(120) })
    expect((await request(claims)).status).toBe('ok')
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { sessionMaxAgeMinutes: 60 } })
    expect(await request(claims)).toEqual({ status: 'anonymous' })
  })
})

describe('limits are the workspace’s', () => {
  it('the session works in a workspace without limits until the strict one ends it; then it is refused everywhere', async () => {
    const strict = await setup({ sessionIdleMinutes: 15 })
    const relaxed = await createWorkspace()
    await relaxed.add({ email: strict.m.email, role: 'ADMIN' })
    await strict.age({ lastSeenAt: ago(20) })
    const elsewhere = { ...strict.claims, tid: relaxed.tenant.id }
    expect((await request(elsewhere)).status).toBe('ok')
    // That request recorded the use: the strict workspace's idle clock restarted too.
    expect((await request(strict.claims)).status).toBe('ok')
    await strict.age({ lastSeenAt: ago(16) })
    expect(await request(strict.claims)).toEqual({ status: 'anonymous' })
    expect(await request(elsewhere)).toEqual({ status: 'anonymous' })
  })

  it('an action from a session past its limits is refused as signed out, and changes nothing', async () => {
    const { ws, claims, age } = await setup({ sessionIdleMinutes: 60 })
    const target = await ws.add()
    await age({ lastSeenAt: ago(61) })
    const state = await request(claims)
    expect(failure(await setMemberStatus.run(state, { memberIds: [target.id], status: 'SUSPENDED' })).code).toBe('unauthenticated')
    expect((await db().membership.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('ACTIVE')
  })
})
