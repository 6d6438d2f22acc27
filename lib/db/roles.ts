import { isPermissionKey, type PermissionKey } from '@/lib/authz/catalog'
import { db } from './client'
import { Prisma } from './generated/client'

export type RoleRow = { id: string; name: string; description: string; members: number; createdAt: Date; updatedAt: Date; version: number }

export async function listRoles(tenantId: string): Promise<RoleRow[]> {
  const rows = await db().roleTemplate.findMany({
    where: { tenantId },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, description: true, createdAt: true, updatedAt: true, version: true, _count: { select: { members: true } } },
  })
  return rows.map(({ _count, ...r }) => ({ ...r, members: _count.members }))
}

/** A role of this workspace, or null: an id from another workspace is not found. */
export async function getRole(tenantId: string, roleId: string) {
  const r = await db().roleTemplate.findFirst({
    where: { id: roleId, tenantId },
    select: { id: true, name: true, description: true, version: true, createdAt: true, updatedAt: true, permissions: { select: { key: true } }, _count: { select: { members: true } } },
  })
  if (!r) return null
  // A stored key the catalog no longer has is ignored here and dropped on the next save.
  const permissions = r.permissions.map((p) => p.key).filter(isPermissionKey)
  return { ...r, permissions, members: r._count.members }
}

export type UpdateRoleOutcome = { ok: true; version: number } | { ok: false; reason: 'not_found' | 'stale' | 'name_taken' }

/**
 * Saves a role only if nobody saved it since `version` was read (optimistic locking): the
 * version check, the bump and the permission rewrite are one transaction.
 */
export async function updateRole(
  tenantId: string,
  roleId: string,
  version: number,
  data: { name: string; description: string; permissions: PermissionKey[] },
): Promise<UpdateRoleOutcome> {
  try {
    return await db().$transaction(async (tx) => {
      const bumped = await tx.roleTemplate.updateMany({
        where: { id: roleId, tenantId, version },
        data: { name: data.name, description: data.description, version: { increment: 1 } },
      })
      if (bumped.count === 0) {
        const exists = await tx.roleTemplate.count({ where: { id: roleId, tenantId } })
        return { ok: false, reason: exists ? 'stale' : 'not_found' } as const
      }
      await tx.roleTemplatePermission.deleteMany({ where: { roleTemplateId: roleId } })
      await tx.roleTemplatePermission.createMany({ data: data.permissions.map((key) => ({ roleTemplateId: roleId, key })) })
      return { ok: true, version: version + 1 } as const
    })
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return { ok: false, reason: 'name_taken' }
    throw e
  }
}
