import { RateLimiterPrisma } from 'rate-limiter-flexible'
import { db } from './client'
import { Prisma } from './generated/client'

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

export type Counted = { allowed: boolean; retryMs: number; remaining: number; resetMs: number }

/**
 * Counts one attempt, atomically, in ONE statement (simultaneous attempts are all counted), and
 * says whether it was within the limit and, if not, in how many ms the window ends; with the
 * points left in the window and when it ends (the API's RateLimit headers). The row is the
 * limiter's own (key `<prefix>:<key>`, the points used, the window's end in UTC), so `reached`,
 * `giveBack` and `clear` read and write the same counter: an expired row starts a new window.
 * One statement instead of the limiter's two (delete an expired row, then upsert) because every
 * API request and sign-in attempt pays for it.
 */
export async function hit(l: Limit, key: string): Promise<Counted> {
  const now = Date.now()
  const [row] = await db().$queryRaw<CountRow[]>`${countSql(l, Prisma.sql`${key}`, now)}`
  return countedOf(l, now, row)
}

type CountRow = { points: number; expireMs: number }

/**
 * hit's statement, to run alone or as a common table expression of another statement (the API
 * key's load counts its request in the same round trip): `key` is the counter's key as SQL text,
 * read `from` (e.g. `FROM key`, a table of one row), `now` the attempt's time in ms. Answers
 * the row's points and window end as `points` and `expireMs` (countedOf reads them).
 */
export function countSql(l: Limit, key: Prisma.Sql, now: number, from: Prisma.Sql = Prisma.empty): Prisma.Sql {
  const at = Prisma.sql`(to_timestamp(${now}::float8 / 1000) AT TIME ZONE 'UTC')`
  return Prisma.sql`
    INSERT INTO "RateLimiterFlexible" AS r (key, points, expire)
    SELECT ${`${l.prefix}:`} || ${key}, 1, ${at} + make_interval(secs => ${l.seconds}::int) ${from}
    ON CONFLICT (key) DO UPDATE SET
      points = CASE WHEN r.expire <= ${at} THEN 1 ELSE r.points + 1 END,
      expire = CASE WHEN r.expire <= ${at} THEN excluded.expire ELSE r.expire END
    RETURNING r.points, (extract(epoch FROM r.expire AT TIME ZONE 'UTC') * 1000)::float8 AS "expireMs"`
}

/** countSql's answer as hit's. */
export function countedOf(l: Limit, now: number, row: CountRow): Counted {
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
