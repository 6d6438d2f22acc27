import { countBadInviteLookup, inviteLookupsBlocked } from '@/lib/auth/rate-limit'
import type { Access } from '@/lib/authz/access'
import { EMAIL_ELSEWHERE, judgeMember, type MemberState, type Refusal } from '@/lib/authz/rules'
import { recordAudit } from '@/lib/db/audit'
import {
  applyEmailChange,
  cancelEmailChanges,
  createEmailChange,
  emailChangeLink,
  emailTaken,
  findEmailChange,
  workspaceCountOf,
  type EmailChangeState,
} from '@/lib/db/email-changes'
import { loadTargets } from '@/lib/db/members'
import { queueMails } from '@/lib/db/outbox'
import { domainRule } from '@/lib/security/domains'
import { emailChangeConfirmMail, emailChangeNoticeMail } from '@/lib/mail/messages'

// Changing an active member's sign-in email, confirmed by mail. An admin asks (nothing changes
// yet): a single-use, expiring link goes to the new address and a notice to the old one. Whoever
// opens the link at the new address confirms it, and the user's email switches. The email is
// the user's in every workspace, so a workspace only changes the address of a user who belongs to
// it alone; and it is never a way to change one's own (the profile is). Where the workspace lists
// email domains (Security settings), the new address must be at one of them, when it is asked
// for and again when it is confirmed: otherwise changing a member's email would bring in an
// address no invitation could.

type Failure = { ok: false; message: string; code: 'not_found' | 'invalid' | 'forbidden' | 'conflict'; field?: 'email' }

const TAKEN_MESSAGE = 'Another user already signs in with this address. An email belongs to one user across all workspaces: choose another.'

const refused = (r: Refusal): Failure => ({ ok: false, message: r.message, code: r.code ?? 'forbidden', field: 'email' })

/** Why this actor may not ask to change this member's email (the rules, and the one-workspace rule), or null. */
export async function emailChangeRefusal(access: Access, t: MemberState): Promise<Refusal | null> {
  return judgeMember(access, { before: t, after: t, emailRequested: true }) ?? ((await workspaceCountOf(t.userId)) > 1 ? EMAIL_ELSEWHERE : null)
}

/** Asks for the change: writes the request (the token's hash) and queues both mails, in the action's transaction. */
export async function requestEmailChange(
  access: Access,
  memberId: string,
  newEmail: string,
): Promise<{ ok: true; oldEmail: string; newEmail: string; expiresAt: Date } | Failure> {
  const [t] = await loadTargets(access.tenantId, [memberId])
  if (!t) return { ok: false, code: 'not_found', message: 'That member was not found.' }
  const rule = await emailChangeRefusal(access, t)
  if (rule) return refused(rule)
  if (newEmail === t.email) return { ok: false, code: 'invalid', field: 'email', message: 'That is already their email.' }
  const outside = (await domainRule(access.tenantId)).emailChange(newEmail)
  if (outside) return { ok: false, code: 'invalid', field: 'email', message: outside }
  if (await emailTaken(newEmail)) return { ok: false, code: 'conflict', field: 'email', message: TAKEN_MESSAGE }

  const { token, expiresAt } = await createEmailChange({
    tenantId: access.tenantId,
    membershipId: t.membershipId,
    userId: t.userId,
    oldEmail: t.email,
    newEmail,
    requestedById: access.membershipId,
  })
  const about = {
    workspaceName: access.member.tenantName,
    requesterName: access.member.name || access.email,
    requesterEmail: access.email,
    oldEmail: t.email,
    newEmail,
  }
  await queueMails([emailChangeConfirmMail({ ...about, link: emailChangeLink(token), expiresAt }), emailChangeNoticeMail(about)], access.tenantId)
  return { ok: true, oldEmail: t.email, newEmail, expiresAt }
}

/** Voids the member's pending change (its link stops working). */
export async function cancelEmailChange(access: Access, memberId: string): Promise<{ ok: true; email: string; newEmail: string } | Failure> {
  const [t] = await loadTargets(access.tenantId, [memberId])
  if (!t) return { ok: false, code: 'not_found', message: 'That member was not found.' }
  const rule = judgeMember(access, { before: t, after: t, addressed: true })
  if (rule) return refused(rule)
  const voided = await cancelEmailChanges(access.tenantId, t.membershipId)
  if (voided.length === 0) return { ok: false, code: 'invalid', message: `${t.email} has no pending email change.` }
  return { ok: true, email: t.email, newEmail: voided[0] }
}

const STALE: Record<Exclude<EmailChangeState, 'valid'>, string> = {
  unknown: 'This confirmation link is not valid.',
  used: 'This email change has already been confirmed.',
  voided: 'This email change was cancelled or replaced by a newer one.',
  expired: 'This confirmation link has expired. Ask your admin to request the change again.',
}

export type ConfirmOutcome = { ok: true; oldEmail: string; newEmail: string } | { ok: false; message: string; code: 'invalid' | 'conflict' | 'forbidden' }

/** Confirms a change with its link (no session: the link, sent to the new address, is the proof). */
export async function confirmEmailChange(token: string, ip: string | null): Promise<ConfirmOutcome> {
  if (await inviteLookupsBlocked(ip)) return { ok: false, code: 'forbidden', message: 'Too many invalid links from your network. Try again in 15 minutes.' }
  const c = await findEmailChange(token)
  if (c.state === 'unknown') await countBadInviteLookup(ip)
  if (c.state !== 'valid') return { ok: false, code: 'invalid', message: STALE[c.state] }
  // They may have joined another workspace since the request, or the workspace's domains changed.
  if ((await workspaceCountOf(c.userId!)) > 1) return { ok: false, code: 'forbidden', message: EMAIL_ELSEWHERE.message }
  const outside = (await domainRule(c.tenantId!)).emailChange(c.newEmail!)
  if (outside) return { ok: false, code: 'forbidden', message: `${outside} This change can no longer be confirmed; ask your admin about another address.` }
  if (await emailTaken(c.newEmail!)) return { ok: false, code: 'conflict', message: TAKEN_MESSAGE }
  const applied = await applyEmailChange(c.id!, c.userId!, c.oldEmail!, c.newEmail!)
  if (applied === 'taken') return { ok: false, code: 'conflict', message: TAKEN_MESSAGE }
  if (applied === 'stale') return { ok: false, code: 'invalid', message: STALE.used }
  await recordAudit([
    {
      tenantId: c.tenantId!,
      actorId: c.userId!,
      actorEmail: c.newEmail!,
      action: 'member.email_changed',
      targetType: 'member',
      targetId: c.membershipId!,
      summary: `Changed the sign-in email of ${c.oldEmail} to ${c.newEmail}`,
      before: { email: c.oldEmail! },
      after: { email: c.newEmail! },
      ip,
    },
  ])
  return { ok: true, oldEmail: c.oldEmail!, newEmail: c.newEmail! }
}
