import { RateLimiterPrisma } from 'rate-limiter-flexible'
import { db } from '@/lib/db/client'

// Failed sign-ins are counted in the database (rate-limiter-flexible's Prisma store), so the
// limits hold across app instances: per email, and per client IP.
const WINDOW_S = 15 * 60
export const LIMITS = { email: 5, ip: 30, inviteIp: 20 } as const

type Limiters = { email: RateLimiterPrisma; ip: RateLimiterPrisma; inviteIp: RateLimiterPrisma }
const g = globalThis as unknown as { __signInLimiters?: { client: unknown; limiters: Limiters } }

function limiters(): Limiters {
  const client = db()
  if (g.__signInLimiters?.client !== client) {
    const make = (keyPrefix: string, points: number) =>
      new RateLimiterPrisma({ storeClient: client, tableName: 'rateLimiterFlexible', keyPrefix, points, duration: WINDOW_S, clearExpiredByTimeout: false })
    g.__signInLimiters = { client, limiters: { email: make('signin-email', LIMITS.email), ip: make('signin-ip', LIMITS.ip), inviteIp: make('invite-ip', LIMITS.inviteIp) } }
  }
  return g.__signInLimiters.limiters
}

/** Seconds until the next attempt is allowed, or 0 when neither limit is reached. */
export async function signInBlockedFor(email: string, ip: string | null): Promise<number> {
  const l = limiters()
  const [e, i] = await Promise.all([l.email.get(email), ip ? l.ip.get(ip) : null])
  const blocked = [e && e.consumedPoints >= LIMITS.email ? e : null, i && i.consumedPoints >= LIMITS.ip ? i : null]
  const ms = Math.max(0, ...blocked.map((r) => (r ? r.msBeforeNext : 0)))
  return Math.ceil(ms / 1000)
}

export async function recordFailedSignIn(email: string, ip: string | null) {
  const l = limiters()
  const consume = (rl: RateLimiterPrisma, key: string) =>
    rl.consume(key).catch((e: unknown) => {
      if (e instanceof Error) throw e // a database error; a RateLimiterRes rejection only means "over the limit"
    })
  await Promise.all([consume(l.email, email), ip ? consume(l.ip, ip) : null])
}

export async function clearFailedSignIns(email: string) {
  await limiters().email.delete(email)
}

// Invitation links that do not exist, per client IP: guessing tokens is hopeless (256 bits), and
// this keeps anyone from trying at scale.
export async function inviteLookupsBlocked(ip: string | null): Promise<boolean> {
  if (!ip) return false
  const r = await limiters().inviteIp.get(ip)
  return !!r && r.consumedPoints >= LIMITS.inviteIp
}

export async function recordBadInviteLookup(ip: string | null) {
  if (!ip) return
  await limiters().inviteIp.consume(ip).catch((e: unknown) => {
    if (e instanceof Error) throw e
  })
}
