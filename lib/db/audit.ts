import { db } from './client'
import type { AuditQuery } from '@/lib/validation/audit'
import type { Prisma } from './generated/client'
import { likeText } from './like'
import { pageWithin } from './paging'

export type AuditInput = {
  tenantId: string
  actorId: string | null
  actorEmail: string
  action: string
  targetType: string
  targetId?: string | null
  summary: string
  before?: Prisma.InputJsonValue
  after?: Prisma.InputJsonValue
  ip?: string | null
}

/** Appends events to the audit log. The log is append-only: nothing updates or deletes it. */
export async function recordAudit(events: AuditInput[], client: Pick<Prisma.TransactionClient, 'auditEvent'> = db()) {
  if (events.length === 0) return
  await client.auditEvent.createMany({ data: events.map((e) => ({ ...e, targetId: e.targetId ?? null, ip: e.ip ?? null })) })
}

function auditWhere(tenantId: string, q: AuditQuery): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [{ tenantId }]
  if (q.actor) and.push({ actorEmail: { contains: likeText(q.actor), mode: 'insensitive' } })
  if (q.action) and.push({ action: q.action.endsWith('.') ? { startsWith: likeText(q.action) } : q.action })
  if (q.target) and.push({ OR: [{ targetId: q.target }, { targetType: q.target }, { summary: { contains: likeText(q.target), mode: 'insensitive' } }] })
  if (q.from) and.push({ createdAt: { gte: new Date(`${q.from}T00:00:00.000Z`) } })
  if (q.to) and.push({ createdAt: { lt: new Date(new Date(`${q.to}T00:00:00.000Z`).getTime() + 86_400_000) } })
  return { AND: and }
}

const auditSelect = {
  id: true,
  actorId: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetId: true,
  summary: true,
  before: true,
  after: true,
  ip: true,
  createdAt: true,
} satisfies Prisma.AuditEventSelect
export type AuditRow = Omit<Prisma.AuditEventGetPayload<{ select: typeof auditSelect }>, 'createdAt'> & { createdAt: string }
const toRow = (e: Prisma.AuditEventGetPayload<{ select: typeof auditSelect }>): AuditRow => ({ ...e, createdAt: e.createdAt.toISOString() })

/** One page of the workspace's audit log, newest first, filtered by actor, action, target and dates (UTC days). */
export async function listAudit(tenantId: string, q: AuditQuery) {
  const where = auditWhere(tenantId, q)
  const total = await db().auditEvent.count({ where })
  const page = pageWithin(q.page, total, q.size)
  const rows = await db().auditEvent.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * q.size,
    take: q.size,
    select: auditSelect,
  })
  return { rows: rows.map(toRow), total, page }
}

export const AUDIT_EXPORT_LIMIT = 100_000

export async function exportAudit(tenantId: string, q: AuditQuery): Promise<AuditRow[]> {
  const rows = await db().auditEvent.findMany({
    where: auditWhere(tenantId, q),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: AUDIT_EXPORT_LIMIT,
    select: auditSelect,
  })
  return rows.map(toRow)
}

/** The actions that occur in this workspace's log, for the filter. */
export async function auditActions(tenantId: string): Promise<string[]> {
  const rows = await db().auditEvent.findMany({ where: { tenantId }, distinct: ['action'], select: { action: true }, orderBy: { action: 'asc' } })
  return rows.map((r) => r.action)
}
