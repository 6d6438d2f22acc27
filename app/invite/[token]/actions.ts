'use server'

import { definePublicAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { acceptInvitation } from '@/lib/members/accept'
import { acceptInvitationSchema } from '@/lib/validation/invitations'

/** Public: the invitee is not signed in. The token and (for an existing account) the password prove who calls. */
export const acceptInvite = definePublicAction({ audits: ['member.join'], schema: acceptInvitationSchema }, async (input, { ip }) => {
  const r = await acceptInvitation(input, ip)
  if (!r.ok) return fail(r.message, r.fieldErrors, r.state === 'no_seat' ? 'limit' : r.fieldErrors ? 'invalid' : 'conflict')
  return ok('Welcome aboard.', { email: r.email, tenantId: r.tenantId })
})
