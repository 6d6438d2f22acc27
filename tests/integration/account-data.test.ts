import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { createPasswordReset, findPasswordReset, PASSWORD_RESET_TTL_MS, redeemPasswordReset, resettableUser, workspacesOfUser } from '@/lib/db/password-resets'
import {
  endAllSessions,
  endSession,
  endOtherSessions,
  endOwnSession,
  listOpenSessions,
  openSessionSummary,
  SEEN_EVERY_MINUTES,
  SESSION_MAX_AGE_SECONDS,
  sessionOpen,
  startSession,
  touchSession,
} from '@/lib/db/sessions'
import {
  acceptStep,
  confirmEnrolment,
  redeemRecoveryCode,
  removeTwoFactor,
  replaceRecoveryCodes,
  startEnrolment,
  twoFactorState,
  workspacesRequiringTwoFactor,
} from '@/lib/db/two-factor'
import {
  accountSecurity,
  getProfile,
  isActiveMember,
  listActiveWorkspaces,
  markSignedIn,
  passwordHashOf,
  setUpAccount,
  updateUserName,
  userIdByEmail,
} from '@/lib/db/users'
import { createWorkspace } from '../support/fixtures'

// The data functions of a user's account, called directly: sessions, two-factor state, password
// reset links and the user's workspaces. Each test makes the other users' and workspaces' rows it
// must not touch itself.

const MINUTE = 60_000
const sessionRow = (id: string) => db().session.findUniqueOrThrow({ where: { id } })
const setSession = (id: string, data: { lastSeenAt?: Date; version?: number; endedAt?: Date }) => db().session.update({ where: { id }, data })

describe('sessions', () => {
  it('startSession: at the user’s current session version unless given one; the user agent cut to 300 characters; no such user is an error', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    await db().user.update({ where: { id: m.userId }, data: { sessionVersion: 4 } })
    const id = await startSession(m.userId, '203.0.113.9', 'x'.repeat(400))
    expect(await sessionRow(id)).toMatchObject({ userId: m.userId, version: 4, ip: '203.0.113.9', userAgent: 'x'.repeat(300), endedAt: null })
    expect((await sessionRow(await startSession(m.userId, null, 'ua', 2))).version).toBe(2)
    await expect(startSession('no-such-user', null, 'ua')).rejects.toThrow('startSession: no such user')
  })

  it('the open sessions: not ended, of the current version, used within a cookie’s life; last seen first', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const other = await ws.add()
    const [recent, older, ended, oldVersion, expired] = await Promise.all([1, 2, 3, 4, 5].map(() => startSession(m.userId, null, 'ua')))
    await startSession(other.userId, null, 'ua')
    const now = Date.now()
    await setSession(recent, { lastSeenAt: new Date(now - MINUTE) })
    await setSession(older, { lastSeenAt: new Date(now - 60 * MINUTE) })
    await setSession(ended, { endedAt: new Date() })
    await setSession(oldVersion, { version: -1 })
    await setSession(expired, { lastSeenAt: new Date(now - SESSION_MAX_AGE_SECONDS * 1000 - MINUTE) })
    expect((await listOpenSessions(m.userId)).map((s) => s.id)).toEqual([recent, older])
    expect(await openSessionSummary(m.userId)).toEqual({ open: 2, lastSeenAt: new Date(now - MINUTE) })
  })

  it('ending sessions: one’s own only, all but the one in use, or all; an ended session stays ended', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const other = await ws.add()
    const [a, b, c] = [await startSession(m.userId, null, 'ua'), await startSession(m.userId, null, 'ua'), await startSession(m.userId, null, 'ua')]
    const theirs = await startSession(other.userId, null, 'ua')
    expect(await endOwnSession(m.userId, theirs)).toBe(false)
    expect((await sessionRow(theirs)).endedAt).toBeNull()
    expect(await endOwnSession(m.userId, a)).toBe(true)
    const endedAt = (await sessionRow(a)).endedAt
    expect(await endOwnSession(m.userId, a)).toBe(false)
    expect(await endOtherSessions(m.userId, b)).toBe(1)
    expect([(await sessionRow(a)).endedAt, (await sessionRow(b)).endedAt, (await sessionRow(c)).endedAt !== null]).toEqual([endedAt, null, true])
    const lone = await startSession(other.userId, null, 'ua')
    await endSession(lone)
    const loneEnded = (await sessionRow(lone)).endedAt
    expect(loneEnded).not.toBeNull()
    await endSession(lone)
    expect((await sessionRow(lone)).endedAt).toEqual(loneEnded)
    expect(await endAllSessions(m.userId)).toBe(1)
    expect((await sessionRow(b)).endedAt).not.toBeNull()
    expect((await sessionRow(theirs)).endedAt).toBeNull()
  })

  it('sessionOpen: the user’s version and a session not ended; stale when last seen more than the interval ago; touchSession refreshes a stale one only', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const other = await ws.add()
    const id = await startSession(m.userId, null, 'ua')
    const sv = (await sessionRow(id)).version
    expect(await sessionOpen(m.userId, sv, id)).toEqual({ open: true, stale: false })
    expect(await sessionOpen(m.userId, sv + 1, id)).toEqual({ open: false, stale: false })
    expect(await sessionOpen(m.userId, sv, null)).toEqual({ open: false, stale: false })
    expect(await sessionOpen(other.userId, sv, id)).toEqual({ open: false, stale: false })
    expect(await sessionOpen('no-such-user', sv, id)).toEqual({ open: false, stale: false })

    const almost = new Date(Date.now() - (SEEN_EVERY_MINUTES - 1) * MINUTE)
    await setSession(id, { lastSeenAt: almost })
    expect(await sessionOpen(m.userId, sv, id)).toEqual({ open: true, stale: false })
    await touchSession(id)
    expect((await sessionRow(id)).lastSeenAt).toEqual(almost)
    await setSession(id, { lastSeenAt: new Date(Date.now() - (SEEN_EVERY_MINUTES + 1) * MINUTE) })
    expect(await sessionOpen(m.userId, sv, id)).toEqual({ open: true, stale: true })
    await touchSession(id)
    expect(Date.now() - (await sessionRow(id)).lastSeenAt.getTime()).toBeLessThan(SEEN_EVERY_MINUTES * MINUTE)

    const stale = new Date(Date.now() - (SEEN_EVERY_MINUTES + 1) * MINUTE)
    await setSession(id, { lastSeenAt: stale, endedAt: new Date() })
    await touchSession(id)
    expect((await sessionRow(id)).lastSeenAt).toEqual(stale)
    expect(await sessionOpen(m.userId, sv, id)).toEqual({ open: false, stale: false })
  })
})

