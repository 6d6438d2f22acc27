import { BASE_ROLES, MEMBER_STATUSES, SIGN_IN_STALE_DAYS, type MemberQuery, type MemberSort, type SignInFilter } from '@/lib/validation/members'
import { db } from './client'
import { Prisma } from './generated/client'
import { likeText } from './like'
import type { MemberRow } from './member-detail'
import type { SeatUsage } from './seats'
import { keysetOrder, pageRows, positionOf, readPage, sliceOf, type KeysetSort, type PageCursors, type Slice } from './paging'
import { iso, parsed, type Json } from './sql-json'

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

type Filter = Pick<MemberQuery, 'q' | 'role' | 'status' | 'template' | 'signin' | 'twofactor'>

/** A row of the users table: a member, and whether their user has set up two-factor sign-in. */
export type MemberListRow = MemberRow & { twoFactor: boolean }

const DAY_MS = 86_400_000

/**
 * The sign-in filter as a condition on the membership `m`: never signed in, or the last sign-in
 * SIGN_IN_STALE_DAYS days before `now` or earlier. The users table filters by it and Home counts by it.
 */
export function signInCondition(filter: SignInFilter, now: Date): Prisma.Sql {
  if (filter === 'never') return Prisma.sql`m."lastLoginAt" IS NULL`
  return Prisma.sql`m."lastLoginAt" <= ${new Date(now.getTime() - SIGN_IN_STALE_DAYS * DAY_MS)}`
}

/** Whether the user of membership `alias` has set up two-factor sign-in (one primary-key probe of User). */
const usesTwoFactor = (alias: string) => `EXISTS (SELECT 1 FROM "User" u WHERE u.id = ${alias}."userId" AND u."totpEnabledAt" IS NOT NULL)`

/** When an invited member `alias`'s newest pending link expires (NULL without one): the table and Home read it. */
export const newestLinkExpiry = (alias: string) =>
  `(SELECT i."expiresAt" FROM "Invitation" i
     WHERE i."membershipId" = ${alias}.id AND i."acceptedAt" IS NULL AND i."revokedAt" IS NULL
     ORDER BY i."sentAt" DESC LIMIT 1)`

function where(tenantId: string, q: Filter, now = new Date()): Prisma.Sql {
  const parts = [Prisma.sql`m."tenantId" = ${tenantId}`]
  if (q.role) parts.push(Prisma.sql`m."baseRole" = CAST(${q.role} AS "BaseRole")`)
  if (q.status) parts.push(Prisma.sql`m.status = CAST(${q.status} AS "MembershipStatus")`)
  if (q.template === 'none') parts.push(Prisma.sql`m."roleTemplateId" IS NULL`)
  else if (q.template) parts.push(Prisma.sql`m."roleTemplateId" = ${q.template}`)
  if (q.signin) parts.push(signInCondition(q.signin, now))
  if (q.twofactor) parts.push(Prisma.raw(`${q.twofactor === 'off' ? 'NOT ' : ''}${usesTwoFactor('m')}`))
  if (q.q) {
    // ILIKE with the user's % and _ escaped: a search for "a_b" finds "a_b", not "axb". The
    // membership's copies of email and name have trigram indexes that answer it.
    const pattern = `%${likeText(q.q)}%`
    parts.push(Prisma.sql`(m.email ILIKE ${pattern} OR m.name ILIKE ${pattern})`)
  }
  return Prisma.join(parts, ' AND ')
}

/**
 * Each sort of the table: the membership's column (the user's email and name and the template's
 * name are copied onto it, each with a (tenantId, column, id) index), how a cursor value is
 * cast, and the value a row carries into its cursor. Never-logged-in members sort last either
 * way; a missing template sorts as PostgreSQL puts NULLs (last ascending, first descending).
 */
const SORTS: Record<MemberSort, Omit<KeysetSort, 'desc'> & { value(r: MemberRow): string | null }> = {
  email: { column: 'email', type: 'text', nullable: false, value: (r) => r.email },
  name: { column: 'name', type: 'text', nullable: false, value: (r) => r.name },
  role: { column: '"baseRole"', type: '"BaseRole"', nullable: false, values: BASE_ROLES, value: (r) => r.baseRole },
  status: { column: 'status', type: '"MembershipStatus"', nullable: false, values: MEMBER_STATUSES, value: (r) => r.status },
  template: { column: '"templateName"', type: 'text', nullable: true, value: (r) => r.roleTemplate?.name ?? null },
  lastLogin: { column: '"lastLoginAt"', type: 'timestamp(3)', nullable: true, nullsLast: true, value: (r) => r.lastLoginAt },
  created: { column: '"createdAt"', type: 'timestamp(3)', nullable: false, value: (r) => r.createdAt },
}

const sortOf = (q: Pick<MemberQuery, 'sort' | 'dir'>): KeysetSort & { value(r: MemberRow): string | null } => ({ ...SORTS[q.sort], desc: q.dir === 'desc' })

/** The members matching the filter, as the page's columns (unsorted, uncut): one table, no join. */
function matching(tenantId: string, q: Filter): Prisma.Sql {
  return Prisma.sql`
    SELECT m.id, m."userId", m.email, m.name, m."baseRole", m.status, m."crmAccess", m."lastLoginAt", m."createdAt",
           m."roleTemplateId" AS "templateId", m."templateName"
    FROM "Membership" m
    WHERE ${where(tenantId, q)}`
}

