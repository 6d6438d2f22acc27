'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import * as emailChange from '@/lib/members/email-change'
import * as memberService from '@/lib/members/update'
import { memberIdSchema, requestEmailChangeSchema, updateMemberSchema } from '@/lib/validation/members'

export const updateMember = defineAction(
  { audits: ['member.update'], mails: 'maybe', permission: 'users.edit', schema: updateMemberSchema },
  async (input, { access, audit }) => {
    const r = await memberService.updateMember(access, input)
    if (!r.ok) return fail(r.message, r.fieldErrors, r.code)
    audit({
      action: 'member.update',
      targetType: 'member',
      targetId: input.memberId,
      summary: `Updated ${r.after.email}`,
      before: { ...r.before, permissionsRemoved: r.removed },
      after: { ...r.after, permissionsAdded: r.added },
    })
    revalidatePath('/settings/users')
    revalidatePath(`/settings/users/${input.memberId}`)
    if (r.reinvited) return ok(`Saved. A new invitation went to ${r.after.email}; the link sent to ${r.before.email} no longer works.`)
    return ok('Saved. The change applies on their next request.')
  },
)

/** Asks to change an active member's sign-in email: nothing changes until the new address confirms. */
export const requestEmailChange = defineAction(
  { audits: ['member.email_change_requested'], mails: 'always', permission: 'users.edit', schema: requestEmailChangeSchema },
  async ({ memberId, email }, { access, audit }) => {
    const r = await emailChange.requestEmailChange(access, memberId, email)
    if (!r.ok) return fail(r.message, r.field ? { [r.field]: [r.message] } : undefined, r.code)
    audit({
      action: 'member.email_change_requested',
      targetType: 'member',
      targetId: memberId,
      summary: `Asked to change the sign-in email of ${r.oldEmail} to ${r.newEmail}`,
      before: { email: r.oldEmail },
      after: { email: r.newEmail, expiresAt: r.expiresAt.toISOString() },
    })
    revalidatePath(`/settings/users/${memberId}`)
    return ok(`A confirmation link went to ${r.newEmail}. Their email changes once it is confirmed; ${r.oldEmail} was told.`)
  },
)

export const cancelEmailChange = defineAction(
  { audits: ['member.email_change_cancelled'], permission: 'users.edit', schema: memberIdSchema },
  async ({ memberId }, { access, audit }) => {
    const r = await emailChange.cancelEmailChange(access, memberId)
    if (!r.ok) return fail(r.message, undefined, r.code)
    audit({
      action: 'member.email_change_cancelled',
      targetType: 'member',
      targetId: memberId,
      summary: `Cancelled the change of the sign-in email of ${r.email} to ${r.newEmail}`,
      before: { email: r.email, pendingEmail: r.newEmail },
    })
    revalidatePath(`/settings/users/${memberId}`)
    return ok(`Cancelled. The link sent to ${r.newEmail} no longer works.`)
  },
)