describe('users', () => {
  it('profile, name, account security', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const m = await ws.add()
    await db().membership.create({ data: { tenantId: other.tenant.id, userId: m.userId, status: 'INVITED' } })
    await updateUserName(m.userId, 'Renamed')
    expect(await getProfile(m.userId)).toEqual({ id: m.userId, email: m.email, name: 'Renamed' })
    expect(await accountSecurity(m.userId)).toEqual({ hasPassword: true, twoFactorSince: null, workspaces: 2 })
    const since = new Date('2026-11-01T00:00:00.000Z')
    await db().user.update({ where: { id: m.userId }, data: { passwordHash: null, totpEnabledAt: since } })
    expect(await accountSecurity(m.userId)).toEqual({ hasPassword: false, twoFactorSince: since, workspaces: 2 })
  })

  it('an invitee’s account set up: name and password; the address’s user and password hash', async () => {
    const ws = await createWorkspace()
    const m = await ws.add({ status: 'INVITED' })
    await db().user.update({ where: { id: m.userId }, data: { passwordHash: null, name: '' } })
    expect(await passwordHashOf(m.email)).toBeNull()
    expect(await passwordHashOf('nobody@example.com')).toBeNull()
    expect(await userIdByEmail(m.email)).toBe(m.userId)
    await setUpAccount(m.userId, 'Ivy', 'hash-1')
    expect(await getProfile(m.userId)).toEqual({ id: m.userId, email: m.email, name: 'Ivy' })
    expect(await passwordHashOf(m.email)).toBe('hash-1')
  })

  it('the workspaces a user may switch to: active memberships, by name; signing in stamps only an active membership of that workspace', async () => {
    const [b, a, suspended] = [await createWorkspace({ name: 'Beta' }), await createWorkspace({ name: 'Alpha' }), await createWorkspace({ name: 'Aardvark' })]
    const m = await b.add({ role: 'ADMIN' })
    const inA = await db().membership.create({ data: { tenantId: a.tenant.id, userId: m.userId, status: 'ACTIVE' } })
    const inSuspended = await db().membership.create({ data: { tenantId: suspended.tenant.id, userId: m.userId, status: 'SUSPENDED' } })
    expect(await listActiveWorkspaces(m.userId)).toEqual([
      { tenant: { id: a.tenant.id, name: 'Alpha', slug: a.tenant.slug }, baseRole: 'MEMBER' },
      { tenant: { id: b.tenant.id, name: 'Beta', slug: b.tenant.slug }, baseRole: 'ADMIN' },
    ])
    expect([
      await isActiveMember(m.userId, a.tenant.id),
      await isActiveMember(m.userId, suspended.tenant.id),
      await isActiveMember(m.userId, 'nowhere'),
    ]).toEqual([true, false, false])

    await markSignedIn(m.userId, a.tenant.id)
    await markSignedIn(m.userId, suspended.tenant.id)
    const stamped = async (id: string) => (await db().membership.findUniqueOrThrow({ where: { id } })).lastLoginAt
    expect(await stamped(inA.id)).toBeInstanceOf(Date)
    expect(await stamped(m.id)).toBeNull()
    expect(await stamped(inSuspended.id)).toBeNull()
  })
})

