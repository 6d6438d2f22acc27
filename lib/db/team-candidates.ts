import type { MembershipStatus } from '@/lib/authz/access'
import { db } from './client'

export type MemberOption = { id: string; email: string; name: string; status: MembershipStatus }

/** How many members a picker lists at most; a workspace's plan keeps it well below this. */
export const MEMBER_OPTIONS_LIMIT = 2000

/**
 * Every member of the workspace (invited, active and suspended), by email: what a picker such as
 * the Teams screen's "Manage members" offers. At most MEMBER_OPTIONS_LIMIT rows.
 */
export async function listMemberOptions(tenantId: string): Promise<MemberOption[]> {
  const rows = await db().membership.findMany({
    where: { tenantId },
    orderBy: [{ user: { email: 'asc' } }, { id: 'asc' }],
    take: MEMBER_OPTIONS_LIMIT,
    select: { id: true, status: true, user: { select: { email: true, name: true } } },
  })
  return rows.map((m) => ({ id: m.id, email: m.user.email, name: m.user.name, status: m.status }))
}
