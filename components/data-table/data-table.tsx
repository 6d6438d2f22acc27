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
import type { DataTableProps } from './types'
import { useUrlQuery } from './use-url-query'

export function DataTable<Row extends RowData>(props: DataTableProps<Row>) {
  const { set, pending } = useUrlQuery()
  return (
    <DataTableView
      {...props}
      pending={pending}
      onSort={(sort, dir) => set({ sort, dir })}
      onPage={(page) => set({ page: page > 1 ? String(page) : null })}
      onSize={(size) => set({ size: String(size) })}
    />
  )
}
