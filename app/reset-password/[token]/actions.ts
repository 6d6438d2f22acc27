'use server'

import { definePublicAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { resetPassword as reset } from '@/lib/auth/password-reset'
import { resetPasswordSchema } from '@/lib/validation/auth'

/** Public: the link, sent to the account's address, proves who calls. */
export const resetPassword = definePublicAction({ audits: ['profile.password_reset'], schema: resetPasswordSchema }, async ({ token, newPassword }, { ip }) => {
  const r = await reset(token, newPassword, ip)
  if (!r.ok) return fail(r.message, undefined, r.code)
  return ok('Your password was changed. Sign in with the new one.')
})
