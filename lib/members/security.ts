import { resetRequestAllowed } from '@/lib/auth/rate-limit'
import type { Access } from '@/lib/authz/access'
import { judgeSecurity, type MemberState, type SecurityAction, type SecurityFacts } from '@/lib/authz/rules'
import { loadTargets } from '@/lib/db/members'
import { queueMails } from '@/lib/db/outbox'
import { createPasswordReset, passwordResetLink } from '@/lib/db/password-resets'
import { endAllSessions, openSessionSummary } from '@/lib/db/sessions'
import { removeTwoFactor } from '@/lib/db/two-factor'
import { accountSecurity } from '@/lib/db/users'
import { passwordResetMail } from '@/lib/mail/messages'

// An admin's actions on a member's sign-in security (the member page's Security section): send
// them a password-reset link, reset their two-factor sign-in (they enrol again), end every session
// of theirs. Each reads the member and their account inside the action's transaction (under the
// workspace lock), asks the rules (judgeSecurity), then writes. None of them changes what anyone
// may do, so the gate's final check has nothing to judge: the rules here are the guard.

type Failure = { ok: false; message: string; code: 'not_found' | 'invalid' | 'forbidden' | 'limit' }

/** A member's sign-in security as the Security section shows it and the rules judge it. */
export type MemberSecurity = SecurityFacts & { twoFactorSince: Date | null; lastSeenAt: Date | null }

export async function memberSecurity(m: Pick<MemberState, 'userId'>): Promise<MemberSecurity> {
  const [account, sessions] = await Promise.all([accountSecurity(m.userId), openSessionSummary(m.userId)])
  return {
    hasPassword: account.hasPassword,
    twoFactor: account.twoFactorSince !== null,
    twoFactorSince: account.twoFactorSince,
    workspaces: account.workspaces,
    openSessions: sessions.open,
    lastSeenAt: sessions.lastSeenAt,
  }
}

/** The member, their account's facts, and the rules' answer for `action`. */
async function judged(access: Access, memberId: string, action: SecurityAction): Promise<{ ok: true; m: MemberState; facts: MemberSecurity } | Failure> {
  const [m] = await loadTargets(access.tenantId, [memberId])
  if (!m) return { ok: false, code: 'not_found', message: 'That member was not found.' }
  const facts = await memberSecurity(m)
  const refusal = judgeSecurity(access, m, action, facts)
  if (refusal) return { ok: false, code: refusal.code ?? 'forbidden', message: refusal.message }
  return { ok: true, m, facts }
}

/**
 * Mails the member a password-reset link, the one "forgot password" sends (single use, one hour,
 * voiding their older links), saying who asked. It counts against the address's limit of reset
 * mails, so nobody floods an inbox from either side.
 */
export async function sendPasswordReset(access: Access, memberId: string, ip: string | null): Promise<{ ok: true; email: string; expiresAt: Date } | Failure> {
  const j = await judged(access, memberId, 'password_reset')
  if (!j.ok) return j
  if (!(await resetRequestAllowed(j.m.email, null)))
    return { ok: false, code: 'limit', message: `Several reset links went to ${j.m.email} in the last 15 minutes. Try again later.` }
  const { token, expiresAt } = await createPasswordReset(j.m.userId, ip)
  const requestedBy = { name: access.member.name || access.email, email: access.email, workspaceName: access.member.tenantName }
  await queueMails([passwordResetMail({ to: j.m.email, link: passwordResetLink(token), expiresAt, requestedBy })], access.tenantId)
  return { ok: true, email: j.m.email, expiresAt }
}

/** Turns the member's two-factor sign-in off: the secret and recovery codes go; they enrol again if the workspace requires it. */
export async function resetMemberTwoFactor(access: Access, memberId: string): Promise<{ ok: true; email: string; since: Date } | Failure> {
  const j = await judged(access, memberId, 'two_factor_reset')
  if (!j.ok) return j
  if (!(await removeTwoFactor(j.m.userId))) return { ok: false, code: 'invalid', message: `${j.m.email} does not use two-factor sign-in.` }
  return { ok: true, email: j.m.email, since: j.facts.twoFactorSince! }
}

/** Ends every session of the member, on every device: each is refused on its next request. */
export async function endMemberSessions(access: Access, memberId: string): Promise<{ ok: true; email: string; open: number } | Failure> {
  const j = await judged(access, memberId, 'end_sessions')
  if (!j.ok) return j
  await endAllSessions(j.m.userId)
  return { ok: true, email: j.m.email, open: j.facts.openSessions }
}
