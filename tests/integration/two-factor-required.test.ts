import { encode } from 'next-auth/jwt'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { changePassword, updateProfile } from '@/app/(app)/profile/actions'
import { updateSecuritySettings } from '@/app/(app)/settings/security/actions'
import { setMemberStatus } from '@/app/(app)/settings/users/actions'
import { claimsOf } from '@/lib/auth/session'
import { accessFor, type AccessState } from '@/lib/authz/get-access'
import { pageOutcome, routeOutcome, TWO_FACTOR_SETUP_PATH } from '@/lib/authz/guards'
import { navigationFor } from '@/lib/authz/nav'
import { db } from '@/lib/db/client'
import { settingsVersion, getSecuritySettings } from '@/lib/db/security-settings'
import { startSession } from '@/lib/db/sessions'
import { auditCount, createWorkspace, failure, success } from '../support/fixtures'

// "Require two-factor sign-in for every member", through the request path: a session cookie as
// next-auth signs it, read as every request reads it (claimsOf), the access load's one query
// (accessFor), then the page gate, the route gate and an action's gate. A member without
// two-factor sign-in in a workspace that requires it is sent to set it up (pages), answered 403
// problem details (routes) or two_factor_required (actions), except where the gate opts out:
// their profile, its actions, the Security settings. Setting it up lets them through on the next
// request.

const SECRET = 'two-factor-gate-test-secret-0123456789abcdef'
beforeAll(() => {
  vi.stubEnv('NEXTAUTH_SECRET', SECRET)
  vi.stubEnv('NEXTAUTH_URL', 'http://localhost:3000')
})
afterAll(() => {
  vi.unstubAllEnvs()
})

type Claims = { uid: string; tid: string; sv: number; sid: string }
/** What a request with this member's session cookie gets. */
async function request(claims: Claims): Promise<AccessState> {
  const cookie = await encode({ token: { ...claims }, secret: SECRET })
  return accessFor(await claimsOf({ 'next-auth.session-token': cookie }))
}

async function setup({ require = true }: { require?: boolean } = {}) {
  const ws = await createWorkspace()
  await db().tenant.update({ where: { id: ws.tenant.id }, data: { requireTwoFactor: require } })
  const owner = await ws.add({ role: 'OWNER' })
  const member = await ws.add({ role: 'ADMIN' })
  const target = await ws.add()
  const signIn = async (m: { userId: string }) => ({ uid: m.userId, tid: ws.tenant.id, sv: 0, sid: await startSession(m.userId, '10.0.0.1', 'test') })
  return { ws, owner, member, target, signIn }
}

const enrol = (userId: string) => db().user.update({ where: { id: userId }, data: { totpEnabledAt: new Date() } })
const ok = (s: AccessState) => {
  if (s.status !== 'ok') throw new Error(`expected an active session, got ${s.status}`)
  return s
}

