import { clear, giveBack, hit, reached, type Limit } from '@/lib/db/rate-limits'
import { fail, type ActionResult } from '@/lib/authz/result'
import { passwordHashOfUser } from '@/lib/db/users'
import { verifyPassword } from './password'

// Password attempts are limited so that guessing is slow and nobody can lock an account's owner
// out from elsewhere:
// - per account AND address: 5 failures in 15 minutes block that address for that account;
// - per address: 30 in 15 minutes block it for every account;
// - per account, from anywhere: past 10 failures in 15 minutes, one attempt per 10 seconds
//   (a slow-down, never a lock: the owner gets in with a short wait).
// Every attempt is counted BEFORE the password is checked, so simultaneous attempts cannot slip
// past a limit together; a right password clears the account's counters.

const WINDOW = 15 * 60
export const LIMITS = {
  pair: { prefix: 'signin-pair', points: 5, seconds: WINDOW },
  ip: { prefix: 'signin-ip', points: 30, seconds: WINDOW },
  account: { prefix: 'signin-account', points: 10, seconds: WINDOW },
  pace: { prefix: 'signin-pace', points: 1, seconds: 10 },
  inviteIp: { prefix: 'invite-ip', points: 20, seconds: WINDOW },
  currentPassword: { prefix: 'current-password', points: 5, seconds: WINDOW },
  resetEmail: { prefix: 'reset-email', points: 3, seconds: WINDOW },
  resetIp: { prefix: 'reset-ip', points: 10, seconds: WINDOW },
  twoFactor: { prefix: 'two-factor', points: 5, seconds: WINDOW },
} satisfies Record<string, Limit>

export type PasswordCheck = { result: 'ok' | 'wrong' } | { result: 'limited'; retryMs: number }

/** Counts the attempt against every limit that applies; the longest wait if any is exceeded. */
async function countAttempt(email: string, ip: string | null): Promise<number> {
  const waits: number[] = []
  if (ip) {
    const pair = await hit(LIMITS.pair, `${email}|${ip}`)
    const byIp = await hit(LIMITS.ip, ip)
    if (!pair.allowed) waits.push(pair.retryMs)
    if (!byIp.allowed) waits.push(byIp.retryMs)
  }
  const account = await hit(LIMITS.account, email)
  if (!account.allowed) {
    const pace = await hit(LIMITS.pace, email)
    if (!pace.allowed) waits.push(pace.retryMs)
  }
  return waits.length ? Math.max(...waits) : 0
}

/** Checks a password for a sign-in (or an invitee with an account), within the limits above. */
export async function checkPassword(
  email: string,
  ip: string | null,
  hashOf: () => Promise<string | null | undefined>,
  password: string,
): Promise<PasswordCheck> {
  const wait = await countAttempt(email, ip)
  if (wait > 0) return { result: 'limited', retryMs: wait }
  if (!(await verifyPassword(await hashOf(), password))) return { result: 'wrong' }
  await clear(LIMITS.account, email)
  if (ip) {
    await clear(LIMITS.pair, `${email}|${ip}`)
    await giveBack(LIMITS.ip, ip)
  }
  return { result: 'ok' }
}

/** Checks a signed-in user's current password (changing it): 5 attempts per 15 minutes. */
export async function checkCurrentPassword(userId: string, hashOf: () => Promise<string | null | undefined>, password: string): Promise<PasswordCheck> {
  const counted = await hit(LIMITS.currentPassword, userId)
  if (!counted.allowed) return { result: 'limited', retryMs: counted.retryMs }
  if (!(await verifyPassword(await hashOf(), password))) return { result: 'wrong' }
  await clear(LIMITS.currentPassword, userId)
  return { result: 'ok' }
}

/**
 * A signed-in user's password, checked as checkCurrentPassword does, as the refusal an action
 * returns (the message next to `field`), or null when it is right. `what` names it in the message
 * ("current password" where a new one is typed beside it).
 */
export async function refuseWrongPassword(userId: string, password: string, field: string, what = 'password'): Promise<ActionResult<never> | null> {
  const r = await checkCurrentPassword(userId, () => passwordHashOfUser(userId), password)
  if (r.result === 'limited') {
    const text = `Too many wrong passwords. ${retryText(r.retryMs)}`
    return fail(text, { [field]: [text] }, 'limit')
  }
  if (r.result === 'wrong') return fail('Check the highlighted fields.', { [field]: [`The ${what} is not right.`] })
  return null
}

/**
 * Checks a two-factor or recovery code of an account, 5 attempts per 15 minutes (counted before
 * the check, cleared by a right one): a six-digit code cannot be guessed in the time it is valid.
 */
export async function checkSecondFactor(userId: string, check: () => Promise<boolean>): Promise<PasswordCheck> {
  const counted = await hit(LIMITS.twoFactor, userId)
  if (!counted.allowed) return { result: 'limited', retryMs: counted.retryMs }
  if (!(await check())) return { result: 'wrong' }
  await clear(LIMITS.twoFactor, userId)
  return { result: 'ok' }
}

/** "Try again in N minutes/seconds." */
export function retryText(ms: number): string {
  const s = Math.ceil(ms / 1000)
  if (s < 60) return `Try again in ${s} second${s === 1 ? '' : 's'}.`
  const m = Math.ceil(s / 60)
  return `Try again in ${m} minute${m === 1 ? '' : 's'}.`
}

// Invitation links that do not exist, per client IP: guessing tokens is hopeless (256 bits), and
// this keeps anyone from trying at scale.
export async function inviteLookupsBlocked(ip: string | null): Promise<boolean> {
  return !!ip && (await reached(LIMITS.inviteIp, ip))
}

export async function countBadInviteLookup(ip: string | null) {
  if (ip) await hit(LIMITS.inviteIp, ip)
}

// "Forgot password" requests: 3 per address and 10 per client IP in 15 minutes, so nobody floods
// an inbox or walks a list of addresses. Counted for unknown addresses too (the limit says
// nothing about whether an account exists).
export async function resetRequestAllowed(email: string, ip: string | null): Promise<boolean> {
  const byEmail = await hit(LIMITS.resetEmail, email)
  const byIp = ip ? await hit(LIMITS.resetIp, ip) : { allowed: true }
  return byEmail.allowed && byIp.allowed
}
