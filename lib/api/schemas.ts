import { z } from 'zod'
import { BASE_ROLES, MEMBER_STATUSES } from '@/lib/validation/members-constants'

// The shapes the API answers with, shared by its routes (the OpenAPI document names each by its
// `meta({ id })`). The request schemas are the server actions' own (lib/validation/*).

/** An id in a path: anything longer than an id is nobody's (404). */
export const idParam = z.string().min(1).max(64).describe('An id, as the API gives it.')

const ref = z.object({ id: z.string(), name: z.string() })
const when = z.iso.datetime()

export const memberSummarySchema = z
  .object({
    id: z.string().describe('The membership’s id: a person in this workspace.'),
    email: z.string(),
    name: z.string(),
    baseRole: z.enum(BASE_ROLES),
    status: z.enum(MEMBER_STATUSES),
    crmAccess: z.boolean().describe('Access to the CRM’s records (always true for owners and admins).'),
    roleTemplate: ref.nullable(),
    teams: z.array(ref),
    lastLoginAt: when.nullable(),
    createdAt: when,
    inviteExpiresAt: when.nullable().describe('For an invited member: when their newest invitation link expires.'),
  })
  .meta({ id: 'MemberSummary', description: 'A member as the members list shows them.' })

export const memberSchema = memberSummarySchema
  .extend({
    version: z.number().int().describe('Goes up with every change; the ETag is this number in quotes.'),
    permissions: z.array(z.string()).describe('Direct grants, besides the role template’s.'),
    templatePermissions: z.array(z.string()).describe('What the role template grants.'),
    invitedBy: z.object({ email: z.string(), name: z.string() }).nullable(),
    updatedAt: when,
  })
  .meta({ id: 'Member', description: 'A member of the workspace.' })

/** A list's slice and where the next one starts. */
export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item),
      total: z.number().int().describe('How many match the filters.'),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next slice; null at the end.'),
    })
    .meta({ id })
}

/** `limit` and `cursor` of a list. */
export const sliceQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('How many to return, 1 to 100 (25).'),
  cursor: z.string().max(2000).optional().describe('The `nextCursor` of the previous slice.'),
}
