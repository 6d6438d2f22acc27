import { describe, expect, it } from 'vitest'
import { confirmTwoFactor, disableTwoFactor, newRecoveryCodeSet, startTwoFactor } from '@/app/(app)/profile/two-factor/actions'
import { authenticate } from '@/lib/auth/sign-in'
import { TWO_FACTOR_NEEDED } from '@/lib/auth/sign-in-messages'
import { codeAt, decryptSecret } from '@/lib/auth/two-factor'
import { db } from '@/lib/db/client'
import { auditEvents, accessOf, createWorkspace, failure, PASSWORD, success } from '../support/fixtures'

// Two-factor sign-in through the profile's actions and the sign-in check: enrolment, codes that
// work once, recovery codes that work once, the attempt limit, turning it off, and the
// workspace that requires it.

const STEP = 30_000
const key = (grouped: string) => grouped.replace(/ /g, '')

/** A member with two-factor on: their secret (as the app has it) and recovery codes. */
async function enrolled() {
  const ws = await createWorkspace()
  const m = await ws.add()
  const started = success(await startTwoFactor.run(await accessOf(m), {}))
  const secret = key(started.data!.secret)
  const firstCode = codeAt(secret)
  const confirmed = success(await confirmTwoFactor.run(await accessOf(m), { code: firstCode }))
  return { ws, m, secret, firstCode, codes: confirmed.data!.recoveryCodes }
}

describe('enrolment', () => {
  it('starts with a QR code and the key, turns on with a first code, and answers ten recovery codes stored only as hashes', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const started = success(await startTwoFactor.run(await accessOf(m), {}))
    const { secret: grouped, uri, qr } = started.data!
    const secret = key(grouped)
    expect(uri).toContain(`secret=${secret}`)
    expect(uri).toContain(encodeURIComponent(m.email))
    expect(qr.size).toBeGreaterThanOrEqual(21)
    expect(qr.path).toMatch(/^M\d+ \d+h\d+v1h-\d+z/)

    const stored = await db().user.findUniqueOrThrow({ where: { id: m.userId } })
    expect(stored.totpEnabledAt).toBeNull()
    expect(stored.totpSecret).not.toContain(secret)
    expect(decryptSecret(stored.totpSecret!)).toBe(secret)

    // Not on until a right code comes; a wrong one is told next to the field.
    const wrong = failure(await confirmTwoFactor.run(await accessOf(m), { code: codeAt(secret, Date.now() + 10 * STEP) }))
    expect(wrong.fieldErrors?.code?.[0]).toMatch(/not right/)
    expect((await db().user.findUniqueOrThrow({ where: { id: m.userId } })).totpEnabledAt).toBeNull()
    expect(await authenticate(m.email, PASSWORD, null)).toMatchObject({ ok: true })

    const r = success(await confirmTwoFactor.run(await accessOf(m), { code: codeAt(secret) }))
    const codes = r.data!.recoveryCodes
    expect(codes).toHaveLength(10)
    const rows = await db().recoveryCode.findMany({ where: { userId: m.userId } })
    expect(rows).toHaveLength(10)
    for (const row of rows) expect(codes).not.toContain(row.codeHash)
    expect((await db().user.findUniqueOrThrow({ where: { id: m.userId } })).totpEnabledAt).toBeInstanceOf(Date)
    expect(await auditEvents(ws.tenant.id, 'profile.two_factor_on')).toHaveLength(1)

    // On: a new setup cannot start over it.
    expect(failure(await startTwoFactor.run(await accessOf(m), {})).message).toBe('Two-factor sign-in is already on.')
  })

  it('a setup restarted in another tab wins: the first tab’s code no longer turns it on', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const first = key(success(await startTwoFactor.run(await accessOf(m), {})).data!.secret)
    const second = key(success(await startTwoFactor.run(await accessOf(m), {})).data!.secret)
    expect(second).not.toBe(first)
    failure(await confirmTwoFactor.run(await accessOf(m), { code: codeAt(first, Date.now() + 5 * STEP) }))
    success(await confirmTwoFactor.run(await accessOf(m), { code: codeAt(second) }))
  })
})

