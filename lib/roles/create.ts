import type { Access } from '@/lib/authz/access'
import type { PermissionKey } from '@/lib/authz/catalog'
import type { FieldErrors } from '@/lib/authz/result'
import { checkGrant, prepareGrant } from '@/lib/authz/grants'
import { copyName, getRole, insertRole, roleUsage } from '@/lib/db/roles'
import { TAKEN } from '@/lib/db/tx'

export type CreateOutcome =
  | { ok: true; role: { id: string; name: string }; permissions: PermissionKey[] }
  | { ok: false; code: 'limit' | 'forbidden' | 'invalid' | 'conflict' | 'not_found'; message: string; fieldErrors?: FieldErrors }

type Refused = Extract<CreateOutcome, { ok: false }>

/**
 * Creates a role in the action's transaction, which holds the workspace lock: the plan's role
 * limit is counted and the row inserted before it commits, so concurrent creates cannot pass the
 * limit together. `name` is chosen under the lock too (a copy's free name).
 */
async function insertWithinLimit(
  access: Access,
  data: { name: string | (() => Promise<string>); description: string; permissions: PermissionKey[] },
  onNameClash: Refused,
): Promise<CreateOutcome> {
  const usage = await roleUsage(access.tenantId)
  if (usage.used >= usage.limit) {
    return {
      ok: false,
      code: 'limit',
      message: `The ${usage.planName} plan allows ${usage.limit} role templates and all are used. Delete a role template${usage.upgradable ? ' or upgrade the plan' : ''} first.`,
    }
  }
  const name = typeof data.name === 'string' ? data.name : await data.name()
  const role = await insertRole(access.tenantId, { ...data, name })
  return role === TAKEN ? onNameClash : { ok: true, role, permissions: data.permissions }
}

/** A new role (blank or from a starter role): only permissions the creator holds. */
export async function createRole(access: Access, input: { name: string; description: string; permissions: string[] }): Promise<CreateOutcome> {
  const grant = prepareGrant(access, [], input.permissions)
  if ('refusal' in grant)
    return { ok: false, code: grant.refusal.code ?? 'forbidden', message: grant.refusal.message, fieldErrors: { permissions: [grant.refusal.message] } }
  return insertWithinLimit(
    access,
    { name: input.name, description: input.description, permissions: grant.keys },
    {
      ok: false,
      code: 'conflict',
      message: 'Check the highlighted fields.',
      fieldErrors: { name: ['Another role template already has this name.'] },
    },
  )
}

/** Copies a role's description and permissions under "Name (copy)". Copying is creating: same limit, same grant rule. */
export async function duplicateRole(access: Access, roleId: string): Promise<CreateOutcome> {
  const role = await getRole(access.tenantId, roleId)
  if (!role) return { ok: false, code: 'not_found', message: 'That role template was not found.' }
  const refusal = checkGrant(access, [], role.permissions)
  if (refusal) return { ok: false, code: 'forbidden', message: `You can’t duplicate ${role.name}: ${refusal.message}` }
  // The copy's name is chosen under the lock, so two duplicates at once get "(copy)" and "(copy 2)".
  return insertWithinLimit(
    access,
    { name: () => copyName(access.tenantId, role.name), description: role.description, permissions: role.permissions },
    {
      ok: false,
      code: 'conflict',
      message: 'Someone created a role template with that name at the same moment. Try again.',
    },
  )
}
