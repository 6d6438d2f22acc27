import type { MemberQuery } from '@/lib/validation/members'
import { db } from './client'
import { Prisma } from './generated/client'
import { likeText } from './like'
import type { MemberRow } from './member-detail'
import type { SeatUsage } from './seats'
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

/** An ISO 8601 UTC string, as `Date#toISOString()` writes it (the columns are UTC timestamps). */
const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * A page row `p` as the MemberRow JSON the table takes: its template, its teams (by name) and,
 * for an invited member, when their newest pending link expires. Built by PostgreSQL, so the
 * server parses one JSON value instead of converting every column of every row.
 */
const memberJson = Prisma.raw(`json_build_object(
  'id', p.id, 'email', p.email, 'name', p.name, 'baseRole', p."baseRole", 'status', p.status,
  'crmAccess', p."baseRole" <> 'MEMBER' OR p."crmAccess",
  'roleTemplate', CASE WHEN p."templateId" IS NULL THEN NULL ELSE json_build_object('id', p."templateId", 'name', p."templateName") END,
  'teams', COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id)
                     FROM "TeamMember" tm JOIN "Team" t ON t.id = tm."teamId"
                     WHERE tm."membershipId" = p.id), '[]'::json),
  'lastLoginAt', ${iso('p."lastLoginAt"')},
  'createdAt', ${iso('p."createdAt"')},
  'inviteExpiresAt', CASE WHEN p.status = 'INVITED' THEN
    (SELECT ${iso('i."expiresAt"')} FROM "Invitation" i
     WHERE i."membershipId" = p.id AND i."acceptedAt" IS NULL AND i."revokedAt" IS NULL
     ORDER BY i."sentAt" DESC LIMIT 1) END)`)

type Json<T> = T | string
/** JSON arrives parsed from PostgreSQL's driver and as text from PGlite's adapter. */
const parsed = <T>(v: Json<T>): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

type Picker = { id: string; name: string }
type PageRaw = {
  total: number
  seatsUsed: number
  planName: string
  seatLimit: number
  templates: Json<Picker[]>
  teams: Json<Picker[]>
  rows: Json<MemberRow[]>
}

async function pageQuery(tenantId: string, q: MemberQuery, page: number): Promise<PageRaw | undefined> {
  const filtered = Boolean(q.q || q.role || q.status || q.template)
  // Without a filter the total is the seats used: one count, not two.
  const seatsUsed = filtered ? Prisma.sql`(SELECT count(*)::int FROM "Membership" WHERE "tenantId" = ${tenantId})` : Prisma.sql`f.total`
  const [row] = await db().$queryRaw<PageRaw[]>`
    WITH f AS (${countMatching(tenantId, q)}),
    p AS (
      SELECT * FROM (${matching(tenantId, q)}) x
      ORDER BY ${order(q, 'x')}
      LIMIT ${q.size} OFFSET ${(page - 1) * q.size}
    )
    SELECT f.total, ${seatsUsed} AS "seatsUsed", pl.name AS "planName", pl."seatLimit",
      COALESCE((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name, r.id) FROM "RoleTemplate" r WHERE r."tenantId" = ${tenantId}), '[]'::json) AS templates,
      COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id) FROM "Team" t WHERE t."tenantId" = ${tenantId}), '[]'::json) AS teams,
      COALESCE((SELECT json_agg(${memberJson} ORDER BY ${order(q, 'p')}) FROM p), '[]'::json) AS rows
    FROM f
    CROSS JOIN "Tenant" tn
    JOIN "Plan" pl ON pl.id = tn."planId"
    WHERE tn.id = ${tenantId}`
  return row
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
  let row = await pageQuery(tenantId, q, q.page)
  if (!row) throw new Error(`Workspace ${tenantId} not found`)
  const page = pageWithin(q.page, row.total, q.size)
  if (page !== q.page) row = (await pageQuery(tenantId, q, page)) ?? row
  return {
    list: { rows: parsed(row.rows), total: row.total, page },
    seats: { used: row.seatsUsed, limit: row.seatLimit, planName: row.planName },
    pickers: { templates: parsed(row.templates), teams: parsed(row.teams) },
  }
}

export const EXPORT_LIMIT = 50_000

/** Every member matching the table's filters, in its order (for the CSV export). */
export async function exportMembers(tenantId: string, q: MemberQuery): Promise<MemberRow[]> {
  const rows = await db().$queryRaw<{ m: Json<MemberRow> }[]>`
    SELECT ${memberJson} AS m
    FROM (SELECT * FROM (${matching(tenantId, q)}) x ORDER BY ${order(q, 'x')} LIMIT ${EXPORT_LIMIT}) p
    ORDER BY ${order(q, 'p')}`
  return rows.map((r) => parsed(r.m))
}