/** How many members match: the workspace's seat counter when nothing is filtered. */
function countMatching(tenantId: string, q: Filter): Prisma.Sql {
  if (!(q.q || q.role || q.status || q.template || q.signin || q.twofactor)) return Prisma.sql`SELECT "seatsUsed" AS total FROM "Tenant" WHERE id = ${tenantId}`
  return Prisma.sql`SELECT count(*)::int AS total FROM "Membership" m WHERE ${where(tenantId, q)}`
}

/**
 * A page row `p` as the MemberListRow JSON the table takes: its template, its teams (by name),
 * whether its user uses two-factor sign-in and, for an invited member, when their newest pending
 * link expires. Built by PostgreSQL, so the
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
  'inviteExpiresAt', CASE WHEN p.status = 'INVITED' THEN ${iso(newestLinkExpiry('p'))} END,
  'twoFactor', ${usesTwoFactor('p')})`)

type Picker = { id: string; name: string }
type PageRaw = {
  total: number
  seatsUsed: number
  planName: string
  seatLimit: number
  upgradable: boolean
  templates: Json<Picker[]>
  teams: Json<Picker[]>
  rows: Json<MemberListRow[]>
}

async function pageQuery(tenantId: string, q: Omit<MemberQuery, 'page' | 'size' | 'after' | 'before'>, slice: Slice, size: number) {
  const sort = sortOf(q)
  const rows = pageRows(matching(tenantId, q), sort, slice, size)
  const [row] = await db().$queryRaw<PageRaw[]>`
    WITH f AS (${countMatching(tenantId, q)}), p AS (${rows})
    SELECT f.total, tn."seatsUsed", pl.name AS "planName", pl."seatLimit",
      EXISTS (SELECT 1 FROM "Plan" bigger WHERE bigger."seatLimit" > pl."seatLimit") AS upgradable,
      COALESCE((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name, r.id) FROM "RoleTemplate" r WHERE r."tenantId" = ${tenantId}), '[]'::json) AS templates,
      COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name, t.id) FROM "Team" t WHERE t."tenantId" = ${tenantId}), '[]'::json) AS teams,
      COALESCE((SELECT json_agg(${memberJson} ORDER BY ${keysetOrder(sort, 'p')}) FROM p), '[]'::json) AS rows
    FROM f
    CROSS JOIN "Tenant" tn
    JOIN "Plan" pl ON pl.id = tn."planId"
    WHERE tn.id = ${tenantId}`
  if (!row) throw new Error(`Workspace ${tenantId} not found`)
  return { ...row, rows: parsed(row.rows) }
}

export type MembersPage = {
  list: { rows: MemberListRow[]; total: number; page: number; cursors: PageCursors }
  seats: SeatUsage
  pickers: { templates: { id: string; name: string }[]; teams: { id: string; name: string }[] }
}

/**
 * Everything the users page shows from the database, in one statement: the page of members
 * (filtered, sorted, paged by the database), the filtered total (the seat counter when nothing
 * is filtered), the seats used and the plan's limit, and the workspace's templates and teams for
 * the pickers. Pages are read by keyset from the cursor in the URL; a page number without one
 * (a link typed by hand) by OFFSET. A cursor whose rows are gone meanwhile, or a page past the end,
 * shows the nearest page that exists, which costs a second statement.
 */
export async function loadMembersPage(tenantId: string, q: MemberQuery): Promise<MembersPage> {
  const { result: row, page, cursors } = await readPage(q, sortOf(q), (slice) => pageQuery(tenantId, q, slice, q.size))
  return {
    list: { rows: row.rows, total: row.total, page, cursors },
    seats: { used: row.seatsUsed, limit: row.seatLimit, planName: row.planName, upgradable: row.upgradable },
    pickers: { templates: parsed(row.templates), teams: parsed(row.teams) },
  }
}

/** The API's list: filters and sort as the table's, and a cursor that only goes forward. */
export type MemberSliceQuery = Omit<MemberQuery, 'page' | 'size' | 'after' | 'before'>

/**
 * The members after a cursor (the API's list): `limit` rows in the table's order, the filtered
 * total, and the cursor of the next slice — null at the end (one row more is read to know).
 * Null for a cursor that does not fit this sort.
 */
export async function loadMembersSlice(
  tenantId: string,
  q: MemberSliceQuery,
  cursor: string | undefined,
  limit: number,
): Promise<{ rows: MemberListRow[]; total: number; next: string | null } | null> {
  const sort = sortOf(q)
  const pos = positionOf({ after: cursor }, sort)
  if (cursor && pos.at !== 'after') return null
  const row = await pageQuery(tenantId, q, pos, limit + 1)
  return { ...sliceOf(row.rows, limit, sort.value), total: row.total }
}

export const EXPORT_LIMIT = 50_000

/** Every member matching the table's filters, in its order (for the CSV export). */
export async function exportMembers(tenantId: string, q: MemberQuery): Promise<MemberListRow[]> {
  const sort = sortOf(q)
  const rows = await db().$queryRaw<{ m: Json<MemberListRow> }[]>`
    SELECT ${memberJson} AS m
    FROM (SELECT * FROM (${matching(tenantId, q)}) x ORDER BY ${keysetOrder(sort, 'x')} LIMIT ${EXPORT_LIMIT}) p
    ORDER BY ${keysetOrder(sort, 'p')}`
  return rows.map((r) => parsed(r.m))
}
