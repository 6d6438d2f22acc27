import Link from 'next/link'
import type { ReactNode } from 'react'
import type { HomeChange, HomeCounts } from '@/lib/db/home'
import { SIGN_IN_STALE_DAYS } from '@/lib/validation/members-constants'

// Home's panels: plain server components over what loadHome returned (each only when allowed).

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const link = 'rounded-sm font-medium text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

export function Panel({ id, title, children, action }: { id: string; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border border-line bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={id} className="text-sm font-semibold text-ink">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  )
}

/** Invitations and sign-ins, each count a link to the users table filtered to those people. */
export function PeoplePanel({ counts }: { counts: HomeCounts }) {
  const items = [
    {
      label: 'Pending invitations',
      value: counts.invited,
      note: counts.invitedExpired ? `${counts.invitedExpired} expired` : null,
      href: '/settings/users?status=INVITED',
      linkText: 'Show invited people',
    },
    {
      label: 'Never signed in',
      value: counts.neverSignedIn,
      note: 'Active members',
      href: '/settings/users?status=ACTIVE&signin=never',
      linkText: 'Show members who never signed in',
    },
    {
      label: `No sign-in for ${SIGN_IN_STALE_DAYS} days`,
      value: counts.signedInLongAgo,
      note: 'Active members',
      href: '/settings/users?status=ACTIVE&signin=stale',
      linkText: `Show members with no sign-in for ${SIGN_IN_STALE_DAYS} days`,
    },
  ]
  return (
    <Panel id="home-people" title="People">
      <dl className="mt-3 grid gap-3 sm:grid-cols-3">
        {items.map((i) => (
          <div key={i.label} className="min-w-0 rounded-md bg-gray-50 p-3">
            <dt className="text-sm text-ink-muted">{i.label}</dt>
            <dd className="mt-1 text-sm text-ink">
              <strong className="text-xl">{i.value}</strong>
              {i.note && <span className="ml-2 text-ink-muted">{i.note}</span>}
              <Link href={i.href} className={`mt-1 block break-words ${link}`}>
                {i.linkText}
              </Link>
            </dd>
          </div>
        ))}
      </dl>
    </Panel>
  )
}

/** The newest audit events, in the audit log's own words (its summary), and the way to the log. */
export function ChangesPanel({ changes }: { changes: HomeChange[] }) {
  return (
    <Panel
      id="home-changes"
      title="Recent changes"
      action={
        <Link href="/settings/audit" className={`text-sm ${link}`}>
          Open the audit log
        </Link>
      }
    >
      {changes.length === 0 ? (
        <p className="mt-3 text-sm text-ink-muted">No changes yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-line" aria-label={`The ${plural(changes.length, 'newest change')}`}>
          {changes.map((c) => (
            <li key={c.id} className="min-w-0 py-2 text-sm">
              <p className="break-words text-ink">{c.summary}</p>
              <p className="break-words text-ink-muted">
                {c.actorEmail} · <time dateTime={c.createdAt}>{when.format(new Date(c.createdAt))} UTC</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  )
}
