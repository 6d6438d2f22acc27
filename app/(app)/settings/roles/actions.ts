'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, notFoundResult, ok } from '@/lib/authz/result'
import { prepareGrant } from '@/lib/authz/rules'
import { getRole, updateRole as saveRole } from '@/lib/db/roles'
import { updateRoleSchema } from '@/lib/validation/roles'

export const updateRole = defineAction({ permission: 'roles.edit', schema: updateRoleSchema }, async (input, { access, audit }) => {
  const role = await getRole(access.tenantId, input.roleId)
  if (!role) return notFoundResult('That role')
  const grant = prepareGrant(access, role.permissions, input.permissions)
  if ('refusal' in grant) return fail(grant.refusal.message, { permissions: [grant.refusal.message] }, grant.refusal.code ?? 'forbidden')
  const saved = await saveRole(access.tenantId, role.id, input.version, { name: input.name, description: input.description, permissions: grant.keys })
  if (!saved.ok) {
    if (saved.reason === 'not_found') return notFoundResult('That role')
    if (saved.reason === 'name_taken') return fail('Check the highlighted fields.', { name: ['Another role already has this name.'] }, 'conflict')
    return fail('This role was changed by someone else since you opened it. Reload to see their changes, then make yours again.', undefined, 'conflict')
  }
  const before = new Set(role.permissions)
  const after = new Set<string>(grant.keys)
  audit({
    action: 'role.update',
    targetType: 'role',
    targetId: role.id,
    summary: `Updated role ${input.name}`,
    before: { name: role.name, description: role.description, permissionsRemoved: role.permissions.filter((k) => !after.has(k)) },
    after: { name: input.name, description: input.description, permissionsAdded: grant.keys.filter((k) => !before.has(k)) },
  })
  revalidatePath('/settings/roles')
  return ok('Role saved. Members with this role get the change on their next request.', { version: saved.version })
})
