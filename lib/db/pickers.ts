import type { MembershipStatus } from '@/lib/authz/access'
import { db } from './client'

// Options for the pickers of the screens: role templates and teams, members, contact owners.

/** The workspace's templates and teams, for pickers. */
export async function listPickers(tenantId: string) {
  const [templates, teams] = await Promise.all([
    db().roleTemplate.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db().team.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ])
  return { templates, teams }
}

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
    orderBy: [{ email: 'asc' }, { id: 'asc' }],
    take: MEMBER_OPTIONS_LIMIT,
    select: { id: true, status: true, email: true, name: true },
  })
  return rows.map((m) => ({ id: m.id, email: m.email, name: m.name, status: m.status }))
}

export type OwnerOption = { id: string; label: string }

/** The active members of a workspace who can own a contact, as picker options ordered by label. */
export async function listOwnerOptions(tenantId: string): Promise<OwnerOption[]> {
  // Members who can see contacts at all (CRM access; owners and admins always have it), read from
  // the membership's own copies of name and email, at most MEMBER_OPTIONS_LIMIT of them.
  const rows = await db().membership.findMany({
    where: { tenantId, status: 'ACTIVE', OR: [{ crmAccess: true }, { baseRole: { not: 'MEMBER' } }] },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: MEMBER_OPTIONS_LIMIT,
    select: { id: true, name: true, email: true },
  })
  return rows
    .map((m) => ({ id: m.id, label: m.name || m.email }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id))
}
