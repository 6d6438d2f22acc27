'use client'

import Link from 'next/link'
import { useSearchParams } from 'next/navigation'
import { DataTable, createDataTableColumnHelper, mergeQuery, type PageCursors } from '@/components/data-table'
import { AuditChanges } from './audit-changes'
import { AuditFilters } from './audit-filters'
import type { AuditEntry, AuditFilterQuery } from './types'
import { emptyCell } from '@/components/data-table/cells'

// UTC so the server render and the browser agree, and so entries compare across time zones.
const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })
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

const col = createDataTableColumnHelper<AuditEntry>()
const columns = col.columns([
  col.accessor('createdAt', {
    header: 'When',
    cell: ({ getValue }) => <time dateTime={getValue()}>{when.format(new Date(getValue()))} UTC</time>,
    meta: { className: 'whitespace-nowrap align-top' },
  }),
  col.accessor('actorEmail', { header: 'Actor', meta: { className: 'align-top break-all' } }),
  col.accessor('action', {
    header: 'Action',
    cell: ({ getValue }) => <code className="text-xs">{getValue()}</code>,
    meta: { className: 'whitespace-nowrap align-top' },
  }),
  col.display({
    id: 'target',
    header: 'Target',
    cell: ({ row }) => <TargetCell type={row.original.targetType} id={row.original.targetId} />,
    meta: { className: 'align-top' },
  }),
  col.accessor('summary', { header: 'Summary', meta: { className: 'align-top min-w-48' } }),
  col.accessor('changes', {
    header: 'Changes',
    cell: ({ getValue }) => <AuditChanges changes={getValue()} />,
    meta: { className: 'align-top min-w-56 max-w-md' },
  }),
  col.accessor('ip', { header: 'IP', cell: ({ getValue }) => getValue() ?? emptyCell, meta: { className: 'align-top font-mono text-xs whitespace-nowrap' } }),
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
  actions: string[]
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
    <div className="flex flex-col gap-4">
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
