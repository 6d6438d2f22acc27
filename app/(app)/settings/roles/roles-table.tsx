'use client'

import Link from 'next/link'
import { useRouter, useSearchParams } from 'next/navigation'
import { createContext, useCallback, useContext, useMemo, useRef, useState, type RefObject } from 'react'
import { DataTable, createDataTableColumnHelper, mergeQuery } from '@/components/data-table'
import { FormMessage } from '@/components/form-message'
import { RoleRowActions } from './role-row-actions'
import { RolesSearch } from './roles-search'
import type { RoleListRow, RolesCan, RolePicker, RolesQuery, Notice } from './types'
import { cellLink, dayFormat, emptyCell } from '@/components/data-table/cells'

// UTC so the server render and the browser agree on the day.
const PAGE_SIZES = [10, 25, 50, 100]

/** What the row menus need from the table; columns live at module scope, so they read it here. */
type RowContext = {
  can: RolesCan
  atLimit: boolean
  allRoles: RolePicker[]
  onResult: (n: Notice) => void
  /** Where focus goes when the row it came from is gone (a deleted role): the result message. */
  noticeRef: RefObject<HTMLDivElement | null>
}
const RowCtx = createContext<RowContext | null>(null)
function useRowContext(): RowContext {
  const ctx = useContext(RowCtx)
  if (!ctx) throw new Error('RolesTable cells need the RolesTable context')
  return ctx
}

function ActionsCell({ role }: { role: RoleListRow }) {
  const ctx = useRowContext()
  return <RoleRowActions role={role} {...ctx} />
}

/**
 * cuid ids start with a timestamp, so roles made minutes apart share their first characters:
 * the short form is the end of the id. The full id is what screen readers and the tooltip get.
 */
function ShortId({ id }: { id: string }) {
  return (
    <span title={id} className="font-mono text-xs text-ink-muted">
      <span aria-hidden="true">…{id.slice(-8)}</span>
      <span className="sr-only">{id}</span>
    </span>
  )
}

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{dayFormat.format(new Date(iso))}</time>
}

const col = createDataTableColumnHelper<RoleListRow>()
const columns = col.columns([
  col.accessor('id', { header: 'ID', cell: ({ getValue }) => <ShortId id={getValue()} />, meta: { className: 'whitespace-nowrap' } }),
  col.accessor('name', {
    header: 'Name',
    enableSorting: true,
    cell: ({ row, getValue }) => (
      <Link href={`/settings/roles/${row.original.id}`} className={cellLink}>
        {getValue()}
      </Link>
    ),
  }),
  col.accessor('description', {
    header: 'Description',
    cell: ({ getValue }) => getValue() || emptyCell,
    meta: { className: 'max-w-md text-ink-muted' },
  }),
  col.accessor('members', { header: 'Members', enableSorting: true, meta: { className: 'tabular-nums' } }),
  col.accessor('createdAt', {
    id: 'created',
    header: 'Created',
    enableSorting: true,
    cell: ({ getValue }) => <When iso={getValue()} />,
    meta: { className: 'whitespace-nowrap' },
  }),
  col.accessor('updatedAt', {
    id: 'updated',
    header: 'Updated',
    enableSorting: true,
    cell: ({ getValue }) => <When iso={getValue()} />,
    meta: { className: 'whitespace-nowrap' },
  }),
  col.display({
    id: 'actions',
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => <ActionsCell role={row.original} />,
    meta: { className: 'text-right' },
  }),
])

/**
 * The roles list: searched, sorted and paged by the server through the URL. Row menus report
 * what they did here, shown above the table (successes as a status, failures as an alert).
 */
export function RolesTable({
  rows,
  total,
  page,
  query,
  allRoles,
  can,
  atLimit,
}: {
  rows: RoleListRow[]
  total: number
  page: number
  query: RolesQuery
  /** Every role of the workspace (for "move its members to"); empty when the actor cannot delete. */
  allRoles: RolePicker[]
  can: RolesCan
  atLimit: boolean
}) {
  const router = useRouter()
  const params = useSearchParams()
  const [notice, setNotice] = useState<(Notice & { n: number }) | null>(null)
  const noticeRef = useRef<HTMLDivElement>(null)

  const onResult = useCallback(
    (next: Notice) => {
      setNotice((prev) => ({ ...next, n: (prev?.n ?? 0) + 1 }))
      router.refresh()
    },
    [router],
  )
  const ctx = useMemo<RowContext>(() => ({ can, atLimit, allRoles, onResult, noticeRef }), [can, atLimit, allRoles, onResult])

  // "Show all role templates" keeps the order and page size, and drops the search.
  const cleared = mergeQuery(params, { q: null }, true)
  const empty = query.q ? (
    <>
      No role templates match “{query.q}”.{' '}
      <Link href={cleared ? `/settings/roles?${cleared}` : '/settings/roles'} className={cellLink}>
        Show all role templates
      </Link>
    </>
  ) : (
    'No role templates yet.'
  )

  return (
    <RowCtx.Provider value={ctx}>
      <div className="flex flex-col gap-4">
        <RolesSearch />
        <div ref={noticeRef} tabIndex={-1} className="outline-none empty:hidden">
          {notice && (
            <FormMessage key={notice.n} kind={notice.kind}>
              {notice.text}
            </FormMessage>
          )}
        </div>
        <DataTable
          label="Role templates"
          rows={rows}
          columns={columns}
          getRowId={(r) => r.id}
          total={total}
          sort={query.sort}
          dir={query.dir}
          page={page}
          size={query.size}
          pageSizes={PAGE_SIZES}
          empty={empty}
        />
      </div>
    </RowCtx.Provider>
  )
}
