import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible'
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
 * Counts one attempt, atomically (one increment in the database, so simultaneous attempts are
 * all counted), and says whether it was within the limit and, if not, in how many ms the window
 * ends; with the points left in the window and when it ends (the API's RateLimit headers).
 */
export async function hit(l: Limit, key: string): Promise<{ allowed: boolean; retryMs: number; remaining: number; resetMs: number }> {
  try {
    const r = await limiterOf(l).consume(key)
    return { allowed: true, retryMs: 0, remaining: r.remainingPoints, resetMs: r.msBeforeNext }
  } catch (e) {
    if (e instanceof RateLimiterRes) return { allowed: false, retryMs: e.msBeforeNext, remaining: 0, resetMs: e.msBeforeNext }
    throw e // a database error; a RateLimiterRes rejection only means "over the limit"
  }
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
