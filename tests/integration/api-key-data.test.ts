import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createApiKey, getApiKey, keyStatus, listApiKeys, loadApiKey, loadApiKeyById, revokeApiKey, touchApiKey } from '@/lib/db/api-keys'
import { db } from '@/lib/db/client'
import { findAnswer, IDEMPOTENCY_HOURS, storeAnswer } from '@/lib/db/idempotency'
import { createWorkspace } from '../support/fixtures'

// The data functions of API keys and of the API's Idempotency-Key answers, called directly: the
// fields, the order, the clock's edges, and another workspace's keys (made in the same test)
// never among them.

const HOUR = 3_600_000
const MINUTE = 60_000

async function keyOf(ws: Awaited<ReturnType<typeof createWorkspace>>, creatorId: string, extra: { name?: string; expiresAt?: Date | null } = {}) {
  return createApiKey(ws.tenant.id, {
    name: extra.name ?? `key ${randomBytes(3).toString('hex')}`,
    prefix: `tg_${randomBytes(3).toString('hex')}`,
    secretHash: randomBytes(32).toString('hex'),
    permissions: ['users.view'],
    createdById: creatorId,
    expiresAt: extra.expiresAt ?? null,
  })
}
const hashOf = async (id: string) => (await db().apiKey.findUniqueOrThrow({ where: { id }, select: { secretHash: true } })).secretHash

describe('keyStatus', () => {
  it('revoked before expired, expired at its last moment, and a key without a creator is inactive', () => {
    const now = Date.UTC(2026, 11, 3)
    const creator = { id: 'm', email: 'a@b', name: 'a' }
    expect(keyStatus({ revokedAt: new Date(now - HOUR), expiresAt: new Date(now - HOUR), createdBy: creator }, now)).toBe('revoked')
    expect(keyStatus({ revokedAt: null, expiresAt: new Date(now), createdBy: creator }, now)).toBe('expired')
    expect(keyStatus({ revokedAt: null, expiresAt: new Date(now + 1), createdBy: creator }, now)).toBe('active')
    expect(keyStatus({ revokedAt: null, expiresAt: null, createdBy: creator }, now)).toBe('active')
    expect(keyStatus({ revokedAt: null, expiresAt: null, createdBy: null }, now)).toBe('creator inactive')
  })
})

describe('API keys', () => {
  it('listApiKeys: this workspace’s keys, newest first, with their creator and status now', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const admin = await ws.add({ role: 'ADMIN' })
    await keyOf(other, (await other.add({ role: 'ADMIN' })).id)
    // Made in the other order than their creation times say: the list goes by the time, not the id.
    const newer = await keyOf(ws, admin.id, { name: 'newer' })
    const older = await keyOf(ws, admin.id, { name: 'older', expiresAt: new Date(Date.now() - HOUR) })
    await db().apiKey.update({ where: { id: older.id }, data: { createdAt: new Date(Date.now() - 2 * HOUR) } })
    const rows = await listApiKeys(ws.tenant.id)
    expect(rows.map((k) => [k.name, k.status])).toEqual([
      ['newer', 'active'],
      ['older', 'expired'],
    ])
    expect(rows[0]).toMatchObject({
      id: newer.id,
      prefix: newer.prefix,
      permissions: ['users.view'],
      createdBy: { id: admin.id, email: admin.email },
      revokedAt: null,
      lastUsedAt: null,
    })
    expect(rows[0]).not.toHaveProperty('secretHash')
  })

  it('revokeApiKey: once, for this workspace’s key only; getApiKey finds no other workspace’s', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const admin = await ws.add({ role: 'ADMIN' })
    const mine = await keyOf(ws, admin.id)
    const theirs = await keyOf(other, (await other.add({ role: 'ADMIN' })).id)
    expect(await getApiKey(ws.tenant.id, theirs.id)).toBeNull()
    expect(await revokeApiKey(ws.tenant.id, theirs.id)).toBeNull()
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull()
    expect(await revokeApiKey(ws.tenant.id, mine.id)).toMatchObject({ id: mine.id, revokedAt: null })
    expect((await getApiKey(ws.tenant.id, mine.id))?.revokedAt).toBeInstanceOf(Date)
    expect(await revokeApiKey(ws.tenant.id, mine.id)).toBeNull()
  })

  it('loadApiKey: the key by its secret’s hash with its creator’s access, judged by the database’s clock', async () => {
    const ws = await createWorkspace()
    const admin = await ws.add({ role: 'ADMIN' })
    const k = await keyOf(ws, admin.id, { name: 'ci', expiresAt: new Date(Date.now() + HOUR) })
    const loaded = await loadApiKey(await hashOf(k.id))
    expect(loaded).toMatchObject({
      id: k.id,
      tenantId: ws.tenant.id,
      name: 'ci',
      prefix: k.prefix,
      permissions: ['users.view'],
      revoked: false,
      expired: false,
      usedStale: true,
      counted: null,
      read: null,
    })
    expect(loaded?.expiresAt?.getTime()).toBe(k.expiresAt?.getTime())
    expect(loaded?.creator).toMatchObject({ membershipId: admin.id, baseRole: 'ADMIN' })
    expect(await loadApiKey('0'.repeat(64))).toBeNull()

    await touchApiKey(k.id)
    const used = (await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt!
    expect(Date.now() - used.getTime()).toBeLessThan(HOUR)
    expect((await loadApiKeyById(k.id))?.usedStale).toBe(false)
    // Used again at once: not written again (concurrent requests write once).
    await db().apiKey.update({ where: { id: k.id }, data: { lastUsedAt: new Date(used.getTime() - MINUTE) } })
    await touchApiKey(k.id)
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt).toEqual(new Date(used.getTime() - MINUTE))
    // Used long ago: stale, and written now.
    await db().apiKey.update({
      where: { id: k.id },
      data: { lastUsedAt: new Date(Date.now() - 2 * HOUR), expiresAt: new Date(Date.now() - MINUTE), revokedAt: new Date() },
    })
    expect(await loadApiKeyById(k.id)).toMatchObject({ usedStale: true, expired: true, revoked: true })
    await touchApiKey(k.id)
    expect(Date.now() - (await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt!.getTime()).toBeLessThan(HOUR)

    await db().membership.delete({ where: { id: admin.id } })
    expect((await loadApiKeyById(k.id))?.creator).toBeNull()
  })
})

