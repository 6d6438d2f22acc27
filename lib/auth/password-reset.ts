import { recordAudit } from '@/lib/db/audit'
import { queueMails } from '@/lib/db/outbox'
import { createPasswordReset, findPasswordReset, passwordResetLink, resettableUser, redeemPasswordReset, workspacesOfUser } from '@/lib/db/password-resets'
import { passwordResetMail } from '@/lib/mail/messages'
import { hashPassword } from './password'
import { countBadInviteLookup, inviteLookupsBlocked, resetRequestAllowed } from './rate-limit'
import { normalizeEmail } from './sign-in'

// "Forgot password": anyone may ask for a link for an address; the answer is the same whether or
// not an account has it (the mail is the only difference, and only that inbox sees it). Opening
// the link and choosing a new password sets it, ends every session and is written to the audit
// log of each workspace the user belongs to. Sign-in rules do not change: a suspended member's
// password changes, and signing in stays refused.

export const RESET_REQUESTED = 'If an account exists for that address, we sent a link to reset its password. It works for 1 hour.'

/** Asks for a link, in the action's transaction: counts the request, and writes the link and its mail if an account has the address. */
export async function requestPasswordReset(rawEmail: string, ip: string | null): Promise<void> {
  const email = normalizeEmail(rawEmail)
  if (!(await resetRequestAllowed(email, ip))) return
  const user = await resettableUser(email)
  if (!user) return
  const { token, expiresAt } = await createPasswordReset(user.id, ip)
  await queueMails([passwordResetMail({ to: user.email, link: passwordResetLink(token), expiresAt })])
}

export const RESET_STALE = {
  used: 'This link was already used to reset the password. Request a new link if you need one.',
  expired: 'This link has expired or was replaced by a newer one. Request a new link.',
  unknown: 'This link is not valid. Request a new link.',
} as const

export type ResetOutcome = { ok: true } | { ok: false; code: 'not_found' | 'invalid' | 'limit'; message: string }

/** Sets a new password with a link (no session: the link, sent to the account's address, is the proof). */
export async function resetPassword(token: string, password: string, ip: string | null): Promise<ResetOutcome> {
  if (await inviteLookupsBlocked(ip)) return { ok: false, code: 'limit', message: 'Too many invalid links from your network. Try again in 15 minutes.' }
  const r = await findPasswordReset(token)
  if (r.state === 'unknown') {
    await countBadInviteLookup(ip)
    return { ok: false, code: 'not_found', message: RESET_STALE.unknown }
  }
  if (r.state !== 'valid') return { ok: false, code: 'invalid', message: RESET_STALE[r.state] }
  const changed = await redeemPasswordReset(r.id!, r.userId!, await hashPassword(password))
  if (changed === 'stale') return { ok: false, code: 'invalid', message: RESET_STALE.used }
  const summary = 'Reset their password with an emailed link (all sessions ended)'
  const events = (await workspacesOfUser(r.userId!)).map((tenantId) => ({
    tenantId,
    actorId: r.userId!,
    actorEmail: r.email!,
    action: 'profile.password_reset' as const,
    targetType: 'user',
    targetId: r.userId!,
    summary,
    ip,
  }))
  await recordAudit(events)
  return { ok: true }
}
