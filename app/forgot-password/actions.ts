'use server'

import { definePublicAction } from '@/lib/authz/guards'
import { ok } from '@/lib/authz/result'
import { RESET_REQUESTED, requestPasswordReset as request } from '@/lib/auth/password-reset'
import { forgotPasswordSchema } from '@/lib/validation/auth'

/** Public: anyone may ask; the answer never says whether an account has the address. */
export const requestPasswordReset = definePublicAction({ audits: [], mails: 'maybe', schema: forgotPasswordSchema }, async ({ email }, { ip }) => {
  await request(email, ip)
  return ok(RESET_REQUESTED)
})
