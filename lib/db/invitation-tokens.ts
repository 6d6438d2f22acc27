import { createHash, randomBytes } from 'node:crypto'
import { appUrl } from '@/lib/app-url'
import { invitationMail, type Mail } from '@/lib/mail/messages'

// Invitation tokens and their mails, without the database (the seed uses them too). A token is
// 32 random bytes, sent once by mail; only its SHA-256 is stored. It is single use, expires
// (INVITE_TTL_DAYS, 7 by default) and is voided by a resend.

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
export function newToken() {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashToken(token) }
}
export function inviteTtlMs() {
  const days = Number(process.env.INVITE_TTL_DAYS ?? 7)
  return (Number.isFinite(days) && days > 0 ? days : 7) * 24 * 60 * 60 * 1000
}
export function inviteLink(token: string) {
  return appUrl(`/invite/${token}`)
}

export type Inviter = { membershipId: string; name: string; email: string; workspaceName: string }

/** An invitation's mail; it carries the link, so it names the membership whose access the link grants. */
export function mailFor(inviter: Inviter, to: string, token: string, expiresAt: Date, membershipId: string): Mail {
  return {
    ...invitationMail({
      to,
      workspaceName: inviter.workspaceName,
      inviterName: inviter.name || inviter.email,
      inviterEmail: inviter.email,
      link: inviteLink(token),
      expiresAt,
    }),
    membershipId,
  }
}

/** A new invitation of a member: its row (the token's hash) and its mail (the token, in the link). Writes nothing. */
export function newInvitation(membershipId: string, email: string, inviter: Inviter, now = new Date()) {
  const { token, tokenHash } = newToken()
  const expiresAt = new Date(now.getTime() + inviteTtlMs())
  return { row: { membershipId, tokenHash, expiresAt }, mail: mailFor(inviter, email, token, expiresAt, membershipId) }
}
