'use client'

import Link from 'next/link'
import { useSearchParams } from 'next/navigation'
import { DataTable, createDataTableColumnHelper, mergeQuery, type PageCursors } from '@/components/data-table'
import { AuditChanges } from './audit-changes'
import { AuditFilters } from './audit-filters'
import type { AuditActionOption, AuditEntry, AuditFilterQuery } from './types'

// UTC so the server render and the browser agree, and so entries compare across time zones.
const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium', timeZone: 'UTC' })
const link = 'rounded-sm font-medium text-brand underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'

/** The target's type and the end of its id (ids share their beginning); the id filters the log to it. */
function TargetCell({ type, id }: { type: string; id: string | null }) {
  const params = useSearchParams()
  if (!id) return <span>{type}</span>
  const qs = mergeQuery(params, { target: id }, true)
  return (
    <span className="flex flex-col">
      <span>{type}</span>
      <Link href={`/settings/audit?${qs}`} title={id} className={`${link} font-mono text-xs`}>
        <span className="sr-only">Show entries for {type} </span>…{id.slice(-8)}
      </Link>
    </span>
  )
}

/** When, on two lines (day, then time) so the column stays narrow. */
function WhenCell({ iso }: { iso: string }) {
  const at = new Date(iso)
  return (
    <time dateTime={iso} className="flex flex-col whitespace-nowrap">
      <span>{day.format(at)}</span>
      <span className="text-xs text-ink-muted">{time.format(at)} UTC</span>
    </time>
  )
}

/** Who, and from where: the email on one line (cut short, whole in its title), the IP address below it. */
function ActorCell({ email, ip }: { email: string; ip: string | null }) {
  return (
    <span className="flex max-w-56 flex-col">
      <span className="truncate" title={email}>
        {email}
      </span>
      <span className="font-mono text-xs text-ink-muted" data-testid="audit-ip">
        <span className="sr-only">IP address: </span>
        {ip ?? (
          <>
            <span aria-hidden="true">—</span>
            <span className="sr-only">none</span>
          </>
        )}
      </span>
    </span>
  )
}

const col = createDataTableColumnHelper<AuditEntry>()
const columns = col.columns([
  col.accessor('createdAt', {
    header: 'When',
    cell: ({ getValue }) => <WhenCell iso={getValue()} />,
    meta: { className: 'align-top' },
  }),
  col.accessor('actorEmail', {
    header: 'Actor and IP',
    cell: ({ row }) => <ActorCell email={row.original.actorEmail} ip={row.original.ip} />,
    meta: { className: 'align-top min-w-40' },
  }),
  col.accessor('actionLabel', {
    header: 'Action',
    cell: ({ row }) => <span title={row.original.action}>{row.original.actionLabel}</span>,
    meta: { className: 'align-top min-w-32' },
  }),
  col.display({
    id: 'target',
    header: 'Target',
    cell: ({ row }) => <TargetCell type={row.original.targetType} id={row.original.targetId} />,
    meta: { className: 'align-top' },
  }),
  col.accessor('summary', { header: 'Summary', meta: { className: 'align-top min-w-48 break-words' } }),
  col.accessor('changes', {
    header: 'Changes',
    cell: ({ getValue }) => <AuditChanges changes={getValue()} />,
    meta: { className: 'align-top min-w-64 max-w-md' },
  }),
])

export function AuditTable({
  rows,
  total,
  exact,
  page,
  cursors,
  query,
  actions,
}: {
  rows: AuditEntry[]
  total: number
  exact: boolean
  page: number
  cursors: PageCursors
  query: AuditFilterQuery
  actions: AuditActionOption[]
}) {
  const params = useSearchParams()
  const filtered = Boolean(query.actor || query.action || query.target || query.from || query.to)
  const cleared = mergeQuery(params, { actor: null, action: null, target: null, from: null, to: null }, true)
  const empty = filtered ? (
    <>
      No entries match these filters.{' '}
      <Link href={cleared ? `/settings/audit?${cleared}` : '/settings/audit'} className={link}>
        Clear filters
      </Link>
    </>
  ) : (
    'No entries yet. Changes made in this workspace appear here.'
  )

  return (
    // w-0 min-w-full: as wide as the page's main column, whatever the table's width, so a wide
    // table scrolls inside its own container instead of widening the page.
    <div className="flex w-0 min-w-full flex-col gap-4">
      <AuditFilters query={query} actions={actions} filtered={filtered} />
      {/* Newest first, always: no column sorts. */}
      <DataTable
        label="Audit log entries"
        rows={rows}
        columns={columns}
        getRowId={(e) => e.id}
        total={total}
        totalExact={exact}
        sort="createdAt"
        dir="desc"
        page={page}
        cursors={cursors}
        size={query.size}
        pageSizes={[25, 50, 100]}
        empty={empty}
      />
    </div>
  )
}
