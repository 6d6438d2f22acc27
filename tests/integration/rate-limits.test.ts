import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { clear, giveBack, hit, reached, type Limit } from '@/lib/db/rate-limits'

// The rate-limit counters in the database (lib/db/rate-limits.ts): `hit` counts in one
// statement of its own, on the row rate-limiter-flexible's store reads, so `reached`, `giveBack`
// and `clear` (the library's) see what `hit` counted; an expired window starts again at 1, and
// attempts made at the same moment are all counted.

const limit = (points = 3, seconds = 60): Limit => ({ prefix: `test-${randomBytes(4).toString('hex')}`, points, seconds })

describe('hit', () => {
  it('counts each attempt, then refuses past the limit until the window ends', async () => {
    const l = limit(3, 60)
    const seen = []
    for (let i = 0; i < 5; i++) seen.push(await hit(l, 'k'))
    expect(seen.map((r) => [r.allowed, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
      [false, 0],
    ])
    for (const r of seen) {
      expect(r.resetMs).toBeGreaterThan(55_000)
      expect(r.resetMs).toBeLessThanOrEqual(60_000)
    }
    expect(seen[3].retryMs).toBe(seen[3].resetMs)
    expect(seen[0].retryMs).toBe(0)
    // Another key has a counter of its own.
    expect(await hit(l, 'other')).toMatchObject({ allowed: true, remaining: 2 })
  })

  it('writes the limiter’s own row (its key, the points used, the window’s end in UTC) that reached, giveBack and clear use', async () => {
    const l = limit(2, 900)
    const before = Date.now()
    await hit(l, 'a@example.test')
    const row = await db().rateLimiterFlexible.findUniqueOrThrow({ where: { key: `${l.prefix}:a@example.test` } })
    expect(row.points).toBe(1)
    expect(row.expire!.getTime()).toBeGreaterThanOrEqual(before + 900_000 - 5)
    expect(row.expire!.getTime()).toBeLessThanOrEqual(Date.now() + 900_000 + 5)
    expect(await reached(l, 'a@example.test')).toBe(false)
    await hit(l, 'a@example.test')
    expect(await reached(l, 'a@example.test')).toBe(true)
    await giveBack(l, 'a@example.test')
    expect(await reached(l, 'a@example.test')).toBe(false)
    expect(await hit(l, 'a@example.test')).toMatchObject({ allowed: true, remaining: 0 })
    await clear(l, 'a@example.test')
    expect(await hit(l, 'a@example.test')).toMatchObject({ allowed: true, remaining: 1 })
  })

  it('an ended window starts again at 1, with a new end', async () => {
    const l = limit(2, 60)
    for (let i = 0; i < 3; i++) await hit(l, 'k')
    expect((await hit(l, 'k')).allowed).toBe(false)
    await db().rateLimiterFlexible.update({ where: { key: `${l.prefix}:k` }, data: { expire: new Date(Date.now() - 1) } })
    expect(await reached(l, 'k')).toBe(false)
    const r = await hit(l, 'k')
    expect(r).toMatchObject({ allowed: true, remaining: 1 })
    expect(r.resetMs).toBeGreaterThan(55_000)
  })

  it('attempts made at the same moment are all counted', async () => {
    const l = limit(10, 60)
    const results = await Promise.all(Array.from({ length: 25 }, () => hit(l, 'k')))
    expect(results.filter((r) => r.allowed)).toHaveLength(10)
    const row = await db().rateLimiterFlexible.findUniqueOrThrow({ where: { key: `${l.prefix}:k` } })
    expect(row.points).toBe(25)
  })
})
