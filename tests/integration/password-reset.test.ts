import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { requestPasswordReset } from '@/app/forgot-password/actions'
import { resetPassword } from '@/app/reset-password/[token]/actions'
import { verifyPassword } from '@/lib/auth/password'
import { RESET_REQUESTED } from '@/lib/auth/password-reset'
import { authenticate } from '@/lib/auth/sign-in'
import { LIMITS } from '@/lib/auth/rate-limit'
import type { AccessState } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { auditEvents, createWorkspace, failure, keepMailInOutbox, PASSWORD, success } from '../support/fixtures'

// "Forgot password", through the real actions and a real database: the answer never says whether
// an account has the address, the link (only its hash stored) works once and for one hour, a newer
// request voids the older link, requests are limited per address and per client IP, and a reset
// sets the password, ends every session and is written to the audit log of each workspace.

keepMailInOutbox()

const LINK = /\/reset-password\/([A-Za-z0-9_-]+)/
const anon: AccessState = { status: 'anonymous' }
const NEW_PASSWORD = 'a brand new password 1'
const newIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`

async function setup() {
  const ws = await createWorkspace()
  const member = await ws.add()
  return { ws, member, ip: newIp() }
}

const ask = async (email: string, ip: string) => success(await requestPasswordReset.run(anon, { email }, ip))
const mailsTo = (email: string) => db().outboxMail.findMany({ where: { to: email }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
async function tokensMailedTo(email: string) {
  return (await mailsTo(email)).map((m) => LINK.exec(m.text)![1])
}
const userOf = (userId: string) => db().user.findUniqueOrThrow({ where: { id: userId } })
const reset = (token: string, password = NEW_PASSWORD, ip = newIp()) => resetPassword.run(anon, { token, newPassword: password, confirmPassword: password }, ip)

describe('requestPasswordReset', () => {
  it('answers the same for a known and an unknown address; only the known one gets a link (its hash stored, expiring in 1 hour)', async () => {
    const { member, ip } = await setup()
    const unknown = `nobody-${randomBytes(4).toString('hex')}@example.test`
    const rowsBefore = await db().passwordReset.count()
    const known = await ask(member.email.toUpperCase(), ip)
    const none = await ask(unknown, ip)
    expect(known).toEqual(none)
    expect(known.message).toBe(RESET_REQUESTED)

    expect(await mailsTo(unknown)).toEqual([])
    expect(await db().passwordReset.count()).toBe(rowsBefore + 1)
    const [token] = await tokensMailedTo(member.email)
    const rows = await db().passwordReset.findMany({ where: { userId: member.userId } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ usedAt: null, ip })
    expect(rows[0].tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(rows[0])).not.toContain(token)
    const minutes = (rows[0].expiresAt.getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(59)
    expect(minutes).toBeLessThanOrEqual(60)
  })

  it('a newer request voids the older link', async () => {
    const { member, ip } = await setup()
    await ask(member.email, ip)
    await ask(member.email, ip)
    const [older, newer] = await tokensMailedTo(member.email)
    expect(failure(await reset(older)).message).toMatch(/expired or was replaced/)
    expect(await verifyPassword((await userOf(member.userId)).passwordHash, PASSWORD)).toBe(true)
    success(await reset(newer))
  })

  it(`is limited per address: past ${LIMITS.resetEmail.points} requests in the window, no more mail (and the same answer)`, async () => {
    const { member } = await setup()
    for (let i = 0; i < LIMITS.resetEmail.points; i++) await ask(member.email, newIp())
    const over = await ask(member.email, newIp())
    expect(over.message).toBe(RESET_REQUESTED)
    expect(await mailsTo(member.email)).toHaveLength(LIMITS.resetEmail.points)
  })

  it(`is limited per client IP: past ${LIMITS.resetIp.points} requests in the window, no more mail`, async () => {
    const ws = await createWorkspace()
    const ip = newIp()
    const members = []
    for (let i = 0; i <= LIMITS.resetIp.points; i++) members.push(await ws.add())
    for (const m of members) await ask(m.email, ip)
    const mailed = await Promise.all(members.map(async (m) => (await mailsTo(m.email)).length))
    expect(mailed).toEqual([...Array(LIMITS.resetIp.points).fill(1), 0])
    // Another address asks from elsewhere: not limited.
    const other = await ws.add()
    await ask(other.email, newIp())
    expect(await mailsTo(other.email)).toHaveLength(1)
  })
})

describe('resetPassword', () => {
  it('sets the password, ends every session, is written to the audit log of each workspace, and works once', async () => {
    const { ws, member, ip } = await setup()
    const other = await createWorkspace()
    await other.add({ email: member.email, status: 'SUSPENDED' })
    await ask(member.email, ip)
    const [token] = await tokensMailedTo(member.email)
    const before = await userOf(member.userId)

    const r = success(await reset(token, NEW_PASSWORD, ip))
    expect(r.message).toBe('Your password was changed. Sign in with the new one.')
    const after = await userOf(member.userId)
    expect(after.sessionVersion).toBe(before.sessionVersion + 1)
    expect(await verifyPassword(after.passwordHash, PASSWORD)).toBe(false)
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true)
    expect((await db().passwordReset.findFirstOrThrow({ where: { userId: member.userId } })).usedAt).not.toBeNull()
    for (const tenantId of [ws.tenant.id, other.tenant.id]) {
      const events = await auditEvents(tenantId, 'profile.password_reset')
      expect(events.map((e) => [e.actorEmail, e.targetType, e.targetId, e.ip])).toEqual([[member.email, 'user', member.userId, ip]])
    }

    // Used once: the second use is refused and changes nothing.
    const second = failure(await reset(token, 'yet another password 2'))
    expect(second.message).toMatch(/already used/)
    const later = await userOf(member.userId)
    expect([later.passwordHash, later.sessionVersion]).toEqual([after.passwordHash, after.sessionVersion])
    expect(await auditEvents(ws.tenant.id, 'profile.password_reset')).toHaveLength(1)
  })

  it('refuses an expired link and changes nothing', async () => {
    const { ws, member, ip } = await setup()
    await ask(member.email, ip)
    const [token] = await tokensMailedTo(member.email)
    await db().passwordReset.updateMany({ where: { userId: member.userId }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const before = await userOf(member.userId)
    expect(failure(await reset(token)).message).toMatch(/expired/)
    expect(await userOf(member.userId)).toEqual(before)
    expect(await auditEvents(ws.tenant.id, 'profile.password_reset')).toEqual([])
  })

  it('refuses an unknown link as not found, and the new password must follow the profile’s rules', async () => {
    const { member, ip } = await setup()
    expect(failure(await reset(randomBytes(32).toString('base64url'))).code).toBe('not_found')
    await ask(member.email, ip)
    const [token] = await tokensMailedTo(member.email)
    const short = failure(await resetPassword.run(anon, { token, newPassword: 'short', confirmPassword: 'short' }))
    expect(short.fieldErrors?.newPassword).toEqual(['Use at least 10 characters.'])
    const mismatch = failure(await resetPassword.run(anon, { token, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` }))
    expect(mismatch.fieldErrors?.confirmPassword).toEqual(['The passwords do not match.'])
    expect((await db().passwordReset.findFirstOrThrow({ where: { userId: member.userId } })).usedAt).toBeNull()
  })

  it('a suspended member’s password changes, and signing in stays refused', async () => {
    const ws = await createWorkspace()
    const member = await ws.add({ status: 'SUSPENDED' })
    await ask(member.email, newIp())
    const [token] = await tokensMailedTo(member.email)
    success(await reset(token))
    const r = await authenticate(member.email, NEW_PASSWORD, newIp())
    expect(r).toMatchObject({ ok: false, code: 'suspended' })
  })
})
