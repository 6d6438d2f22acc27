import { describe, expect, it, vi } from 'vitest'
import { LIMITS } from '@/lib/auth/rate-limit'
import { authenticate } from '@/lib/auth/sign-in'
import { db } from '@/lib/db/client'
import { createWorkspace, PASSWORD } from '../support/fixtures'

describe('sign-in', () => {
  it('accepts the right password (email in any case), sets lastLoginAt and picks the only workspace', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const r = await authenticate(m.email.toUpperCase(), PASSWORD, '10.1.0.1')
    expect(r).toMatchObject({ ok: true, userId: m.userId, tenantId: ws.tenant.id })
    const after = await db().membership.findUniqueOrThrow({ where: { id: m.id } })
    expect(after.lastLoginAt).toBeInstanceOf(Date)
  })

  it('answers a wrong password and an unknown email alike', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const wrong = await authenticate(m.email, 'wrong password', '10.1.0.2')
    const unknown = await authenticate('nobody@nowhere.test', PASSWORD, '10.1.0.2')
    expect(wrong).toEqual({ ok: false, code: 'invalid', message: 'Email or password is incorrect.' })
    expect(unknown).toEqual(wrong)
  })

  it('tells suspended and invited members why, only once the password is right', async () => {
    const ws = await createWorkspace()
    const suspended = await ws.add({ status: 'SUSPENDED' })
    const invited = await ws.add({ status: 'INVITED' })
    expect(await authenticate(suspended.email, PASSWORD, null)).toMatchObject({ ok: false, code: 'suspended' })
    expect(await authenticate(invited.email, PASSWORD, null)).toMatchObject({ ok: false, code: 'invited' })
    expect(await authenticate(suspended.email, 'wrong', null)).toMatchObject({ ok: false, code: 'invalid' })
    expect((await db().membership.findUniqueOrThrow({ where: { id: suspended.id } })).lastLoginAt).toBeNull()
  })

  it('leaves the workspace to be picked when the user is active in several', async () => {
    const a = await createWorkspace()
    const b = await createWorkspace()
    const m = await a.add()
    await db().membership.create({ data: { tenantId: b.tenant.id, userId: m.userId, status: 'ACTIVE' } })
    expect(await authenticate(m.email, PASSWORD, null)).toMatchObject({ ok: true, tenantId: null })
  })

  it('#10 nobody locks an account out from elsewhere: 5 wrong passwords block that address for that account, the owner signs in from another', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const attacker = '10.2.0.1'
    for (let i = 0; i < LIMITS.pair.points; i++) expect(await authenticate(m.email, `bad ${i}`, attacker)).toMatchObject({ ok: false, code: 'invalid' })
    const blocked = await authenticate(m.email, PASSWORD, attacker)
    expect(blocked).toMatchObject({ ok: false, code: 'rate_limited' })
    expect(blocked.ok || blocked.message).toMatch(/Try again in 1[45] minutes/)
    for (let round = 0; round < 3; round++) expect(await authenticate(m.email, PASSWORD, `10.2.1.${round}`)).toMatchObject({ ok: true })
  })

  it('slows down guessing one account from many addresses, one attempt per 10 seconds past 10 failures, without locking its owner out', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const start = new Date()
    vi.useFakeTimers({ now: start, toFake: ['Date'] })
    try {
      for (let i = 0; i < LIMITS.account.points; i++) expect(await authenticate(m.email, 'bad', `10.4.0.${i}`)).toMatchObject({ code: 'invalid' })
      expect(await authenticate(m.email, 'bad', '10.4.1.1')).toMatchObject({ code: 'invalid' }) // the one attempt of this 10 s
      const paced = await authenticate(m.email, PASSWORD, '10.4.1.2')
      expect(paced).toMatchObject({ ok: false, code: 'rate_limited' })
      expect(paced.ok || paced.message).toMatch(/Try again in \d+ seconds?\./)
      vi.setSystemTime(start.getTime() + LIMITS.pace.seconds * 1000 + 1)
      expect(await authenticate(m.email, PASSWORD, '10.4.1.3')).toMatchObject({ ok: true })
      // The right password cleared the account's counter: no more waiting.
      expect(await authenticate(m.email, 'bad', '10.4.1.4')).toMatchObject({ code: 'invalid' })
      expect(await authenticate(m.email, PASSWORD, '10.4.1.5')).toMatchObject({ ok: true })
    } finally {
      vi.useRealTimers()
    }
  })

  it('rate limits failed sign-ins per IP across emails', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const ip = '10.3.3.3'
    for (let i = 0; i < LIMITS.ip.points; i++) await authenticate(`guess${i}@nowhere.test`, 'x', ip)
    expect(await authenticate(m.email, PASSWORD, ip)).toMatchObject({ ok: false, code: 'rate_limited' })
    expect(await authenticate(m.email, PASSWORD, '10.3.3.4')).toMatchObject({ ok: true })
  })

  it('counts an attempt before checking the password: of 20 simultaneous wrong passwords, at most 5 are checked', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => authenticate(m.email, `wrong ${i}`, '10.5.0.1')))
    const checked = results.filter((r) => !r.ok && r.code === 'invalid').length
    expect(checked).toBeLessThanOrEqual(LIMITS.pair.points)
    expect(results.filter((r) => !r.ok && r.code === 'rate_limited').length).toBe(20 - checked)
  })

  it('a successful sign-in clears the counters of that account and address, and gives the address its attempt back', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    for (let i = 0; i < LIMITS.pair.points - 1; i++) await authenticate(m.email, 'bad', '10.6.0.1')
    expect((await authenticate(m.email, PASSWORD, '10.6.0.1')).ok).toBe(true)
    for (let i = 0; i < LIMITS.pair.points - 1; i++) await authenticate(m.email, 'bad', '10.6.0.1')
    expect((await authenticate(m.email, PASSWORD, '10.6.0.1')).ok).toBe(true)
    const ipRow = await db().rateLimiterFlexible.findUniqueOrThrow({ where: { key: `${LIMITS.ip.prefix}:10.6.0.1` } })
    expect(ipRow.points).toBe(2 * (LIMITS.pair.points - 1))
  })
})
