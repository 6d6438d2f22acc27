import type { Mail } from '@/lib/mail/messages'
import { db, type Tx } from './client'
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

export type ClaimedMail = { id: string; to: string; subject: string; text: string; html: string; attempts: number; createdAt: Date }

/**
 * Claims up to `limit` mails that are due (not sent, not given up, their next attempt reached) for
 * one delivery attempt, in ONE statement: the rows are locked with FOR UPDATE SKIP LOCKED, so
 * relays of several instances never claim the same row, and their next attempt moves `leaseMs`
 * ahead, so a relay that dies mid-send leaves them to be claimed again after the lease.
 */
export function claimDueMails(limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return db().$queryRaw<ClaimedMail[]>`
    UPDATE "OutboxMail" SET attempts = attempts + 1, "nextAttemptAt" = now() + ${leaseMs} * interval '1 millisecond', "claimedAt" = now()
    WHERE id IN (
      SELECT id FROM "OutboxMail"
      WHERE "sentAt" IS NULL AND "deadAt" IS NULL AND "nextAttemptAt" <= now()
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, "to", subject, text, html, attempts, "createdAt"`
}

/**
 * Frees every claim: the mails a relay held when its process died are due again now instead of
 * after their lease. Only for a start where no other relay can be running — the embedded
 * database, whose folder lock admits one process (lib/db/open.ts). A mail the dead process had
 * handed to SMTP without recording it may go out twice: at least once, never lost.
 */
export async function releaseClaimedMails(client: Tx = db()): Promise<number> {
  const { count } = await client.outboxMail.updateMany({
    where: { claimedAt: { not: null }, sentAt: null, deadAt: null },
    data: { claimedAt: null, nextAttemptAt: new Date() },
  })
  return count
}

/**
 * Records a failed attempt: the next one after `retryInMs`, or, when `giveUp`, none: the mail is
 * dead (shown to the workspace's admins) and its bodies, which hold the link, are erased.
 */
export async function markMailFailed(id: string, error: string, next: { retryInMs: number } | { giveUp: true }) {
  const data =
    'giveUp' in next
      ? { error, deadAt: new Date(), text: '', html: '', claimedAt: null }
      : { error, nextAttemptAt: new Date(Date.now() + next.retryInMs), claimedAt: null }
  await db().outboxMail.update({ where: { id }, data })
}

/** A sent mail's bodies hold the invitation link, i.e. the token; once sent only its hash may remain. */
export async function markMailSent(id: string) {
  await db().outboxMail.update({ where: { id }, data: { sentAt: new Date(), text: '', html: '', error: null, claimedAt: null } })
}

/**
 * The workspace's invitation mails that did not get through and still matter: given up on, or
 * failing for a while, to a member still invited and with no newer mail to them since.
 */
export async function undeliveredMails(tenantId: string, failingAfterAttempts = 3) {
  const rows = await db().outboxMail.findMany({
    where: {
      tenantId,
      sentAt: null,
      membershipId: { not: null },
      OR: [{ deadAt: { not: null } }, { attempts: { gte: failingAfterAttempts }, error: { not: null } }],
    },
    orderBy: { createdAt: 'desc' },
    select: { id: true, to: true, error: true, deadAt: true, createdAt: true, membershipId: true },
  })
  if (rows.length === 0) return []
  const memberIds = [...new Set(rows.map((r) => r.membershipId!))]
  const invited = await db().membership.findMany({ where: { tenantId, id: { in: memberIds }, status: 'INVITED' }, select: { id: true } })
  const latest = await db().outboxMail.groupBy({ by: ['membershipId'], where: { membershipId: { in: memberIds } }, _max: { createdAt: true } })
  const stillInvited = new Set(invited.map((m) => m.id))
  const newest = new Map(latest.map((l) => [l.membershipId, l._max.createdAt?.getTime()]))
  return rows.filter((r) => stillInvited.has(r.membershipId!) && newest.get(r.membershipId) === r.createdAt.getTime())
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
