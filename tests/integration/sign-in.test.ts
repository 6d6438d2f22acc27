import { describe, expect, it } from 'vitest'
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

  it('rate limits failed sign-ins per email, in the database, even for the right password', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    for (let i = 0; i < LIMITS.email; i++) expect((await authenticate(m.email, `bad ${i}`, `10.2.0.${i}`)).ok).toBe(false)
    const blocked = await authenticate(m.email, PASSWORD, '10.2.1.1')
    expect(blocked).toMatchObject({ ok: false, code: 'rate_limited' })
    expect(blocked.ok || blocked.message).toMatch(/Try again in 1[45] minutes/)
    expect(await db().rateLimiterFlexible.count({ where: { key: { contains: m.email } } })).toBe(1)
  })

  it('rate limits failed sign-ins per IP across emails', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const ip = '10.3.3.3'
    for (let i = 0; i < LIMITS.ip; i++) await authenticate(`guess${i}@nowhere.test`, 'x', ip)
    expect(await authenticate(m.email, PASSWORD, ip)).toMatchObject({ ok: false, code: 'rate_limited' })
    expect(await authenticate(m.email, PASSWORD, '10.3.3.4')).toMatchObject({ ok: true })
  })

  it('a successful sign-in clears the email counter', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    for (let i = 0; i < LIMITS.email - 1; i++) await authenticate(m.email, 'bad', null)
    expect((await authenticate(m.email, PASSWORD, null)).ok).toBe(true)
    for (let i = 0; i < LIMITS.email - 1; i++) await authenticate(m.email, 'bad', null)
    expect((await authenticate(m.email, PASSWORD, null)).ok).toBe(true)
  })
})
