import { z } from 'zod'

const id = z.string().trim().min(1).max(64)

export const roleFieldsSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the role.').max(60, 'Use at most 60 characters.'),
  description: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
  permissions: z.array(z.string().max(100)).max(1000, 'Too many permissions.'),
})
export type RoleFields = z.input<typeof roleFieldsSchema>

export const updateRoleSchema = roleFieldsSchema.extend({
  roleId: id,
  /** The version the editor loaded; a save on an older one is refused. */
  version: z.coerce.number().int().min(1),
})
