'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import * as memberService from '@/lib/members/update'
import { updateMemberSchema } from '@/lib/validation/members'

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
