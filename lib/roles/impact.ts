import { hasBit, roleBits } from '@/lib/authz/access'
import { LEAVES, leafLabel, normalizePermissions, type PermissionKey } from '@/lib/authz/catalog'
import { roleWithMemberGrants } from '@/lib/db/roles'

export type ImpactLine = { key: PermissionKey; label: string; members: number }
export type Impact = { members: number; gained: ImpactLine[]; lost: ImpactLine[] }

/**
 * What saving a role's permissions would change for the members who use it: per permission,
 * how many gain it and how many lose it, after their direct grants, CRM flag and the plan are
 * taken into account. Invited and suspended members are counted as they will be once active.
 */
export async function roleImpact(tenantId: string, enabledModules: readonly string[], roleId: string, requested: string[]): Promise<Impact | null> {
  const role = await roleWithMemberGrants(tenantId, roleId)
  if (!role) return null
  const after = normalizePermissions(requested)
  const plan = new Set(enabledModules)
  const gained = new Map<PermissionKey, number>()
  const lost = new Map<PermissionKey, number>()
  for (const m of role.members) {
    const input = { baseRole: 'MEMBER' as const, status: 'ACTIVE' as const, crmAccess: m.crmAccess, directKeys: m.directKeys }
    const was = roleBits({ ...input, templateKeys: role.keys })
    const will = roleBits({ ...input, templateKeys: after })
    for (const leaf of LEAVES) {
      if (!plan.has(leaf.moduleId)) continue
      const a = hasBit(was, leaf.index)
      const b = hasBit(will, leaf.index)
      if (a !== b) (b ? gained : lost).set(leaf.key, ((b ? gained : lost).get(leaf.key) ?? 0) + 1)
    }
  }
  const lines = (m: Map<PermissionKey, number>) => [...m].map(([key, members]) => ({ key, label: leafLabel(key), members }))
  return { members: role.members.length, gained: lines(gained), lost: lines(lost) }
}
