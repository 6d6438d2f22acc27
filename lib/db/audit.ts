import { db } from './client'
import type { Prisma } from './generated/client'

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
