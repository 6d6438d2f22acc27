import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import type { AccessState } from './get-access'
import { pageOutcome, refusalResult, routeOutcome, TWO_FACTOR_SETUP_PATH, twoFactorProblem } from './guards'
import { TWO_FACTOR_REQUIRED_MESSAGE } from './result'

// The gates' decisions from an access state alone (requirePage and requireRoute apply them to the
// request's; tests/integration/request-path.test.ts reaches them through real cookies).

const viewer = makeAccess({ directKeys: ['users.view'] })
const pending = makeAccess({ directKeys: ['users.view'], requireTwoFactor: true, twoFactorEnabled: false })
const ok = (access = viewer): AccessState => ({ status: 'ok', access })
const others: AccessState[] = [{ status: 'anonymous' }, { status: 'no-workspace', userId: 'u' }, { status: 'inactive', reason: 'SUSPENDED' }]

describe('pageOutcome', () => {
  it('sends the signed-out to sign in and back, with the path encoded', () => {
    expect(pageOutcome({ status: 'anonymous' }, 'users.view', '/settings/users?q=a b&x=1')).toEqual({
      redirect: '/login?next=%2Fsettings%2Fusers%3Fq%3Da%20b%26x%3D1',
    })
  })

  it('sends someone without a workspace to the picker, and the suspended or invited to sign-in with the reason', () => {
    expect(pageOutcome({ status: 'no-workspace', userId: 'u' }, null, '/')).toEqual({ redirect: '/select-workspace' })
    expect(pageOutcome({ status: 'inactive', reason: 'SUSPENDED' }, null, '/')).toEqual({ redirect: '/login?error=suspended' })
    expect(pageOutcome({ status: 'inactive', reason: 'INVITED' }, null, '/')).toEqual({ redirect: '/login?error=invited' })
  })

  it('sends a member who must set up two-factor there first, unless the page opts out', () => {
    expect(pageOutcome(ok(pending), 'users.view', '/')).toEqual({ redirect: TWO_FACTOR_SETUP_PATH })
    expect(pageOutcome(ok(pending), 'users.view', '/', { beforeTwoFactor: true })).toEqual({ access: pending })
  })

  it('the 403 page without the permission, the access with it', () => {
    expect(pageOutcome(ok(), 'audit.view', '/')).toEqual({ forbidden: true })
    expect(pageOutcome(ok(), 'users.view', '/')).toEqual({ access: viewer })
    expect(pageOutcome(ok(), null, '/')).toEqual({ access: viewer })
  })
})

describe('routeOutcome and twoFactorProblem', () => {
  const body = async (r: Response) => ({ status: r.status, cache: r.headers.get('Cache-Control'), type: r.headers.get('Content-Type'), json: await r.json() })

  it('401 for every state but an active session, never cached', async () => {
    for (const s of others) {
      const r = routeOutcome(s, null)
      expect(r).toBeInstanceOf(Response)
      expect(await body(r as Response)).toEqual({ status: 401, cache: 'no-store', type: 'application/json', json: { error: 'Sign in to continue.' } })
    }
  })

  it('403 without the permission; the access with it', async () => {
    expect(await body(routeOutcome(ok(), 'audit.view') as Response)).toEqual({
      status: 403,
      cache: 'no-store',
      type: 'application/json',
      json: { error: 'You do not have permission to do that.' },
    })
    expect(routeOutcome(ok(), 'users.view')).toBe(viewer)
  })

  it('403 problem details while two-factor is pending, unless the route opts out', async () => {
    const r = routeOutcome(ok(pending), 'users.view') as Response
    expect(await body(r)).toEqual({
      status: 403,
      cache: 'no-store',
      type: 'application/problem+json',
      json: {
        type: 'tag:teamgate,2026:two-factor-required',
        title: 'Two-factor sign-in required',
        status: 403,
        detail: TWO_FACTOR_REQUIRED_MESSAGE,
        code: 'two_factor_required',
        setup: TWO_FACTOR_SETUP_PATH,
      },
    })
    expect(await body(twoFactorProblem())).toEqual(await body(routeOutcome(ok(pending), null) as Response))
    expect(routeOutcome(ok(pending), 'users.view', { beforeTwoFactor: true })).toBe(pending)
  })
})

describe('refusalResult', () => {
  it('a refusal as a failed result: the message on its field, forbidden unless it says otherwise', () => {
    expect(refusalResult({ message: 'No.', field: 'email' })).toEqual({ ok: false, message: 'No.', fieldErrors: { email: ['No.'] }, code: 'forbidden' })
    expect(refusalResult({ message: 'No.' })).toEqual({ ok: false, message: 'No.', fieldErrors: undefined, code: 'forbidden' })
    expect(refusalResult({ message: 'Bad.', code: 'invalid' })).toEqual({ ok: false, message: 'Bad.', fieldErrors: undefined, code: 'invalid' })
  })
})
