import 'server-only'
import { createTransport, type Transporter } from 'nodemailer'
import { markMailFailed, markMailSent, pendingMails } from '@/lib/db/outbox'

// Delivery of the outbox (lib/db/outbox.ts): after the change that queued a mail commits, over
// SMTP when SMTP_URL is set. Without SMTP_URL the rows stay pending and the dev mailbox
// (/dev/mailbox) shows them, within the limits of mailboxEnabled and mailVisibleTo.

export type Delivery = { sent: number; failed: { to: string; error: string }[] }

/**
 * Delivers the pending mails among ids. Over SMTP when SMTP_URL is set; otherwise logs them and
 * leaves them pending for the dev mailbox. A delivery failure is recorded on the row and
 * reported, never thrown: the change that queued the mail is already committed.
 */
export async function deliverMails(ids: string[]): Promise<Delivery> {
  if (ids.length === 0) return { sent: 0, failed: [] }
  const rows = await pendingMails(ids)
  const smtpUrl = process.env.SMTP_URL
  if (!smtpUrl) {
    // The link itself only where the dev mailbox could show it anyway (a local trial): a log is read by more people than a mailbox.
    const local = process.env.NODE_ENV !== 'production' || process.env.DEV_MAILBOX === 'demo' || process.env.DEV_MAILBOX === '1'
    for (const row of rows) console.info(`[mail] to ${row.to}: ${row.subject} ${local ? (firstLink(row.text) ?? '') : '(not sent: no SMTP_URL)'}`.trimEnd())
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
      await markMailFailed(row.id, error)
      result.failed.push({ to: row.to, error })
      continue
    }
    await markMailSent(row.id)
    result.sent++
  }
  return result
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
