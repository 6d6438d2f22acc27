import { appUrl } from '@/lib/app-url'
import { db } from './client'
import { hashToken, newToken } from './invitation-tokens'
import { setPassword } from './users'

// "Forgot password" links (model PasswordReset). The token goes to the user's address once, by
// mail; only its hash is stored. It is single use, works for one hour, and a newer request voids
// the older open ones (their expiry is moved to now).

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000

export function passwordResetLink(token: string) {
  return appUrl(`/reset-password/${token}`)
}

/** The user a reset may be sent to: one with this sign-in email who has set a password. */
export async function resettableUser(email: string): Promise<{ id: string; email: string } | null> {
  const u = await db().user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true } })
  return u?.passwordHash ? { id: u.id, email: u.email } : null
}

/** Voids the user's open links and writes a new one, in the caller's transaction; the token is for the mail. */
export async function createPasswordReset(userId: string, ip: string | null, now = new Date()) {
  await db().passwordReset.updateMany({ where: { userId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } })
  const { token, tokenHash } = newToken()
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS)
  await db().passwordReset.create({ data: { userId, tokenHash, expiresAt, ip, createdAt: now } })
  return { token, expiresAt }
}

export type PasswordResetState = 'valid' | 'expired' | 'used' | 'unknown'
export type PasswordResetView = { state: PasswordResetState; id?: string; userId?: string; email?: string }

/** What the reset page shows for a token. */
export async function findPasswordReset(token: string, now = new Date()): Promise<PasswordResetView> {
  const r = await db().passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, expiresAt: true, usedAt: true, user: { select: { email: true } } },
  })
  if (!r) return { state: 'unknown' }
  const view = { id: r.id, userId: r.userId, email: r.user.email }
  if (r.usedAt) return { state: 'used', ...view }
  if (r.expiresAt <= now) return { state: 'expired', ...view }
  return { state: 'valid', ...view }
}

/**
 * Uses the link once and sets the new password (already hashed). The link is marked used on the
 * condition that it is still open, so two uses of one link queue on its row and the second finds
 * nothing. Every session of the user ends (session version), and their other open links are voided.
 */
export async function redeemPasswordReset(id: string, userId: string, passwordHash: string, now = new Date()): Promise<'changed' | 'stale'> {
  const used = await db().passwordReset.updateMany({ where: { id, userId, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
  if (used.count !== 1) return 'stale'
  await setPassword(userId, passwordHash)
  await db().passwordReset.updateMany({ where: { userId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } })
  return 'changed'
}

/** The workspaces the user belongs to (any status): where a reset is written to the audit log. */
export async function workspacesOfUser(userId: string): Promise<string[]> {
  return (await db().membership.findMany({ where: { userId }, select: { tenantId: true } })).map((m) => m.tenantId)
}
