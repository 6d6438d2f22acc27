import type { Mail } from '@/lib/mail/messages'
import { db } from './client'
import { afterCommitDeliver } from './tx'

// The transactional outbox: a mail is written here in the same transaction as the change that
// sends it, and delivered after that transaction commits (lib/mail/outbox.ts).

/** Writes mails to the outbox (in the open transaction), returning their ids in order; they are delivered after it commits. */
export async function queueMails(mails: Mail[], tenantId: string | null = null): Promise<string[]> {
  if (mails.length === 0) return []
  // One INSERT … VALUES … RETURNING: PostgreSQL returns the rows in the order of the VALUES.
  const rows = await db().outboxMail.createManyAndReturn({
    data: mails.map(({ to, subject, text, html, membershipId }) => ({ tenantId, membershipId: membershipId ?? null, to, subject, text, html })),
    select: { id: true },
  })
  const ids = rows.map((r) => r.id)
  afterCommitDeliver(ids)
  return ids
}

export type OutboxEntry = {
  id: string
  to: string
  subject: string
  text: string
  html: string
  membershipId: string | null
  createdAt: Date
  sentAt: Date | null
  error: string | null
}

/** Pending mails among these ids, oldest first. */
export function pendingMails(ids: string[]) {
  return db().outboxMail.findMany({ where: { id: { in: ids }, sentAt: null }, orderBy: { createdAt: 'asc' } })
}

export async function markMailFailed(id: string, error: string) {
  await db().outboxMail.update({ where: { id }, data: { error } })
}

/** A sent mail's bodies hold the invitation link, i.e. the token; once sent only its hash may remain. */
export async function markMailSent(id: string) {
  await db().outboxMail.update({ where: { id }, data: { sentAt: new Date(), text: '', html: '', error: null } })
}

/** The newest mail of one workspace (or, without a workspace, of all: tests and scripts). */
export async function listOutbox(limit = 50, tenantId?: string): Promise<OutboxEntry[]> {
  return db().outboxMail.findMany({
    where: tenantId ? { tenantId } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, to: true, subject: true, text: true, html: true, membershipId: true, createdAt: true, sentAt: true, error: true },
  })
}
