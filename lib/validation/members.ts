import { z } from 'zod'
import { BASE_ROLES, MAX_INVITES, MEMBER_SORTS, MEMBER_STATUSES, PAGE_SIZES, SIGN_IN_FILTERS, TWO_FACTOR_FILTERS } from './members-constants'
import { cursorFields, pagingFields, parseSearchParams, type SearchParams } from './search-params'

export {
  BASE_ROLES,
  MAX_INVITES,
  MEMBER_SORTS,
  MEMBER_STATUSES,
  PAGE_SIZES,
  SIGN_IN_FILTERS,
  SIGN_IN_STALE_DAYS,
  TWO_FACTOR_FILTERS,
  type MemberSort,
  type SignInFilter,
  type TwoFactorFilter,
} from './members-constants'

// Schemas shared by the Settings → Users forms and their server actions.

const id = z.string().trim().min(1).max(64)
const ids = z.array(id).min(1, 'Select at least one member.').max(500, 'Select at most 500 members at a time.')
export const baseRoleSchema = z.enum(BASE_ROLES, { error: 'Choose owner, admin or member.' })
export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address.')
  .max(254, 'Use at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))

export const inviteRowSchema = z.object({
  email: emailSchema,
  baseRole: baseRoleSchema.default('MEMBER'),
  roleTemplateId: id.nullable().default(null),
})
export type InviteRow = z.input<typeof inviteRowSchema>

export const inviteMembersSchema = z.object({
  rows: z.array(inviteRowSchema).min(1, 'Add at least one email address.').max(MAX_INVITES, `Invite at most ${MAX_INVITES} people at a time.`),
  crmAccess: z.boolean().default(false),
})
export type InviteMembersInput = z.input<typeof inviteMembersSchema>

/** The same batch, checked without writing; `offset` places this chunk in the whole batch (seat count). */
export const checkInvitesSchema = inviteMembersSchema.extend({ offset: z.number().int().min(0).max(MAX_INVITES).default(0) })

export const memberIdSchema = z.object({ memberId: id })

export const setMemberStatusSchema = z.object({ memberIds: ids, status: z.enum(['ACTIVE', 'SUSPENDED']) })

export const deleteMembersSchema = z
  .object({
    memberIds: ids,
    /** Where the deleted members' contacts go: nobody, another member, or a team. */
    reassignTo: z.enum(['unassigned', 'member', 'team']).default('unassigned'),
    reassignId: id.nullable().default(null),
  })
  .refine((v) => v.reassignTo === 'unassigned' || v.reassignId, { path: ['reassignId'], error: 'Choose who gets their contacts.' })

export const setMembersTemplateSchema = z.object({ memberIds: ids, roleTemplateId: id.nullable() })

export const updateMemberSchema = z.object({
  memberId: id,
  /** The version the form loaded: a save over someone else's change is refused. */
  version: z.coerce.number().int().min(1),
  /** Only an invited member's address can be corrected; an account's email belongs to its user. */
  email: emailSchema.optional(),
  baseRole: baseRoleSchema,
  roleTemplateId: id.nullable(),
  crmAccess: z.boolean(),
  teamIds: z.array(id).max(200, 'Too many teams.'),
  /** Direct grants; the template's permissions are not repeated here. */
  permissions: z.array(z.string().max(100)).max(1000, 'Too many permissions.'),
})
export type UpdateMemberInput = z.input<typeof updateMemberSchema>

// ─── The members table's URL state ────────────────────────────────────────────────────────

/**
 * Parses the members table's search params. A link is user-editable, so a bad value falls back
 * to its default instead of failing the page.
 */
export const memberQuerySchema = z.object({
  q: z.string().trim().max(200).catch(''),
  role: z.enum(BASE_ROLES).optional().catch(undefined),
  status: z.enum(MEMBER_STATUSES).optional().catch(undefined),
  /** A role template id, or `none` for members without one. */
  template: z.string().trim().min(1).max(64).optional().catch(undefined),
  /** Members who never signed in, or not for SIGN_IN_STALE_DAYS days. */
  signin: z.enum(SIGN_IN_FILTERS).optional().catch(undefined),
  /** Members who use two-factor sign-in, or who do not. */
  twofactor: z.enum(TWO_FACTOR_FILTERS).optional().catch(undefined),
  sort: z.enum(MEMBER_SORTS).catch('email'),
  ...pagingFields,
  ...cursorFields,
  size: z.coerce.number().pipe(z.literal(PAGE_SIZES)).catch(25),
})
export type MemberQuery = z.output<typeof memberQuerySchema>

export function parseMemberQuery(params: SearchParams): MemberQuery {
  return parseSearchParams(memberQuerySchema, params)
}

/** An admin's request to change an active member's sign-in email (confirmed by the new address). */
export const requestEmailChangeSchema = z.object({ memberId: id, email: emailSchema })
export type RequestEmailChangeInput = z.input<typeof requestEmailChangeSchema>

/** The link of an email change, opened by the new address. */
export const confirmEmailChangeSchema = z.object({
  token: z.string().trim().min(20, 'This confirmation link is not valid.').max(200, 'This confirmation link is not valid.'),
})
