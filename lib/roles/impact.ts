import { computeBits, hasBit } from '@/lib/authz/access'
import { LEAVES, leafLabel, normalizePermissions, type PermissionKey } from '@/lib/authz/catalog'
import { db } from '@/lib/db/client'

export type ImpactLine = { key: PermissionKey; label: string; members: number }
export type Impact = { members: number; gained: ImpactLine[]; lost: ImpactLine[] }

/**
 * What saving a role's permissions would change for the members who use it: per permission,
 * how many gain it and how many lose it, after their direct grants, CRM flag and the plan are
 * taken into account. Invited and suspended members are counted as they will be once active.
 */
export async function roleImpact(tenantId: string, enabledModules: readonly string[], roleId: string, requested: string[]): Promise<Impact | null> {
  const role = await db().roleTemplate.findFirst({
    where: { id: roleId, tenantId },
    select: {
      permissions: { select: { key: true } },
      members: { where: { baseRole: 'MEMBER' }, select: { crmAccess: true, permissions: { select: { key: true } } } },
    },
  })
  if (!role) return null
  const before = role.permissions.map((p) => p.key)
  const after = normalizePermissions(requested)
  const gained = new Map<PermissionKey, number>()
  const lost = new Map<PermissionKey, number>()
  for (const m of role.members) {
    const input = { baseRole: 'MEMBER' as const, status: 'ACTIVE' as const, crmAccess: m.crmAccess, directKeys: m.permissions.map((p) => p.key), enabledModules, planId: '' }
    const was = computeBits({ ...input, templateKeys: before })
    const will = computeBits({ ...input, templateKeys: after })
    for (const leaf of LEAVES) {
      const a = hasBit(was, leaf.index)
      const b = hasBit(will, leaf.index)
      if (a !== b) (b ? gained : lost).set(leaf.key, ((b ? gained : lost).get(leaf.key) ?? 0) + 1)
    }
  }
  const lines = (m: Map<PermissionKey, number>) => [...m].map(([key, members]) => ({ key, label: leafLabel(key), members }))
  return { members: role.members.length, gained: lines(gained), lost: lines(lost) }
}
