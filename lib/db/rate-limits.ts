import { RateLimiterPrisma } from 'rate-limiter-flexible'
import { db } from './client'

// Counters for rate limits, in the database (rate-limiter-flexible's Prisma store), so every app
// instance shares them. Each limiter is made on the current client: inside a change it counts in
// the change's transaction (a failed attempt is committed with the failure it answered).

export type Limit = { prefix: string; points: number; seconds: number }

const limiterOf = (l: Limit) =>
  new RateLimiterPrisma({
    storeClient: db(),
    tableName: 'rateLimiterFlexible',
    keyPrefix: l.prefix,
    points: l.points,
    duration: l.seconds,
    clearExpiredByTimeout: false,
  })

/**
 * Counts one attempt, atomically, in ONE statement (simultaneous attempts are all counted), and
 * says whether it was within the limit and, if not, in how many ms the window ends; with the
 * points left in the window and when it ends (the API's RateLimit headers). The row is the
 * limiter's own (key `<prefix>:<key>`, the points used, the window's end in UTC), so `reached`,
 * `giveBack` and `clear` read and write the same counter: an expired row starts a new window.
 * One statement instead of the limiter's two (delete an expired row, then upsert) because every
 * API request and sign-in attempt pays for it.
 */
export async function hit(l: Limit, key: string): Promise<{ allowed: boolean; retryMs: number; remaining: number; resetMs: number }> {
  const now = Date.now()
  const [row] = await db().$queryRaw<{ points: number; expireMs: number }[]>`
    WITH t AS (SELECT to_timestamp(${now}::float8 / 1000) AT TIME ZONE 'UTC' AS now)
    INSERT INTO "RateLimiterFlexible" AS r (key, points, expire)
    SELECT ${`${l.prefix}:${key}`}, 1, t.now + make_interval(secs => ${l.seconds}::int) FROM t
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN r.expire <= (SELECT now FROM t) THEN 1 ELSE r.points + 1 END,
      expire = CASE WHEN r.expire <= (SELECT now FROM t) THEN excluded.expire ELSE r.expire END
    RETURNING r.points, (extract(epoch FROM r.expire AT TIME ZONE 'UTC') * 1000)::float8 AS "expireMs"`
  const used = Number(row.points)
  const resetMs = Math.max(0, Math.round(Number(row.expireMs) - now))
  const allowed = used <= l.points
  return { allowed, retryMs: allowed ? 0 : resetMs, remaining: Math.max(0, l.points - used), resetMs }
}

/** Whether the limit is reached now, without counting. */
export async function reached(l: Limit, key: string): Promise<boolean> {
  const r = await limiterOf(l).get(key)
  return !!r && r.consumedPoints >= l.points
}

/** Takes back one counted attempt (a right password from a busy address). */
export async function giveBack(l: Limit, key: string) {
  await limiterOf(l).reward(key, 1)
}

export async function clear(l: Limit, key: string) {
  await limiterOf(l).delete(key)
}
