import { db, unitOfWork, type WrittenAudit } from './client'

export type { WrittenAudit }
import { REF_FIELDS, type AuditAction, type AuditSnapshot } from '@/lib/audit-labels'
import type { AuditFilters, AuditQuery } from '@/lib/validation/audit'
import { Prisma } from './generated/client'
import { likeText } from './like'
import { keysetOrder, pageRows, positionOf, readPage, sliceOf, type KeysetSort, type Slice } from './paging'
import { iso, parsed, type Json } from './sql-json'

/** An event to record. Its action and snapshot fields are typed against the audit log's labels (lib/audit-labels.ts). */
export type AuditInput = {
  tenantId: string
  actorId: string | null
  /** An API key that acted (actorId null, actorEmail "API key <name>"). */
  actorKeyId?: string | null
  actorEmail: string
  action: AuditAction
  targetType: string
  targetId?: string | null
  summary: string
  before?: AuditSnapshot
  after?: AuditSnapshot
  ip?: string | null
}

/**
 * Who an event names as its actor: the member, or an API key as a principal of its own
 * ("API key <name>", no member: the key acted, within what its creator holds).
 */
export function auditActor(a: {
  userId: string
  email: string
  apiKey: { id: string; name: string } | null
}): Pick<AuditInput, 'actorId' | 'actorKeyId' | 'actorEmail'> {
  return a.apiKey ? apiKeyActor(a.apiKey) : { actorId: a.userId, actorKeyId: null, actorEmail: a.email }
}

/** An API key as the actor (a request made with it, not by a member on its behalf). */
export function apiKeyActor(key: { id: string; name: string }): Pick<AuditInput, 'actorId' | 'actorKeyId' | 'actorEmail'> {
  return { actorId: null, actorKeyId: key.id, actorEmail: `API key ${key.name}` }
}

/** The audit events written so far in the open unit of work (none outside one), oldest first. */
export function auditsWrittenInChange(): readonly WrittenAudit[] {
  return unitOfWork.getStore()?.audits ?? []
}

/** Appends events to the audit log. The log is append-only: nothing updates or deletes it. */
export async function recordAudit(events: AuditInput[], client: Pick<Prisma.TransactionClient, 'auditEvent'> = db()) {
  if (events.length === 0) return
  // The change's webhook events are derived from its audit events (lib/webhooks/queue.ts).
  unitOfWork.getStore()?.audits.push(...events)
  await client.auditEvent.createMany({ data: events.map((e) => ({ ...e, targetId: e.targetId ?? null, ip: e.ip ?? null })) })
}

/**
 * The actions that occur in a workspace's log, ascending: a skip scan of the (tenantId, action, …)
 * index, one probe per distinct action, however many events there are.
 */
const actionsOf = (tenantId: string) => Prisma.sql`
  WITH RECURSIVE d AS (
    (SELECT action FROM "AuditEvent" WHERE "tenantId" = ${tenantId} ORDER BY action LIMIT 1)
    UNION ALL
    SELECT (SELECT e.action FROM "AuditEvent" e WHERE e."tenantId" = ${tenantId} AND e.action > d.action ORDER BY e.action LIMIT 1) FROM d WHERE d.action IS NOT NULL
  ) SELECT action FROM d WHERE action IS NOT NULL`

/**
 * The log's filters as SQL over AuditEvent `a` (the user's % and _ escaped in the texts). An
 * action prefix ("role.") is written for its use: to count, as the list of the log's actions
 * with that prefix (found by the skip scan), so the count reads the (tenantId, action, …) index;
 * to find a page, as LIKE, a filter while walking the log newest first.
 */