describe('two-factor', () => {
  it('enrolment: started (not while on), confirmed only for the secret it started with, then a code’s step works once and only later steps', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    expect(await twoFactorState(m.userId)).toEqual({ secret: null, enabledAt: null, recoveryLeft: 0 })
    expect(await acceptStep(m.userId, 10)).toBe(false) // not on yet
    expect(await startEnrolment(m.userId, 'secret-1')).toBe(true)
    expect(await startEnrolment(m.userId, 'secret-2')).toBe(true) // a second tab's newer one wins
    expect(await confirmEnrolment(m.userId, 'secret-1', 100, ['h1', 'h2'])).toBe(false)
    expect(await confirmEnrolment(m.userId, 'secret-2', 100, ['h1', 'h2'])).toBe(true)
    expect(await twoFactorState(m.userId)).toMatchObject({ secret: 'secret-2', recoveryLeft: 2 })
    expect((await twoFactorState(m.userId)).enabledAt).toBeInstanceOf(Date)
    expect(await startEnrolment(m.userId, 'secret-3')).toBe(false)
    expect(await confirmEnrolment(m.userId, 'secret-2', 101, ['h3'])).toBe(false)

    expect(await acceptStep(m.userId, 100)).toBe(false) // the confirming code's step
    expect(await acceptStep(m.userId, 101)).toBe(true)
    expect(await acceptStep(m.userId, 101)).toBe(false)
    expect(await acceptStep(m.userId, 99)).toBe(false)
    expect(await acceptStep(m.userId, 102)).toBe(true)
  })

  it('recovery codes: each works once, for its user; replaced as a set; removing two-factor clears all, once', async () => {
    const ws = await createWorkspace()
    const [m, other] = [await ws.add(), await ws.add()]
    await startEnrolment(m.userId, 's')
    await confirmEnrolment(m.userId, 's', 1, ['a', 'b'])
    await startEnrolment(other.userId, 's')
    await confirmEnrolment(other.userId, 's', 1, ['c'])
    expect(await redeemRecoveryCode(m.userId, 'c')).toBe(false)
    expect(await redeemRecoveryCode(m.userId, 'a')).toBe(true)
    expect(await redeemRecoveryCode(m.userId, 'a')).toBe(false)
    expect((await twoFactorState(m.userId)).recoveryLeft).toBe(1)
    await replaceRecoveryCodes(m.userId, ['x', 'y', 'z'])
    expect((await twoFactorState(m.userId)).recoveryLeft).toBe(3)
    expect(await redeemRecoveryCode(m.userId, 'b')).toBe(false)

    expect(await removeTwoFactor(m.userId)).toBe(true)
    expect(await twoFactorState(m.userId)).toEqual({ secret: null, enabledAt: null, recoveryLeft: 0 })
    expect(await db().recoveryCode.count({ where: { userId: m.userId } })).toBe(0)
    expect(await removeTwoFactor(m.userId)).toBe(false)
    expect((await twoFactorState(other.userId)).recoveryLeft).toBe(1)
    // Enrolling again starts from no last step.
    await startEnrolment(m.userId, 's2')
    await confirmEnrolment(m.userId, 's2', 5, [])
    expect(await acceptStep(m.userId, 6)).toBe(true)
  })

  it('workspacesRequiringTwoFactor: the active memberships’ workspaces that require it, by name', async () => {
    const [b, a, off, suspended] = [
      await createWorkspace({ name: 'B' }),
      await createWorkspace({ name: 'A' }),
      await createWorkspace({ name: 'Off' }),
      await createWorkspace({ name: 'Suspended' }),
    ]
    await db().tenant.updateMany({ where: { id: { in: [a.tenant.id, b.tenant.id, suspended.tenant.id] } }, data: { requireTwoFactor: true } })
    const m = await b.add()
    for (const [w, status] of [
      [a, 'ACTIVE'],
      [off, 'ACTIVE'],
      [suspended, 'SUSPENDED'],
    ] as const)
      await db().membership.create({ data: { tenantId: w.tenant.id, userId: m.userId, status } })
    expect(await workspacesRequiringTwoFactor(m.userId)).toEqual(['A', 'B'])
  })
})

