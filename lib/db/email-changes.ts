import { appUrl } from '@/lib/app-url'
import { db } from './client'
import { hashToken, newToken } from './invitation-tokens'
import { TAKEN, unlessTaken } from './tx'

// Pending changes of a member's sign-in email (model EmailChange). The token goes to the new
// address once, by mail; only its hash is stored. It is single use, expires after
// EMAIL_CHANGE_TTL_HOURS (24 by default), and a newer request or a cancel voids it.

export function emailChangeTtlMs() {
  const hours = Number(process.env.EMAIL_CHANGE_TTL_HOURS ?? 24)
  return (Number.isFinite(hours) && hours > 0 ? hours : 24) * 60 * 60 * 1000
}

export function emailChangeLink(token: string) {
  return appUrl(`/confirm-email/${token}`)
}

/** Whether an address is any user's sign-in email (the email is global: every workspace's users). */
export async function emailTaken(email: string): Promise<boolean> {
  return (await db().user.count({ where: { email } })) > 0
}

/** How many workspaces the user belongs to, in any status. */
export async function workspaceCountOf(userId: string): Promise<number> {
  return db().membership.count({ where: { userId } })
}

/**
 * Voids the member's open requests and writes a new one, inside the caller's transaction.
 * Returns the token (for the mail) and when it expires.
 */
export async function createEmailChange(r: {
  tenantId: string
  membershipId: string
  userId: string
  oldEmail: string
  newEmail: string
  requestedById: string
}) {
  const now = new Date()
  await db().emailChange.updateMany({ where: { membershipId: r.membershipId, usedAt: null, cancelledAt: null }, data: { cancelledAt: now } })
  const { token, tokenHash } = newToken()
  const expiresAt = new Date(now.getTime() + emailChangeTtlMs())
  await db().emailChange.create({ data: { ...r, tokenHash, expiresAt } })
  return { token, expiresAt }
}

/** Voids the member's open requests; returns the addresses they would have set. */
export async function cancelEmailChanges(tenantId: string, membershipId: string): Promise<string[]> {
  const open = await db().emailChange.findMany({ where: { tenantId, membershipId, usedAt: null, cancelledAt: null }, select: { newEmail: true } })
  if (open.length) await db().emailChange.updateMany({ where: { tenantId, membershipId, usedAt: null, cancelledAt: null }, data: { cancelledAt: new Date() } })
  return open.map((o) => o.newEmail)
}

export type PendingEmailChange = { newEmail: string; createdAt: string; expiresAt: string; expired: boolean }

/** The member's newest open request (expired ones too: the page says so), or null. */
export async function pendingEmailChange(tenantId: string, membershipId: string, now = new Date()): Promise<PendingEmailChange | null> {
  const r = await db().emailChange.findFirst({
    where: { tenantId, membershipId, usedAt: null, cancelledAt: null },
    orderBy: { createdAt: 'desc' },
    select: { newEmail: true, createdAt: true, expiresAt: true },
  })
  return r && { newEmail: r.newEmail, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), expired: r.expiresAt <= now }
}

export type EmailChangeState = 'valid' | 'expired' | 'used' | 'voided' | 'unknown'
export type EmailChangeView = {
  state: EmailChangeState
  id?: string
  tenantId?: string
  membershipId?: string
  userId?: string
  workspaceName?: string
  oldEmail?: string
  newEmail?: string
}

/** What the confirmation page shows for a token. A token of a deleted member is unknown. */
export async function findEmailChange(token: string, now = new Date()): Promise<EmailChangeView> {
  const r = await db().emailChange.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      tenantId: true,
      membershipId: true,
      userId: true,
      oldEmail: true,
      newEmail: true,
      expiresAt: true,
      usedAt: true,
      cancelledAt: true,
      tenant: { select: { name: true } },
      user: { select: { email: true } },
      membership: { select: { status: true } },
    },
  })
  if (!r) return { state: 'unknown' }
  const view = {
    id: r.id,
    tenantId: r.tenantId,
    membershipId: r.membershipId,
    userId: r.userId,
    workspaceName: r.tenant.name,
    oldEmail: r.oldEmail,
    newEmail: r.newEmail,
  }
  if (r.usedAt) return { state: 'used', ...view }
  // Voided: cancelled, replaced, the address changed some other way since, or the member is no longer active.
  if (r.cancelledAt || r.user.email !== r.oldEmail || r.membership.status !== 'ACTIVE') return { state: 'voided', ...view }
  if (r.expiresAt <= now) return { state: 'expired', ...view }
  return { state: 'valid', ...view }
}

/**
 * Uses the request once and switches the user's sign-in email. The user's row is updated first,
 * on the condition that it still has the old address: two confirmations of one link queue on that
 * row and the second finds nothing to change. A clash with another user's address undoes only
 * that write (a savepoint). Every session of the user ends (session version).
 */
export async function applyEmailChange(
  id: string,
  userId: string,
  oldEmail: string,
  newEmail: string,
  now = new Date(),
): Promise<'changed' | 'taken' | 'stale'> {
  const user = await unlessTaken(() =>
    db().user.updateMany({ where: { id: userId, email: oldEmail }, data: { email: newEmail, sessionVersion: { increment: 1 } } }),
  )
  if (user === TAKEN) return 'taken'
  if (user.count !== 1) return 'stale'
  const used = await db().emailChange.updateMany({ where: { id, usedAt: null, cancelledAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
  // The user row was ours, so the request could not be used meanwhile; a throw undoes the address.
  if (used.count !== 1) throw new Error('The email change was used while its address was being switched.')
  await db().membership.updateMany({ where: { userId }, data: { version: { increment: 1 } } })
  await db().emailChange.updateMany({ where: { userId, usedAt: null, cancelledAt: null }, data: { cancelledAt: now } })
  return 'changed'
}
