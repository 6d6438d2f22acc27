import { db } from './client'

export type OwnerOption = { id: string; label: string }

/** The active members of a workspace who can own a contact, as picker options ordered by label. */
export async function listOwnerOptions(tenantId: string): Promise<OwnerOption[]> {
  const rows = await db().membership.findMany({
    where: { tenantId, status: 'ACTIVE' },
    select: { id: true, user: { select: { name: true, email: true } } },
  })
  return rows
    .map((m) => ({ id: m.id, label: m.user.name || m.user.email }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id))
}
