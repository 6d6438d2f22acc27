import 'server-only'
import { pendingMails } from '@/lib/db/outbox'
import { kickRelay } from './relay'

// What happens to the mails of a change once it commits (lib/db/outbox.ts wrote them in its
// transaction). With SMTP_URL the relay (./relay.ts) delivers them: the request does not wait
// for it. Without SMTP_URL they stay pending for the dev mailbox (/dev/mailbox) and are logged.

/** Called after the transaction that queued these mails committed; never waits on SMTP. */
export async function mailsCommitted(ids: string[]): Promise<void> {
  if (ids.length === 0) return
  if (process.env.SMTP_URL) return kickRelay()
  // The link itself only where the dev mailbox could show it anyway (a local trial): a log is read by more people than a mailbox.
  const local = process.env.NODE_ENV !== 'production' || process.env.DEV_MAILBOX === 'demo' || process.env.DEV_MAILBOX === '1'
  try {
    for (const row of await pendingMails(ids))
      console.info(`[mail] to ${row.to}: ${row.subject} ${local ? (firstLink(row.text) ?? '') : '(not sent: no SMTP_URL)'}`.trimEnd())
  } catch {
    // The change is committed: a lost connection now must not turn its answer into an error.
  }
}

function firstLink(text: string): string | undefined {
  return /https?:\/\/\S+/.exec(text)?.[0]
}
