import type { BaseRole, MembershipStatus } from '@/lib/authz/access'
import type { MemberQuery } from '@/lib/validation/members'
import { db } from './client'
import { Prisma } from './generated/client'
import { likeText } from './like'
import type { MemberRow, SeatUsage } from './members'
import { pageWithin } from './paging'

/**
 * The members table in one SQL statement: the page of members with their template, teams and
 * newest pending invitation, the filtered total, the workspace's seats and plan, and its
 * templates and teams for the pickers. The ORM needed eleven statements for the same page
 * (a count, the page, one per relation, the plan, the pickers), and each statement's own cost
 * in the server process, not the database's work, was most of the page's time.
 *
 * The page is cut (ORDER BY … LIMIT/OFFSET) before the relations are read, so a deep page of
 * a large workspace reads teams and invitations for its own rows only.
 */

type Filter = Pick<MemberQuery, 'q' | 'role' | 'status' | 'template'>

function where(tenantId: string, q: Filter): Prisma.Sql {
  const parts = [Prisma.sql`m."tenantId" = ${tenantId}`]
  if (q.role) parts.push(Prisma.sql`m."baseRole" = CAST(${q.role} AS "BaseRole")`)
  if (q.status) parts.push(Prisma.sql`m.status = CAST(${q.status} AS "MembershipStatus")`)
  if (q.template === 'none') parts.push(Prisma.sql`m."roleTemplateId" IS NULL`)
  else if (q.template) parts.push(Prisma.sql`m."roleTemplateId" = ${q.template}`)
  if (q.q) {
    // ILIKE with the user's % and _ escaped: a search for "a_b" finds "a_b", not "axb".
    const pattern = `%${likeText(q.q)}%`
    parts.push(Prisma.sql`(u.email ILIKE ${pattern} OR u.name ILIKE ${pattern})`)
  }
  return Prisma.join(parts, ' AND ')
}

/** The sort column per table column, as selected into the page (so the outer query orders by the same names). */
const SORT_COLUMN: Record<MemberQuery['sort'], string> = {
  email: 'email',
  name: 'name',
  role: '"baseRole"',
  status: 'status',
  template: '"templateName"',
  lastLogin: '"lastLoginAt"',
  created: '"createdAt"',
}

/**
 * ORDER BY for the page, over a relation with the page's column names. Enums sort in their
 * declared order, a missing template sorts as PostgreSQL puts NULLs (last ascending, first
 * descending), never-logged-in members last either way, and the id breaks ties so pages are stable.
 */
function order(q: Pick<MemberQuery, 'sort' | 'dir'>, alias: string): Prisma.Sql {
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC'
  const nulls = q.sort === 'lastLogin' ? ' NULLS LAST' : ''
  return Prisma.raw(`${alias}.${SORT_COLUMN[q.sort]} ${dir}${nulls}, ${alias}.id ASC`)
}

/** The members matching the filter, as the page's columns (unsorted, uncut). */
function matching(tenantId: string, q: Filter): Prisma.Sql {
  return Prisma.sql`
    SELECT m.id, u.email, u.name, m."baseRole", m.status, m."crmAccess", m."lastLoginAt", m."createdAt",
           rt.id AS "templateId", rt.name AS "templateName"
    FROM "Membership" m
    JOIN "User" u ON u.id = m."userId"
    LEFT JOIN "RoleTemplate" rt ON rt.id = m."roleTemplateId"
    WHERE ${where(tenantId, q)}`
}

/** How many members match: the User join only when searching (an inner join is never removed by the planner). */
function countMatching(tenantId: string, q: Filter): Prisma.Sql {
  const users = q.q ? Prisma.sql`JOIN "User" u ON u.id = m."userId"` : Prisma.empty
  return Prisma.sql`SELECT count(*)::int AS total FROM "Membership" m ${users} WHERE ${where(tenantId, q)}`
}

/** A member's teams (by name) and, for an invited member, when their newest pending link expires. */
const relations = Prisma.sql`
  COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id)
            FROM "TeamMember" tm JOIN "Team" t ON t.id = tm."teamId"
            WHERE tm."membershipId" = p.id), '[]'::json) AS teams,
  CASE WHEN p.status = 'INVITED' THEN
    (SELECT i."expiresAt" FROM "Invitation" i
     WHERE i."membershipId" = p.id AND i."acceptedAt" IS NULL AND i."revokedAt" IS NULL
     ORDER BY i."sentAt" DESC LIMIT 1)
  END AS "inviteExpiresAt"`

