import 'server-only'
import { createTransport, type Transporter } from 'nodemailer'
import { db } from '@/lib/db/client'
import type { Prisma } from '@/lib/db/generated/client'
import type { Mail } from './templates'

// A transactional outbox: a mail is written to OutboxMail in the same transaction as the change
// that sends it (queueMails), so a rolled-back invitation never mails anyone and a committed one
// is never lost; it is delivered after commit (deliverMails). Without SMTP_URL the rows stay
// pending and the dev mailbox (/dev/mailbox) shows them to the workspace's inviters.

/** Writes mails to the outbox with the given client (a transaction's), returning their ids in order. */
export async function queueMails(client: Pick<Prisma.TransactionClient, 'outboxMail'>, mails: Mail[], tenantId: string | null = null): Promise<string[]> {
  if (mails.length === 0) return []
  // One INSERT … VALUES … RETURNING: PostgreSQL returns the rows in the order of the VALUES.
  const rows = await client.outboxMail.createManyAndReturn({
    data: mails.map(({ to, subject, text, html }) => ({ tenantId, to, subject, text, html })),
    select: { id: true },
  })
  return rows.map((r) => r.id)
}

export type Delivery = { sent: number; failed: { to: string; error: string }[] }

/**
 * Delivers the pending mails among ids. Over SMTP when SMTP_URL is set; otherwise logs them and
 * leaves them pending for the dev mailbox. A delivery failure is recorded on the row and
 * reported, never thrown: the change that queued the mail is already committed.
 */
export async function deliverMails(ids: string[]): Promise<Delivery> {
  if (ids.length === 0) return { sent: 0, failed: [] }
  const rows = await db().outboxMail.findMany({
    where: { id: { in: ids }, sentAt: null },
    orderBy: { createdAt: 'asc' },
  })
  const smtpUrl = process.env.SMTP_URL
  if (!smtpUrl) {
    for (const row of rows) console.info(`[mail] to ${row.to}: ${row.subject} ${firstLink(row.text) ?? ''}`.trimEnd())
    return { sent: 0, failed: [] }
  }

  const transport = transportFor(smtpUrl)
  const from = process.env.MAIL_FROM ?? 'Teamgate <no-reply@localhost>'
  const result: Delivery = { sent: 0, failed: [] }
  for (const row of rows) {
    try {
      await transport.sendMail({ from, to: row.to, subject: row.subject, text: row.text, html: row.html })
    } catch (e) {
      const error = shortError(e)
      await db().outboxMail.update({ where: { id: row.id }, data: { error } })
      result.failed.push({ to: row.to, error })
      continue
    }
    // The bodies hold the invitation link, i.e. the token; once sent only its hash may remain.
    await db().outboxMail.update({ where: { id: row.id }, data: { sentAt: new Date(), text: '', html: '', error: null } })
    result.sent++
  }
  return result
}

export type OutboxEntry = {
  id: string
  to: string
  subject: string
  text: string
  html: string
  createdAt: Date
  sentAt: Date | null
  error: string | null
}

/** The newest mails first, for the dev mailbox. */
/** The newest mail of one workspace (or, without a workspace, of all: tests and scripts). */
export async function listOutbox(limit = 50, tenantId?: string): Promise<OutboxEntry[]> {
  return db().outboxMail.findMany({
    where: tenantId ? { tenantId } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, to: true, subject: true, text: true, html: true, createdAt: true, sentAt: true, error: true },
  })
}

/** The dev mailbox shows invitation links, so production has it only when asked for explicitly. */
export function mailboxEnabled(): boolean {
  return process.env.NODE_ENV !== 'production' || process.env.DEV_MAILBOX === '1'
}

function firstLink(text: string): string | undefined {
  return /https?:\/\/\S+/.exec(text)?.[0]
}

function shortError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  return (message.split('\n')[0] || 'Unknown error').slice(0, 300)
}

// Nodemailer waits minutes by default on an unresponsive server, and an invitation waits for its
// mail; these defaults apply unless the URL sets them (nodemailer reads options from the query).
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }

function withTimeouts(url: string): string {
  const missing = Object.entries(TIMEOUTS).filter(([k]) => !new RegExp(`[?&]${k}=`).test(url))
  if (missing.length === 0) return url
  return url + (url.includes('?') ? '&' : '?') + missing.map(([k, v]) => `${k}=${v}`).join('&')
}

// One transport per URL for the life of the process (and across Next's bundles, hence globalThis).
const globalForMail = globalThis as unknown as { __mailTransports?: Map<string, Transporter> }

function transportFor(url: string): Transporter {
  const cache = (globalForMail.__mailTransports ??= new Map())
  let transport = cache.get(url)
  if (!transport) {
    transport = createTransport(withTimeouts(url))
    cache.set(url, transport)
  }
  return transport
}
