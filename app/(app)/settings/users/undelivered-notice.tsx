import { undeliveredMails } from '@/lib/db/outbox'

/**
 * Invitation emails the relay could not deliver (given up on after a day, or failing for a while),
 * to members still invited: whoever may invite sees them and resends once mail works.
 */
export async function UndeliveredNotice({ tenantId }: { tenantId: string }) {
  const mails = await undeliveredMails(tenantId)
  if (mails.length === 0) return null
  return (
    <section role="status" aria-labelledby="undelivered-title" className="mb-4 rounded-md border border-danger/40 bg-danger-soft px-4 py-3 text-sm">
      <h2 id="undelivered-title" className="font-semibold text-danger">
        {mails.length === 1 ? 'An invitation email was not delivered' : `${mails.length} invitation emails were not delivered`}
      </h2>
      <ul className="mt-1 list-disc pl-5">
        {mails.slice(0, 10).map((m) => (
          <li key={m.id}>
            <span className="font-medium">{m.to}</span>: {m.deadAt ? 'given up after a day of retries' : 'still retrying'}
            {m.error && <span className="text-ink-muted"> ({m.error})</span>}
          </li>
        ))}
      </ul>
      {mails.length > 10 && <p className="mt-1">…and {mails.length - 10} more.</p>}
      <p className="mt-1">Once mail works again, use “Resend invite” in the member’s menu.</p>
    </section>
  )
}