describe('signing in with two-factor', () => {
  it('asks for the code only after the right password, and takes a code from the app once', async () => {
    const { ws, m, secret, firstCode } = await enrolled()
    expect(await authenticate(m.email, 'wrong password', '10.9.0.1')).toMatchObject({ ok: false, code: 'invalid' })
    expect(await authenticate(m.email, PASSWORD, '10.9.0.1')).toEqual({ ok: false, code: 'two_factor', message: TWO_FACTOR_NEEDED })
    // The code that confirmed the enrolment was used: the next one (the app shows it within 30 s) works.
    expect(await authenticate(m.email, PASSWORD, '10.9.0.1', undefined, { code: firstCode })).toMatchObject({ code: 'two_factor_wrong' })
    const next = codeAt(secret, Date.now() + STEP)
    expect(await authenticate(m.email, PASSWORD, '10.9.0.1', undefined, { code: next })).toMatchObject({ ok: true, tenantId: ws.tenant.id })
    // The same code again (a replay, or a second tab) is refused.
    expect(await authenticate(m.email, PASSWORD, '10.9.0.1', undefined, { code: next })).toMatchObject({
      ok: false,
      code: 'two_factor_wrong',
      message: 'That code is not right. Enter the code your app shows now.',
    })
    // A code two steps old is too old.
    expect(await authenticate(m.email, PASSWORD, '10.9.0.1', undefined, { code: codeAt(secret, Date.now() - 2 * STEP) })).toMatchObject({ ok: false })
  })

  it('a recovery code signs in once, is audited, and is refused after', async () => {
    const { ws, m, codes } = await enrolled()
    const r = await authenticate(m.email, PASSWORD, '10.9.0.2', undefined, { code: codes[3].toUpperCase(), recovery: true })
    expect(r).toMatchObject({ ok: true })
    const used = await db().recoveryCode.findMany({ where: { userId: m.userId, usedAt: { not: null } } })
    expect(used).toHaveLength(1)
    const [event] = await auditEvents(ws.tenant.id, 'profile.recovery_code_used')
    expect(event).toMatchObject({ actorId: m.userId, targetId: m.userId, ip: '10.9.0.2' })
    expect(await authenticate(m.email, PASSWORD, '10.9.0.2', undefined, { code: codes[3], recovery: true })).toMatchObject({
      ok: false,
      code: 'two_factor_wrong',
      message: 'That recovery code is not right, or it was used already.',
    })
    // Typed in the code field without saying so, it is still taken as a recovery code.
    expect(await authenticate(m.email, PASSWORD, '10.9.0.2', undefined, { code: codes[4] })).toMatchObject({ ok: true })
    // Another user's code is not this user's.
    const other = await enrolled()
    expect(await authenticate(m.email, PASSWORD, '10.9.0.2', undefined, { code: other.codes[0], recovery: true })).toMatchObject({ ok: false })
  })

  it('two requests racing with the same code: exactly one signs in', async () => {
    const { m, secret } = await enrolled()
    const code = codeAt(secret, Date.now() + STEP)
    const results = await Promise.all([1, 2, 3].map(() => authenticate(m.email, PASSWORD, null, undefined, { code })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
  })

  it('after five wrong codes in 15 minutes even the right one waits', async () => {
    const { m, secret } = await enrolled()
    for (let i = 0; i < 5; i++) {
      expect(await authenticate(m.email, PASSWORD, '10.9.0.3', undefined, { code: '000000' })).toMatchObject({ code: 'two_factor_wrong' })
    }
    const limited = await authenticate(m.email, PASSWORD, '10.9.0.3', undefined, { code: codeAt(secret, Date.now() + STEP) })
    expect(limited).toMatchObject({ ok: false, code: 'rate_limited' })
    expect(limited.ok || limited.message).toMatch(/^Too many wrong codes\. Try again in \d+ minutes?\.$/)
  })
})

describe('recovery codes and turning it off', () => {
  it('new recovery codes need a code from the app and replace the old ones', async () => {
    const { ws, m, secret, codes } = await enrolled()
    failure(await newRecoveryCodeSet.run(await accessOf(m), { code: '123456' }))
    const r = success(await newRecoveryCodeSet.run(await accessOf(m), { code: codeAt(secret, Date.now() + STEP) }))
    const fresh = r.data!.recoveryCodes
    expect(fresh).toHaveLength(10)
    expect(await authenticate(m.email, PASSWORD, null, undefined, { code: codes[0], recovery: true })).toMatchObject({ ok: false })
    expect(await authenticate(m.email, PASSWORD, null, undefined, { code: fresh[0], recovery: true })).toMatchObject({ ok: true })
    expect(await auditEvents(ws.tenant.id, 'profile.recovery_codes')).toHaveLength(1)
  })

  it('turns off with the password (not a wrong one): the secret and codes go, and sign-in asks for no code', async () => {
    const { ws, m } = await enrolled()
    const wrong = failure(await disableTwoFactor.run(await accessOf(m), { proof: 'password', password: 'nope' }))
    expect(wrong.fieldErrors?.password).toEqual(['The password is not right.'])
    success(await disableTwoFactor.run(await accessOf(m), { proof: 'password', password: PASSWORD }))
    const u = await db().user.findUniqueOrThrow({ where: { id: m.userId } })
    expect(u).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
    expect(await db().recoveryCode.count({ where: { userId: m.userId } })).toBe(0)
    expect(await authenticate(m.email, PASSWORD, null)).toMatchObject({ ok: true })
    expect(await auditEvents(ws.tenant.id, 'profile.two_factor_off')).toHaveLength(1)
  })

  it('turns off with a fresh code from the app', async () => {
    const { m, secret } = await enrolled()
    success(await disableTwoFactor.run(await accessOf(m), { proof: 'code', code: codeAt(secret, Date.now() + STEP) }))
    expect((await db().user.findUniqueOrThrow({ where: { id: m.userId } })).totpEnabledAt).toBeNull()
  })

  it('cannot be turned off while a workspace of the user requires it', async () => {
    const { ws, m } = await enrolled()
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { requireTwoFactor: true } })
    const r = failure(await disableTwoFactor.run(await accessOf(m), { proof: 'password', password: PASSWORD }))
    expect(r.message).toBe(`${ws.tenant.name} requires two-factor sign-in: it cannot be turned off.`)
    expect((await db().user.findUniqueOrThrow({ where: { id: m.userId } })).totpEnabledAt).toBeInstanceOf(Date)
  })
})
