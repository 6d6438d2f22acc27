import type { Metadata } from 'next'
import { headers } from 'next/headers'
import { notFound } from 'next/navigation'
import { connection } from 'next/server'
import { clientIp } from '@/lib/auth/client-ip'
import { requirePage } from '@/lib/authz/guards'
import { listOutbox } from '@/lib/db/outbox'
import { forViewer, mailboxOpen, type MailboxEntry } from '@/lib/mail/mailbox'

// Mail the app kept because SMTP_URL is not set, so a local trial can follow an invitation link.
// The bodies hold live links: only members who may invite see the page, only their own
// workspace's mail, only while the mailbox is open (lib/mail/mailbox.ts), and a link only when
// they may hold what it grants.

export const metadata: Metadata = { title: 'Dev mailbox', robots: { index: false, follow: false } }

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export default async function DevMailboxPage() {
  // Rendered per request: the build must neither open the database nor bake in a 404 decided by
  // the build's environment.
  await connection()
  if (!(await mailboxOpen(clientIp(await headers())))) notFound()
  const access = await requirePage('users.invite')
  const mails = await forViewer(access, await listOutbox(50, access.tenantId))
  return (
    <div className="max-w-3xl">
      <h1 className="text-2xl font-semibold text-ink">Dev mailbox</h1>
      <p className="mt-1 text-sm text-ink-muted">
        Mail of this workspace, kept here because SMTP_URL is not set: open for a local trial only. A link that grants more than you hold is hidden.
      </p>
      {mails.length === 0 ? (
        <p className="mt-8 rounded-lg border border-line bg-white p-6 text-sm text-ink-muted">No mail yet.</p>
      ) : (
        <ol className="mt-8 space-y-6" aria-label="Mails, newest first">
          {mails.map((mail) => (
            <li key={mail.id}>
              <MailCard mail={mail} />
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

function MailCard({ mail }: { mail: MailboxEntry }) {
  const headingId = `mail-${mail.id}`
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-line bg-white p-6">
      <h2 id={headingId} className="text-lg font-semibold text-ink">
        {mail.subject}
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-ink-muted">To</dt>
        <dd className="text-ink">{mail.to}</dd>
        <dt className="text-ink-muted">Date</dt>
        <dd className="text-ink">
          <time dateTime={mail.createdAt.toISOString()}>{dateFormat.format(mail.createdAt)} UTC</time>
        </dd>
        <dt className="text-ink-muted">Status</dt>
        <dd className={mail.error ? 'text-danger' : 'text-ink'}>{status(mail)}</dd>
      </dl>
      {mail.hiddenBecause && <p className="mt-4 text-sm text-ink-muted">The invitation link is hidden: {mail.hiddenBecause}</p>}
      {mail.text ? (
        <pre className="mt-4 whitespace-pre-wrap break-words rounded-md bg-gray-50 p-4 font-sans text-sm text-ink">{linkify(mail.text)}</pre>
      ) : (
        <p className="mt-4 text-sm text-ink-muted">The body was cleared once the mail was sent.</p>
      )}
    </article>
  )
}

function status(mail: MailboxEntry): string {
  if (mail.sentAt) return `Sent ${dateFormat.format(mail.sentAt)} UTC`
  if (mail.error) return `Not sent: ${mail.error}`
  return 'Pending'
}

// Splits text into strings and <a> elements, so links are clickable without rendering the mail's
// own HTML (which would need dangerouslySetInnerHTML). Trailing punctuation stays text.
function linkify(text: string): React.ReactNode[] {
  const parts: React.ReactNode[] = []
  let last = 0
  for (const match of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '')
    const start = match.index
    parts.push(text.slice(last, start))
    parts.push(
      <a key={start} href={url} className="break-all text-brand underline hover:text-brand-hover">
        {url}
      </a>,
    )
    last = start + url.length
  }
  parts.push(text.slice(last))
  return parts
}
