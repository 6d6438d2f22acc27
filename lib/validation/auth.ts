import { z } from 'zod'

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').email('Enter a valid email address.').max(320, 'That email address is too long.'),
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
})
export type SignInInput = z.infer<typeof signInSchema>

export const passwordSchema = z.string().min(10, 'Use at least 10 characters.').max(200, 'Use at most 200 characters.')

export const profileSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'Use at most 100 characters.'),
})

/** Ending one of one's own sessions from the profile's session list. */
export const endSessionSchema = z.object({ sessionId: z.string().trim().min(1).max(100) })

/** A new password and its confirmation: the profile's change and the "forgot password" reset share the rules. */
const newPasswordFields = { newPassword: passwordSchema, confirmPassword: z.string() }
const matches = (v: { newPassword: string; confirmPassword: string }) => v.newPassword === v.confirmPassword
const MISMATCH = { path: ['confirmPassword'], message: 'The passwords do not match.' }

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password.').max(1024), ...newPasswordFields })
  .refine(matches, MISMATCH)

export const forgotPasswordSchema = z.object({ email: signInSchema.shape.email })
export type ForgotPasswordInput = z.infer<typeof forgotPasswordSchema>

export const resetPasswordSchema = z.object({ token: z.string().min(1).max(200), ...newPasswordFields }).refine(matches, MISMATCH)
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>

const HERE = 'http://teamgate.invalid'

/**
 * A path of this site to return to after sign-in, as the browser will read it: parsed as a URL
 * (which drops tabs and line breaks and reads `\` as `/`, so `/\t/evil.test` is `//evil.test`),
 * kept only if it stays on this origin; anything else is `/`.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/')) return '/'
  let url: URL
  try {
    url = new URL(next, HERE)
  } catch {
    return '/'
  }
  return url.origin === HERE ? `${url.pathname}${url.search}${url.hash}` : '/'
}

/** A code from an authenticator app (confirming enrolment, new recovery codes). */
export const twoFactorCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the 6-digit code from your app.')
    .max(64)
    .refine((c) => /^\d{6}$/.test(c.replace(/[\s-]/g, '')), 'Enter the 6 digits your app shows.'),
})
export type TwoFactorCodeInput = z.infer<typeof twoFactorCodeSchema>

/** Turning two-factor off: proven with a code from the app or the password. */
export const disableTwoFactorSchema = z.discriminatedUnion('proof', [
  z.object({ proof: z.literal('code'), code: twoFactorCodeSchema.shape.code }),
  z.object({ proof: z.literal('password'), password: z.string().min(1, 'Enter your password.').max(1024) }),
])
export type DisableTwoFactorInput = z.infer<typeof disableTwoFactorSchema>
