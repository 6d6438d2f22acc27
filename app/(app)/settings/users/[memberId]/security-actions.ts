'use server'

import { revalidatePath } from 'next/cache'
import { formatExpiry } from '@/lib/mail/messages'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import * as security from '@/lib/members/security'
import { memberIdSchema } from '@/lib/validation/members'

// The member page's Security section: a password-reset link, resetting two-factor sign-in, ending
// every session. Each needs “Edit user security settings” and is judged by the rules
// (judgeSecurity): never on oneself, only owners on owners and admins, nothing the member holds
// that the actor does not.

/** Mails the member a link to choose a new password; their password stays until they use it. */
export const sendMemberPasswordReset = defineAction(
  { audits: ['member.password_reset_sent'], mails: 'always', permission: 'users.security', schema: memberIdSchema },
  async ({ memberId }, { access, audit, ip }) => {
    const r = await security.sendPasswordReset(access, memberId, ip)
    if (!r.ok) return fail(r.message, undefined, r.code)
    audit({
      action: 'member.password_reset_sent',
      targetType: 'member',
      targetId: memberId,
      summary: `Sent ${r.email} a link to reset their password`,
      after: { expiresAt: r.expiresAt.toISOString() },
    })
    return ok(`A password-reset link went to ${r.email}. It works once, until ${formatExpiry(r.expiresAt)}; their password stays until they use it.`)
  },
)

/** Turns the member's two-factor sign-in off; they set it up again (on their next request, if the workspace requires it). */
export const resetMemberTwoFactor = defineAction(
  { audits: ['member.two_factor_reset'], permission: 'users.security', schema: memberIdSchema },
  async ({ memberId }, { access, audit }) => {
    const r = await security.resetMemberTwoFactor(access, memberId)
    if (!r.ok) return fail(r.message, undefined, r.code)
    audit({
      action: 'member.two_factor_reset',
      targetType: 'member',
      targetId: memberId,
      summary: `Reset the two-factor sign-in of ${r.email}`,
      before: { twoFactor: true },
      after: { twoFactor: false },
    })
    revalidatePath(`/settings/users/${memberId}`)
    return ok(`Two-factor sign-in of ${r.email} is off, and their recovery codes no longer work. They can set it up again from their profile.`)
  },
)

/** Ends every session of the member, on every device; they sign in again. */
export const endMemberSessions = defineAction(
  { audits: ['member.sessions_ended'], permission: 'users.security', schema: memberIdSchema },
  async ({ memberId }, { access, audit }) => {
    const r = await security.endMemberSessions(access, memberId)
    if (!r.ok) return fail(r.message, undefined, r.code)
    audit({
      action: 'member.sessions_ended',
      targetType: 'member',
      targetId: memberId,
      summary: `Ended every session of ${r.email}`,
      before: { openSessions: r.open },
      after: { openSessions: 0 },
    })
    revalidatePath(`/settings/users/${memberId}`)
    return ok(`Ended ${r.open === 1 ? 'the open session' : `all ${r.open} open sessions`} of ${r.email}: they have to sign in again.`)
  },
)
