import { z } from 'zod'
import { cursorFields, pagingFields, parseSearchParams, type SearchParams } from './search-params'

const id = z.string().trim().min(1).max(64)

export const contactFieldsSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'Use at most 254 characters.')
    .pipe(z.union([z.literal(''), z.email({ error: 'Enter a valid email address, or leave it empty.' })]))
    .default(''),
})
export type ContactFields = z.input<typeof contactFieldsSchema>

/** Owner and team: `null` leaves the contact without one. */
const assignment = { ownerId: id.nullable().default(null), teamId: id.nullable().default(null) }

/** A new contact: without an owner given it is its creator's; choosing another (or none) or a team is assigning. */
export const createContactSchema = contactFieldsSchema.extend({ ownerId: id.nullable().optional(), teamId: assignment.teamId })
export const updateContactSchema = contactFieldsSchema.extend({ contactId: id })
export const assignContactSchema = z.object({ contactId: id, ...assignment })
export const contactIdSchema = z.object({ contactId: id })

export const CONTACT_SORTS = ['name', 'email', 'owner', 'team', 'created'] as const
export const contactQuerySchema = z.object({
  q: z.string().trim().max(200).catch(''),
  /** A member id, `me`, or `none` (no owner). */
  owner: z.string().trim().min(1).max(64).optional().catch(undefined),
  /** A team id or `none`. */
  team: z.string().trim().min(1).max(64).optional().catch(undefined),
  sort: z.enum(CONTACT_SORTS).catch('name'),
  ...pagingFields,
  ...cursorFields,
  size: z.coerce
    .number()
    .pipe(z.literal([10, 25, 50, 100]))
    .catch(25),
})
export type ContactQuery = z.output<typeof contactQuerySchema>

export function parseContactQuery(params: SearchParams): ContactQuery {
  return parseSearchParams(contactQuerySchema, params)
}