describe('password reset links', () => {
  it('only a user with a password may get one; a new link voids the open ones; each link is valid, expired, used or unknown', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const invited = await ws.add({ status: 'INVITED' })
    await db().user.update({ where: { id: invited.userId }, data: { passwordHash: null } })
    expect(await resettableUser(m.email)).toEqual({ id: m.userId, email: m.email })
    expect(await resettableUser(invited.email)).toBeNull()
    expect(await resettableUser('nobody@example.com')).toBeNull()

    const t0 = new Date()
    const first = await createPasswordReset(m.userId, '198.51.100.7', t0)
    expect(first.expiresAt).toEqual(new Date(t0.getTime() + PASSWORD_RESET_TTL_MS))
    expect(await findPasswordReset(first.token, t0)).toMatchObject({ state: 'valid', userId: m.userId, email: m.email })
    expect(await findPasswordReset(first.token, first.expiresAt)).toMatchObject({ state: 'expired' })
    expect(await findPasswordReset('no-such-token')).toEqual({ state: 'unknown' })

    const t1 = new Date(t0.getTime() + MINUTE)
    const second = await createPasswordReset(m.userId, null, t1)
    expect(await findPasswordReset(first.token, t1)).toMatchObject({ state: 'expired' })
    const view = await findPasswordReset(second.token, t1)
    expect(view.state).toBe('valid')
    const before = (await db().user.findUniqueOrThrow({ where: { id: m.userId } })).sessionVersion
    expect(await redeemPasswordReset(view.id!, m.userId, 'new-hash', t1)).toBe('changed')
    expect(await db().user.findUniqueOrThrow({ where: { id: m.userId } })).toMatchObject({ passwordHash: 'new-hash', sessionVersion: before + 1 })
    expect(await findPasswordReset(second.token, t1)).toMatchObject({ state: 'used' })
    expect(await redeemPasswordReset(view.id!, m.userId, 'again', t1)).toBe('stale')
  })

  it('redeeming voids the user’s other open links; an expired or another user’s link is stale', async () => {
    const ws = await createWorkspace()
    const [m, other] = [await ws.add(), await ws.add()]
    const t0 = new Date()
    const a = await createPasswordReset(m.userId, null, t0)
    const idA = (await findPasswordReset(a.token, t0)).id!
    expect(await redeemPasswordReset(idA, other.userId, 'h', t0)).toBe('stale')
    expect(await redeemPasswordReset(idA, m.userId, 'h', a.expiresAt)).toBe('stale')
    // A link made after a (a second device) is voided when a is used.
    const t1 = new Date(t0.getTime() + 1000)
    await db().passwordReset.updateMany({ where: { userId: m.userId }, data: { expiresAt: new Date(t1.getTime() + PASSWORD_RESET_TTL_MS) } })
    const b = await createPasswordReset(m.userId, null, t1)
    await db().passwordReset.update({ where: { id: idA }, data: { expiresAt: a.expiresAt } })
    expect(await redeemPasswordReset(idA, m.userId, 'h', t1)).toBe('changed')
    expect((await findPasswordReset(b.token, t1)).state).toBe('expired')
  })

  it('workspacesOfUser: every workspace the user is in, whatever the status', async () => {
    const [a, b] = [await createWorkspace(), await createWorkspace()]
    const m = await a.add()
    await db().membership.create({ data: { tenantId: b.tenant.id, userId: m.userId, status: 'SUSPENDED' } })
    expect((await workspacesOfUser(m.userId)).sort()).toEqual([a.tenant.id, b.tenant.id].sort())
  })
})