describe('Idempotency-Key answers', () => {
  it('an answer is found for a day, by its key and API key only, and replaced when stored again after it', async () => {
    const ws = await createWorkspace()
    const admin = await ws.add({ role: 'ADMIN' })
    const [a, b] = [await keyOf(ws, admin.id), await keyOf(ws, admin.id)]
    const answer = { fingerprint: 'POST /api/v1/members abc', status: 201, body: { id: 'm1' } }
    await storeAnswer(a.id, 'req-1', answer)
    expect(await findAnswer(a.id, 'req-1')).toMatchObject(answer)
    expect(await findAnswer(a.id, 'req-2')).toBeNull()
    expect(await findAnswer(b.id, 'req-1')).toBeNull()

    const age = async (key: string, hours: number) =>
      db().apiIdempotency.update({ where: { apiKeyId_key: { apiKeyId: a.id, key } }, data: { createdAt: new Date(Date.now() - hours * HOUR) } })
    await age('req-1', IDEMPOTENCY_HOURS - 0.1)
    expect(await findAnswer(a.id, 'req-1')).toMatchObject(answer)
    await age('req-1', IDEMPOTENCY_HOURS + 0.1)
    expect(await findAnswer(a.id, 'req-1')).toBeNull()

    const again = { fingerprint: 'POST /api/v1/members def', status: 422, body: { title: 'no' } }
    await storeAnswer(a.id, 'req-1', again)
    expect(await findAnswer(a.id, 'req-1')).toMatchObject(again)
  })

  it('storing forgets this API key’s answers older than a day, and no other key’s', async () => {
    const ws = await createWorkspace()
    const admin = await ws.add({ role: 'ADMIN' })
    const [a, b] = [await keyOf(ws, admin.id), await keyOf(ws, admin.id)]
    const answer = { fingerprint: 'f', status: 200, body: {} }
    for (const [k, key] of [
      [a, 'old'],
      [a, 'recent'],
      [b, 'old'],
    ] as const)
      await storeAnswer(k.id, key, answer)
    const setAge = (apiKeyId: string, key: string, hours: number) =>
      db().apiIdempotency.update({ where: { apiKeyId_key: { apiKeyId, key } }, data: { createdAt: new Date(Date.now() - hours * HOUR) } })
    await setAge(a.id, 'old', IDEMPOTENCY_HOURS + 1)
    await setAge(a.id, 'recent', IDEMPOTENCY_HOURS - 1)
    await setAge(b.id, 'old', IDEMPOTENCY_HOURS + 1)
    await storeAnswer(a.id, 'new', answer)
    const left = await db().apiIdempotency.findMany({ where: { apiKeyId: { in: [a.id, b.id] } }, select: { apiKeyId: true, key: true } })
    expect(left.map((r) => `${r.apiKeyId === a.id ? 'a' : 'b'}:${r.key}`).sort()).toEqual(['a:new', 'a:recent', 'b:old'])
  })
})
