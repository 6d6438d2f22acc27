'use client'

import Link from 'next/link'
import { useSearchParams } from 'next/navigation'
import { DataTable, createDataTableColumnHelper, mergeQuery, type PageCursors } from '@/components/data-table'
import type { ContactRow } from '@/lib/db/contacts'
import type { OwnerOption, TeamOption } from './assignment-selects'
import { ContactsFilters } from './contacts-filters'
import { focusRing } from '@/components/ui/focus-ring'
import type { ContactsQuery } from './types'
import { dayFormat } from '@/components/data-table/cells'

const link = `rounded-sm font-medium text-brand underline ${focusRing}`
// UTC so the server render and the browser agree on the day.
const muted = (text: string) => <span className="text-ink-muted">{text}</span>

const col = createDataTableColumnHelper<ContactRow>()
const columns = col.columns([
  col.accessor('name', {
    header: 'Name',
    enableSorting: true,
    cell: ({ row, getValue }) => (
      <Link href={`/contacts/${row.original.id}`} className={link}>
        {getValue()}
      </Link>
    ),
  }),
  col.accessor((c) => c.email ?? '', { id: 'email', header: 'Email', enableSorting: true, cell: ({ getValue }) => getValue() || muted('—') }),
  col.accessor((c) => c.owner?.label ?? '', { id: 'owner', header: 'Owner', enableSorting: true, cell: ({ getValue }) => getValue() || muted('Unassigned') }),
  col.accessor((c) => c.team?.name ?? '', { id: 'team', header: 'Team', enableSorting: true, cell: ({ getValue }) => getValue() || muted('—') }),
  col.accessor('createdAt', {
    id: 'created',
    header: 'Created',
    enableSorting: true,
    cell: ({ getValue }) => <time dateTime={getValue()}>{dayFormat.format(new Date(getValue()))}</time>,
    meta: { className: 'whitespace-nowrap' },
  }),
])

/** The contacts the member may see: the server has already scoped, filtered, sorted and paged them. */
export function ContactsTable({
  rows,
  total,
  page,
  cursors,
  query,
  owners,
  teams,
  selfId,
}: {
  rows: ContactRow[]
  total: number
  page: number
  cursors: PageCursors
  query: ContactsQuery
  owners: OwnerOption[]
  teams: TeamOption[]
  selfId: string
}) {
  const params = useSearchParams()
  const filtered = Boolean(query.q || query.owner || query.team)
  const cleared = mergeQuery(params, { q: null, owner: null, team: null }, true)
  const empty = filtered ? (
    <>
      No contacts match these filters.{' '}
      <Link href={cleared ? `/contacts?${cleared}` : '/contacts'} className={link}>
        Clear filters
      </Link>
    </>
  ) : (
    'No contacts yet.'
  )

  return (
    <div className="flex flex-col gap-4">
      <ContactsFilters query={query} owners={owners} teams={teams} selfId={selfId} />
      <DataTable
        label="Contacts"
        rows={rows}
        columns={columns}
        getRowId={(c) => c.id}
        total={total}
        sort={query.sort}
        dir={query.dir}
        page={page}
        cursors={cursors}
        size={query.size}
        empty={empty}
      />
    </div>
  )
}
