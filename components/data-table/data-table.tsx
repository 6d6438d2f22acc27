'use client'

/**
 * A server-driven table: the database sorts and pages, the state lives in the URL
 * (?sort=name&dir=asc&page=2&size=25) so a view can be shared as a link. The page (a server
 * component) parses the search params, loads one page and passes it to a client leaf that
 * declares the columns and renders <DataTable>. Columns hold functions, so they cannot cross
 * from a server component: declare them in the 'use client' file, at module scope.
 *
 * @example
 * ```tsx
 * 'use client'
 * import Link from 'next/link'
 * import { useState } from 'react'
 * import { DataTable, createDataTableColumnHelper, type SortDir } from '@/components/data-table'
 *
 * type MemberRow = { id: string; name: string; email: string; role: string; joinedAt: Date }
 * const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })
 * const col = createDataTableColumnHelper<MemberRow>()
 * const columns = col.columns([
 *   // The column id is the URL sort key: `name` here, so ?sort=name. Sorting is opt-in.
 *   col.accessor('name', {
 *     header: 'Name',
 *     enableSorting: true,
 *     cell: ({ row, getValue }) => (
 *       <Link className="font-medium text-brand underline" href={`/settings/users/${row.original.id}`}>{getValue()}</Link>
 *     ),
 *   }),
 *   col.accessor('email', { header: 'Email', enableSorting: true }),
 *   col.accessor('role', { header: 'Role' }), // not sortable
 *   col.accessor((m) => m.joinedAt, {
 *     id: 'joined', // ?sort=joined
 *     header: 'Joined',
 *     enableSorting: true,
 *     cell: ({ getValue }) => date.format(getValue()),
 *     meta: { className: 'whitespace-nowrap' },
 *   }),
 *   col.display({
 *     id: 'actions',
 *     header: () => <span className="sr-only">Actions</span>,
 *     cell: ({ row }) => <Link href={`/settings/users/${row.original.id}/edit`} aria-label={`Edit ${row.original.name}`}>Edit</Link>,
 *     meta: { className: 'text-right' },
 *   }),
 * ])
 *
 * export function MembersTable({ rows, total, query }: {
 *   rows: MemberRow[]; total: number; query: { sort: string; dir: SortDir; page: number; size: number }
 * }) {
 *   const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set())
 *   return (
 *     <DataTable label="Members" rows={rows} columns={columns} getRowId={(m) => m.id} total={total} {...query}
 *       selection={{ selected, onChange: setSelected, rowLabel: (m) => m.name }} empty="No members match these filters." />
 *   )
 * }
 * ```
 */
import type { RowData } from '@tanstack/react-table'
import { DataTableView } from './data-table-view'
import type { DataTableProps, PageCursors } from './types'
import { useUrlQuery, type QueryUpdates } from './use-url-query'

/**
 * The URL of page `to`: by keyset from this page's cursors when the list has them (the next or
 * previous page, or the last one read from the end), else by number.
 */
export function pageUpdates(to: number, at: { page: number; size: number; total: number; totalExact?: boolean; cursors?: PageCursors }): QueryUpdates {
  const number = { page: to > 1 ? String(to) : null, after: null, before: null }
  const { cursors } = at
  if (to <= 1 || !cursors) return number
  if (at.totalExact !== false && to >= Math.ceil(at.total / at.size)) return { ...number, before: 'end' }
  if (to === at.page + 1 && cursors.next) return { ...number, after: cursors.next }
  if (to === at.page - 1 && cursors.prev) return { ...number, before: cursors.prev }
  return number
}

export function DataTable<Row extends RowData>(props: DataTableProps<Row>) {
  const { set, pending } = useUrlQuery()
  return (
    <DataTableView
      {...props}
      pending={pending}
      onSort={(sort, dir) => set({ sort, dir })}
      onPage={(page) => set(pageUpdates(page, props))}
      onSize={(size) => set({ size: String(size) })}
    />
  )
}