describe('a member without two-factor sign-in, in a workspace that requires it', () => {
  it('is marked by the access load, and sent to set it up by every page that does not opt out', async () => {
    const { member, signIn } = await setup()
    const state = ok(await request(await signIn(member)))
    expect(state.access.twoFactorPending).toBe(true)
    expect(pageOutcome(state, 'users.view', '/settings/users')).toEqual({ redirect: TWO_FACTOR_SETUP_PATH })
    expect(pageOutcome(state, null, '/')).toEqual({ redirect: TWO_FACTOR_SETUP_PATH })
    // Before the permission: a page they could not open anyway sends them to set it up too.
    expect(pageOutcome(state, 'billing.view', '/settings/billing')).toEqual({ redirect: TWO_FACTOR_SETUP_PATH })
    // Their profile, and the shell around it, open; a permission the page needs still counts.
    expect(pageOutcome(state, null, '/profile', { beforeTwoFactor: true })).toEqual({ access: state.access })
    expect(pageOutcome(state, 'billing.view', '/x', { beforeTwoFactor: true })).toEqual({ forbidden: true })
    // The menu offers nothing it would only be sent away from.
    expect(navigationFor(state.access)).toEqual([])
  })

  it('a route answers 403 problem details (not a redirect), unless it opts out', async () => {
    const { member, signIn } = await setup()
    const state = ok(await request(await signIn(member)))
    const res = routeOutcome(state, 'users.view')
    if (!(res instanceof Response)) throw new Error('expected a response')
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({
      type: 'tag:teamgate,2026:two-factor-required',
      title: 'Two-factor sign-in required',
      status: 403,
      detail: 'This workspace requires two-factor sign-in. Set it up on your profile first, then try again.',
      code: 'two_factor_required',
      setup: TWO_FACTOR_SETUP_PATH,
    })
    expect(routeOutcome(state, 'users.view', { beforeTwoFactor: true })).toBe(state.access)
    // No session at all is still 401, before anything else.
    expect((routeOutcome({ status: 'anonymous' }, 'users.view') as Response).status).toBe(401)
  })

  it('an action is refused with two_factor_required and changes nothing; the profile’s actions and the Security settings work', async () => {
    const { ws, member, target, signIn } = await setup()
    const state = ok(await request(await signIn(member)))
    const events = await auditCount(ws.tenant.id)
    const r = failure(await setMemberStatus.run(state, { memberIds: [target.id], status: 'SUSPENDED' }))
    expect(r).toEqual({
      ok: false,
      code: 'two_factor_required',
      message: 'This workspace requires two-factor sign-in. Set it up on your profile first, then try again.',
    })
    expect((await db().membership.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('ACTIVE')
    // Even a payload that would fail validation gets the same answer: the gate speaks first.
    expect(failure(await setMemberStatus.run(state, {})).code).toBe('two_factor_required')
    expect(await auditCount(ws.tenant.id)).toBe(events)

    success(await updateProfile.run(state, { name: 'Renamed Before Two-Factor' }))
    expect(
      failure(await changePassword.run(state, { currentPassword: 'wrong', newPassword: 'a new password 1', confirmPassword: 'a new password 1' })).code,
    ).toBe('invalid')
    // Whoever turned the requirement on can turn it off again before setting it up themselves.
    const settings = await getSecuritySettings(ws.tenant.id)
    success(
      await updateSecuritySettings.run(state, {
        version: settingsVersion(settings),
        requireTwoFactor: false,
        inviteDomains: '',
        sessionMaxAgeMinutes: null,
        sessionIdleMinutes: null,
      }),
    )
    // The next request is no longer held back.
    expect(ok(await request({ uid: member.userId, tid: ws.tenant.id, sv: 0, sid: state.sessionId! })).access.twoFactorPending).toBe(false)
  })

  it('once they set it up, the next request goes through', async () => {
    const { ws, member, target, signIn } = await setup()
    const claims = await signIn(member)
    expect(ok(await request(claims)).access.twoFactorPending).toBe(true)
    await enrol(member.userId)
    const state = ok(await request(claims))
    expect(state.access.twoFactorPending).toBe(false)
    expect(pageOutcome(state, 'users.view', '/settings/users')).toEqual({ access: state.access })
    expect(routeOutcome(state, 'users.view')).toBe(state.access)
    success(await setMemberStatus.run(state, { memberIds: [target.id], status: 'SUSPENDED' }))
    expect(await auditCount(ws.tenant.id)).toBeGreaterThan(0)
  })

  it('the requirement turned on while a change waits is held under the workspace lock: the change is refused', async () => {
    const { ws, member, target, signIn } = await setup({ require: false })
    const state = ok(await request(await signIn(member)))
    expect(state.access.twoFactorPending).toBe(false)
    // The request's access was read before the owner saved the setting; the change re-reads it under the lock.
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { requireTwoFactor: true } })
    expect(failure(await setMemberStatus.run(state, { memberIds: [target.id], status: 'SUSPENDED' })).code).toBe('two_factor_required')
    expect((await db().membership.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('ACTIVE')
  })
})

describe('where nothing is required', () => {
  it('a workspace that does not require it holds nobody back; the requirement is the workspace’s, not the user’s', async () => {
    const strict = await setup()
    const relaxed = await createWorkspace()
    // The same user, a member of both.
    await relaxed.add({ email: strict.member.email, role: 'ADMIN' })
    const sid = await startSession(strict.member.userId, null, 'test')
    const here = ok(await request({ uid: strict.member.userId, tid: relaxed.tenant.id, sv: 0, sid }))
    expect(here.access.twoFactorPending).toBe(false)
    expect(pageOutcome(here, 'users.view', '/settings/users')).toEqual({ access: here.access })
    expect(ok(await request({ uid: strict.member.userId, tid: strict.ws.tenant.id, sv: 0, sid })).access.twoFactorPending).toBe(true)
  })

  it('a member who has it in a workspace that requires it is not held back', async () => {
    const { owner, signIn } = await setup()
    await enrol(owner.userId)
    const state = ok(await request(await signIn(owner)))
    expect(state.access.twoFactorPending).toBe(false)
    expect(navigationFor(state.access).length).toBeGreaterThan(0)
  })
})
