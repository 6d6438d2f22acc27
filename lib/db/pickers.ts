import type { MembershipStatus } from '@/lib/authz/access'
import { db } from './client'
import { Prisma } from './generated/client'
import { parsed, type Json } from './sql-json'

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

/**
 * The members who can own a contact, as JSON options (SQL, so a page can read them in its own
 * statement): active members who can see contacts at all (CRM access; owners and admins always
 * have it), from the membership's own copies of name and email, at most MEMBER_OPTIONS_LIMIT.
 */
export function ownerOptionsSql(tenantId: string): Prisma.Sql {
  return Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', o.id, 'label', COALESCE(NULLIF(o.name, ''), o.email))) FROM (
    SELECT id, name, email FROM "Membership"
    WHERE "tenantId" = ${tenantId} AND status = 'ACTIVE' AND ("crmAccess" OR "baseRole" <> 'MEMBER')
    ORDER BY name, id LIMIT ${MEMBER_OPTIONS_LIMIT}) o), '[]'::json)`
}

/** The workspace's teams as JSON options, by name. */
export function teamOptionsSql(tenantId: string): Prisma.Sql {
  return Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id) FROM "Team" t WHERE t."tenantId" = ${tenantId}), '[]'::json)`
}

/** Owner options in the order pickers show them: by label, case-insensitively. */
export function byLabel(options: OwnerOption[]): OwnerOption[] {
  return [...options].sort((a, b) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id))
}

/** The active members of a workspace who can own a contact, as picker options ordered by label. */
export async function listOwnerOptions(tenantId: string): Promise<OwnerOption[]> {
  const [row] = await db().$queryRaw<{ owners: Json<OwnerOption[]> }[]>`SELECT ${ownerOptionsSql(tenantId)} AS owners`
  return byLabel(parsed(row.owners))
}
