import { z } from 'zod'
import { passwordSchema } from './auth'

const token = z.string().trim().min(20, 'This invitation link is not valid.').max(200, 'This invitation link is not valid.')

/** A new person sets their name and password; someone with an account proves it with theirs. */
export const acceptNewAccountSchema = z
  .object({
    mode: z.literal('new'),
    token,
    name: z.string().trim().min(1, 'Enter your name.').max(100, 'Use at most 100 characters.'),
    password: passwordSchema,
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], error: 'The passwords do not match.' })

export const acceptExistingSchema = z.object({
  mode: z.literal('existing'),
  token,
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
})

export const acceptInvitationSchema = z.discriminatedUnion('mode', [acceptNewAccountSchema, acceptExistingSchema])
export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>
