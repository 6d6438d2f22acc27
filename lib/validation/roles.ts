import { z } from 'zod'
import { pagingFields, parseSearchParams, type SearchParams } from './search-params'

const id = z.string().trim().min(1).max(64)
const permissions = z.array(z.string().max(100)).max(1000, 'Too many permissions.')

export const roleFieldsSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the role template.').max(60, 'Use at most 60 characters.'),
  description: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
})
export type RoleFields = z.input<typeof roleFieldsSchema>

export const createRoleSchema = roleFieldsSchema.extend({ permissions })
export type CreateRoleInput = z.input<typeof createRoleSchema>

export const updateRoleSchema = roleFieldsSchema.extend({
  roleId: id,
  permissions,
  /** The version the editor loaded; a save on an older one is refused. */
  version: z.coerce.number().int().min(1),
})

export const roleIdSchema = z.object({ roleId: id })

export const previewRoleSchema = z.object({ roleId: id, permissions })

export const deleteRoleSchema = z
  .object({
    roleId: id,
    /** Members using the role move to this one… */
    replacementId: id.nullable().default(null),
    /** …or explicitly lose the role: how many members the dialog said (a stale count is refused). */
    removeFromMembers: z.number().int().min(0).nullable().default(null),
  })
  .refine((v) => !(v.replacementId && v.removeFromMembers !== null), { path: ['replacementId'], error: 'Choose a replacement or removal, not both.' })

export const setAssigneesSchema = z.object({
  roleId: id,
  add: z.array(id).max(500, 'At most 500 members at a time.').default([]),
  remove: z.array(id).max(500, 'At most 500 members at a time.').default([]),
})

export const ROLE_SORTS = ['name', 'members', 'created', 'updated'] as const
export const roleQuerySchema = z.object({
  q: z.string().trim().max(200).catch(''),
  sort: z.enum(ROLE_SORTS).catch('name'),
  ...pagingFields,
  size: z.coerce
    .number()
    .pipe(z.literal([10, 25, 50, 100]))
    .catch(25),
})
export type RoleQuery = z.output<typeof roleQuerySchema>

export function parseRoleQuery(params: SearchParams): RoleQuery {
  return parseSearchParams(roleQuerySchema, params)
}

export const searchAssignableSchema = z.object({ roleId: id, q: z.string().trim().max(200).default('') })
