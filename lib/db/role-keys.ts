import { isPermissionKey, type PermissionKey } from '@/lib/authz/catalog'
import { db } from './client'

/**
 * Every role template of this workspace with its permission keys, by template id (the member
 * form shows the keys of whichever template is selected as inherited). One query; a stored
 * key the catalog no longer has is ignored, as everywhere on read.
 */
export async function listTemplateKeys(tenantId: string): Promise<Record<string, PermissionKey[]>> {
  const rows = await db().roleTemplate.findMany({ where: { tenantId }, select: { id: true, permissions: { select: { key: true } } } })
  return Object.fromEntries(rows.map((r) => [r.id, r.permissions.map((p) => p.key).filter(isPermissionKey)]))
}
