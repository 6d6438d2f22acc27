import { z } from 'zod'
import type { FieldErrors } from '@/lib/authz/result'
import type { ParsedInviteRow } from './invite-batch'
import { baseRoleSchema, inviteRowSchema } from './members'

// The invite dialog's schemas: its compose form, and each row's own check. The parsing and the
// chunked check they go with are in invite-batch.ts (no zod), re-exported here.

export * from './invite-batch'

/** The dialog's first step. The rows themselves are checked with `inviteRowSchema`. */
export const inviteComposeSchema = z.object({
  text: z.string().max(100_000, 'That is too much text; upload a CSV file instead.'),
  baseRole: baseRoleSchema,
  /** '' = no template. */
  roleTemplateId: z.string().max(64),
  crmAccess: z.boolean(),
})
export type InviteCompose = z.infer<typeof inviteComposeSchema>

/** Each row's own check (`inviteRowSchema`), keyed like the server's: `rows.3.email`. */
export function validateInviteRows(rows: ParsedInviteRow[]): FieldErrors {
  const errors: FieldErrors = {}
  rows.forEach((row, i) => {
    const r = inviteRowSchema.safeParse(row)
    if (!r.success) for (const issue of r.error.issues) (errors[['rows', i, ...issue.path].join('.')] ??= []).push(issue.message)
  })
  return errors
}
