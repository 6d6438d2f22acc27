import { z } from 'zod'
import { permissionList, SCOPES } from '@/lib/authz/catalog'

// The API's authorize call (POST /api/v1/authorize): its body and its answer. The OpenAPI
// document is generated from these schemas (lib/api/openapi.ts).

/** The most checks one call may hold. */
export const MAX_CHECKS = 100

const PERMISSIONS = permissionList() as [string, ...string[]]
const memberId = z.string().trim().min(1).max(64)

export const authorizeCheckSchema = z
  .object({
    member: z
      .string()
      .trim()
      .min(1, 'Name the member: their member id or their email.')
      .max(320)
      .describe('The member: their member id (as the users list and the API show it) or their sign-in email.'),
    permission: z
      .enum(PERMISSIONS, { error: 'Unknown permission: use a key of the permission catalog.' })
      .describe('A permission key: a leaf (contacts.view.team, users.invite) or a scoped action at any scope (contacts.view).'),
    record: z
      .object({
        ownerId: memberId.nullable().optional().describe('The member id of the record’s owner; null or absent for none.'),
        teamId: memberId.nullable().optional().describe('The id of the record’s team; null or absent for none.'),
      })
      .strict()
      .optional()
      .describe(
        'A record of yours, assigned like a contact: the record scopes (own, team, all assigned, unassigned…) decide. Ignored for a permission without scopes.',
      ),
  })
  .strict()
  .meta({ id: 'AuthorizeCheck' })

export const authorizeSchema = z
  .object({
    checks: z
      .array(authorizeCheckSchema)
      .min(1, 'Send at least one check.')
      .max(MAX_CHECKS, `At most ${MAX_CHECKS} checks at a time.`)
      .describe(`Up to ${MAX_CHECKS} checks, answered in the same order.`),
    explain: z.boolean().default(false).describe('Also say why: the reasons the member page’s “View as” gives.'),
  })
  .strict()
  .meta({ id: 'AuthorizeRequest' })
export type AuthorizeInput = z.output<typeof authorizeSchema>

export const authorizeResultSchema = z
  .object({
    allowed: z.boolean(),
    error: z.enum(['member_not_found']).optional().describe('Set when the check could not be made: no such member in the workspace.'),
    scope: z.enum(SCOPES).nullable().optional().describe('With explain and a record: the scope that reached the record (null: none did).'),
    reason: z.string().optional().describe('With explain: why, in words (“Yes — scope “team”: …”, “No — CRM access is off”).'),
  })
  .meta({ id: 'AuthorizeResult' })

export const authorizeResponseSchema = z
  .object({ results: z.array(authorizeResultSchema).describe('One result per check, in order.') })
  .meta({ id: 'AuthorizeResponse' })
