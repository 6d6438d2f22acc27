'use server'

import { definePublicAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { confirmEmailChange as confirm } from '@/lib/members/email-change'
import { confirmEmailChangeSchema } from '@/lib/validation/members'

/** Public: the link, sent to the new address, proves who calls. */
export const confirmEmailChange = definePublicAction({ audits: ['member.email_changed'], schema: confirmEmailChangeSchema }, async ({ token }, { ip }) => {
  const r = await confirm(token, ip)
  if (!r.ok) return fail(r.message, undefined, r.code)
  return ok(`Your sign-in email is now ${r.newEmail}. Sign in with it; your other sessions have ended.`, { email: r.newEmail })
})