function auditWhere(tenantId: string, q: AuditFilters, use: 'count' | 'page' = 'page'): Prisma.Sql {
  const parts = [Prisma.sql`a."tenantId" = ${tenantId}`]
  if (q.actor) parts.push(Prisma.sql`a."actorEmail" ILIKE ${`%${likeText(q.actor)}%`}`)
  const prefix = `${likeText(q.action)}%`
  if (q.action && !q.action.endsWith('.')) parts.push(Prisma.sql`a.action = ${q.action}`)
  else if (q.action && use === 'page') parts.push(Prisma.sql`a.action LIKE ${prefix}`)
  else if (q.action) parts.push(Prisma.sql`a.action = ANY (ARRAY(SELECT action FROM (${actionsOf(tenantId)}) d WHERE action LIKE ${prefix}))`)
  if (q.target) parts.push(Prisma.sql`(a."targetId" = ${q.target} OR a."targetType" = ${q.target} OR a.summary ILIKE ${`%${likeText(q.target)}%`})`)
  if (q.from) parts.push(Prisma.sql`a."createdAt" >= ${new Date(`${q.from}T00:00:00.000Z`)}`)
  if (q.to) parts.push(Prisma.sql`a."createdAt" < ${new Date(new Date(`${q.to}T00:00:00.000Z`).getTime() + 86_400_000)}`)
  return Prisma.join(parts, ' AND ')
}

export type AuditRow = {
  id: string
  actorId: string | null
  actorKeyId: string | null
  actorEmail: string
  action: string
  targetType: string
  targetId: string | null
  summary: string
  before: Prisma.JsonValue | null
  after: Prisma.JsonValue | null
  ip: string | null
  createdAt: string
}

/** Newest first, always; ties by id, newest id first. */
const NEWEST: KeysetSort = { column: '"createdAt"', type: 'timestamp(3)', desc: true, nullable: false }

const source = (where: Prisma.Sql) =>
  Prisma.sql`SELECT a.id, a."actorId", a."actorKeyId", a."actorEmail", a.action, a."targetType", a."targetId", a.summary, a.before, a.after, a.ip, a."createdAt" FROM "AuditEvent" a WHERE ${where}`

const eventJson = Prisma.raw(`json_build_object(
  'id', p.id, 'actorId', p."actorId", 'actorKeyId', p."actorKeyId", 'actorEmail', p."actorEmail", 'action', p.action, 'targetType', p."targetType",
  'targetId', p."targetId", 'summary', p.summary, 'before', p.before, 'after', p.after, 'ip', p.ip,
  'createdAt', ${iso('p."createdAt"')})`)

/** How far the log is counted: past it the page says "more than 10,000" (a count of millions costs more than the page). */
export const AUDIT_COUNT_CAP = 10_000

type AuditRaw = { total: number; rows: Json<AuditRow[]>; actions: Json<string[]>; names: Json<{ id: string; name: string }[]> }

/**
 * The names behind the ids the page's rows `p` hold in their id fields (REF_FIELDS: role
 * templates, members, teams) as [{ id, name }]: the workspace's role templates and teams by name,
 * its members by email. An id that is gone is left out (the page says "a deleted …").
 */
const namesOf = (tenantId: string) => {
  const refs = Prisma.join(REF_FIELDS.flatMap((f) => [Prisma.sql`(p.before->>${f}::text)`, Prisma.sql`(p.after->>${f}::text)`]))
  return Prisma.sql`
    WITH ids AS (SELECT DISTINCT x.id FROM p CROSS JOIN LATERAL unnest(ARRAY[${refs}]) x(id) WHERE x.id IS NOT NULL)
    SELECT json_agg(json_build_object('id', n.id, 'name', n.name)) FROM (
      SELECT r.id, r.name FROM "RoleTemplate" r WHERE r."tenantId" = ${tenantId} AND r.id IN (SELECT id FROM ids)
      UNION ALL SELECT t.id, t.name FROM "Team" t WHERE t."tenantId" = ${tenantId} AND t.id IN (SELECT id FROM ids)
      UNION ALL SELECT m.id, u.email FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."tenantId" = ${tenantId} AND m.id IN (SELECT id FROM ids)
    ) n`
}