type RawRow = {
  id: string
  email: string
  name: string
  baseRole: BaseRole
  status: MembershipStatus
  crmAccess: boolean
  lastLoginAt: Date | null
  createdAt: Date
  templateId: string | null
  templateName: string | null
  teams: { id: string; name: string }[] | string
  inviteExpiresAt: Date | null
}

function toRow(r: RawRow): MemberRow {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    baseRole: r.baseRole,
    status: r.status,
    crmAccess: r.baseRole !== 'MEMBER' || r.crmAccess,
    roleTemplate: r.templateId ? { id: r.templateId, name: r.templateName ?? '' } : null,
    // JSON arrives parsed from PostgreSQL and as text from some adapters.
    teams: typeof r.teams === 'string' ? (JSON.parse(r.teams) as { id: string; name: string }[]) : r.teams,
    lastLoginAt: r.lastLoginAt ? new Date(r.lastLoginAt).toISOString() : null,
    createdAt: new Date(r.createdAt).toISOString(),
    inviteExpiresAt: r.inviteExpiresAt ? new Date(r.inviteExpiresAt).toISOString() : null,
  }
}

type PageRaw = Omit<RawRow, 'id'> & {
  id: string | null
  total: number
  seatsUsed: number
  planName: string
  seatLimit: number
  templates: { id: string; name: string }[] | string
  pickerTeams: { id: string; name: string }[] | string
}
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

async function pageQuery(tenantId: string, q: MemberQuery, page: number) {
  const filtered = Boolean(q.q || q.role || q.status || q.template)
  // Without a filter the total is the seats used: one count, not two.
  const seatsUsed = filtered ? Prisma.sql`(SELECT count(*)::int FROM "Membership" WHERE "tenantId" = ${tenantId})` : Prisma.sql`f.total`
  const rows = await db().$queryRaw<PageRaw[]>`
    WITH f AS (${countMatching(tenantId, q)}),
    p AS (
      SELECT * FROM (${matching(tenantId, q)}) x
      ORDER BY ${order(q, 'x')}
      LIMIT ${q.size} OFFSET ${(page - 1) * q.size}
    )
    SELECT f.total, ${seatsUsed} AS "seatsUsed", pl.name AS "planName", pl."seatLimit",
      COALESCE((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name, r.id) FROM "RoleTemplate" r WHERE r."tenantId" = ${tenantId}), '[]'::json) AS templates,
      COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id) FROM "Team" t WHERE t."tenantId" = ${tenantId}), '[]'::json) AS "pickerTeams",
      p.*, ${relations}
    FROM f
    CROSS JOIN "Tenant" tn
    JOIN "Plan" pl ON pl.id = tn."planId"
    LEFT JOIN p ON true
    WHERE tn.id = ${tenantId}
    ORDER BY ${order(q, 'p')}`
  return rows
}

export type MembersPage = {
  list: { rows: MemberRow[]; total: number; page: number }
  seats: SeatUsage
  pickers: { templates: { id: string; name: string }[]; teams: { id: string; name: string }[] }
}

/**
 * Everything the users page shows from the database, in one statement: the page of members
 * (filtered, sorted, paged by the database), the filtered total, the seats used and the plan's
 * limit, and the workspace's templates and teams for the pickers. A page past the end (a stale
 * shared link) shows the last page, which costs a second statement.
 */
export async function loadMembersPage(tenantId: string, q: MemberQuery): Promise<MembersPage> {
  let rows = await pageQuery(tenantId, q, q.page)
  const head = rows[0]
  if (!head) throw new Error(`Workspace ${tenantId} not found`)
  let page = q.page
  const last = pageWithin(q.page, head.total, q.size)
  if (last !== q.page) {
    page = last
    rows = await pageQuery(tenantId, q, page)
  }
  const first = rows[0] ?? head
  return {
    list: { rows: rows.filter((r): r is PageRaw & { id: string } => r.id !== null).map(toRow), total: first.total, page },
    seats: { used: first.seatsUsed, limit: first.seatLimit, planName: first.planName },
    pickers: { templates: parsed(first.templates), teams: parsed(first.pickerTeams) },
  }
}

export const EXPORT_LIMIT = 50_000

/** Every member matching the table's filters, in its order (for the CSV export). */
export async function exportMembers(tenantId: string, q: MemberQuery): Promise<MemberRow[]> {
  const rows = await db().$queryRaw<RawRow[]>`
    SELECT p.*, ${relations}
    FROM (SELECT * FROM (${matching(tenantId, q)}) x ORDER BY ${order(q, 'x')} LIMIT ${EXPORT_LIMIT}) p
    ORDER BY ${order(q, 'p')}`
  return rows.map(toRow)
}