async function pageQuery(tenantId: string, q: AuditQuery, slice: Slice) {
  const rows = pageRows(source(auditWhere(tenantId, q)), NEWEST, slice, q.size)
  const [row] = await db().$queryRaw<AuditRaw[]>`
    WITH f AS (SELECT count(*)::int AS total FROM (SELECT 1 FROM "AuditEvent" a WHERE ${auditWhere(tenantId, q, 'count')} LIMIT ${AUDIT_COUNT_CAP + 1}) c), p AS (${rows})
    SELECT f.total,
      COALESCE((SELECT json_agg(${eventJson} ORDER BY ${keysetOrder(NEWEST, 'p')}) FROM p), '[]'::json) AS rows,
      COALESCE((SELECT json_agg(action) FROM (${actionsOf(tenantId)}) d), '[]'::json) AS actions,
      COALESCE((${namesOf(tenantId)}), '[]'::json) AS names
    FROM f`
  return { total: row.total, rows: parsed(row.rows), actions: parsed(row.actions), names: parsed(row.names) }
}

/**
 * One page of the workspace's audit log, newest first, filtered by actor, action, target and dates
 * (UTC days), with the actions the log holds and the names behind the ids its rows hold (the page
 * shows names where a change holds an id): one statement. Paged by keyset from the URL's cursor; the
 * total is exact up to AUDIT_COUNT_CAP (`exact: false` past it, where the last page is not offered).
 */
export async function listAudit(tenantId: string, q: AuditQuery) {
  const newest = { ...NEWEST, value: (e: AuditRow) => e.createdAt }
  const { result, page, exact, cursors } = await readPage(q, newest, (slice) => pageQuery(tenantId, q, slice), AUDIT_COUNT_CAP)
  return { rows: result.rows, total: result.total, exact, page, cursors, actions: result.actions, names: result.names }
}

/**
 * The events after a cursor (the API's list): `limit` events newest first with the filters, the
 * count (exact up to AUDIT_COUNT_CAP), and the cursor of the next slice — null at the end (one row
 * more is read to know). Null for a cursor that is not one of the log's. Unlike the page, a cursor
 * past the end is an empty slice, never the last page again.
 */
export async function loadAuditSlice(
  tenantId: string,
  q: AuditFilters,
  cursor: string | undefined,
  limit: number,
): Promise<{ rows: AuditRow[]; total: number; exact: boolean; next: string | null } | null> {
  const pos = positionOf({ after: cursor }, NEWEST)
  if (cursor && pos.at !== 'after') return null
  const [row] = await db().$queryRaw<Pick<AuditRaw, 'total' | 'rows'>[]>`
    WITH f AS (SELECT count(*)::int AS total FROM (SELECT 1 FROM "AuditEvent" a WHERE ${auditWhere(tenantId, q, 'count')} LIMIT ${AUDIT_COUNT_CAP + 1}) c),
      p AS (${pageRows(source(auditWhere(tenantId, q)), NEWEST, pos, limit + 1)})
    SELECT f.total, COALESCE((SELECT json_agg(${eventJson} ORDER BY ${keysetOrder(NEWEST, 'p')}) FROM p), '[]'::json) AS rows FROM f`
  const { rows, next } = sliceOf(parsed(row.rows), limit, (e) => e.createdAt)
  return { rows, total: Math.min(row.total, AUDIT_COUNT_CAP), exact: row.total <= AUDIT_COUNT_CAP, next }
}

export const AUDIT_EXPORT_LIMIT = 100_000

export async function exportAudit(tenantId: string, q: AuditQuery): Promise<AuditRow[]> {
  const rows = await db().$queryRaw<{ e: Json<AuditRow> }[]>`
    SELECT ${eventJson} AS e
    FROM (SELECT * FROM (${source(auditWhere(tenantId, q))}) x ORDER BY ${keysetOrder(NEWEST, 'x')} LIMIT ${AUDIT_EXPORT_LIMIT}) p
    ORDER BY ${keysetOrder(NEWEST, 'p')}`
  return rows.map((r) => parsed(r.e))
}

/** The actions that occur in this workspace's log, for the filter. */
export async function auditActions(tenantId: string): Promise<string[]> {
  return (await db().$queryRaw<{ action: string }[]>`${actionsOf(tenantId)}`).map((r) => r.action)
}
