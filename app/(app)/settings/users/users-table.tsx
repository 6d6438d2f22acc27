'use client'

import Link from 'next/link'
import { useRouter, useSearchParams } from 'next/navigation'
import { createContext, useCallback, useContext, useMemo, useState } from 'react'
import { DataTable, createDataTableColumnHelper, mergeQuery, type PageCursors } from '@/components/data-table'
import { FormMessage } from '@/components/form-message'
import { PAGE_SIZES } from '@/lib/validation/members-constants'
import { BulkBar } from './bulk-bar'
import { RowActions, RowConfirm, type RowConfirmation } from './row-actions'
import { UsersFilters } from './users-filters'
import type { Picker, SelectedMember, UsersActionResult, UsersCan, UsersQuery, UsersRow } from './types'
import { cellLink, emptyCell, formatInstant } from '@/components/data-table/cells'

const ROLE = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' } as const
// UTC so the server render and the browser agree on the day.
const badge = 'inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium'

/** What the per-row cells need from the table; columns live at module scope, so they read it here. */
type RowContext = {
  onResult: (r: UsersActionResult) => void
  onConfirm: (c: RowConfirmation) => void
}
const RowCtx = createContext<RowContext | null>(null)
function useRowContext(): RowContext {
  const ctx = useContext(RowCtx)
  if (!ctx) throw new Error('UsersTable cells need the UsersTable context')
  return ctx
}

function StatusBadge({ member }: { member: UsersRow }) {
  if (member.status === 'ACTIVE') return <span className={`${badge} bg-ok-soft text-ok`}>Active</span>
  if (member.status === 'SUSPENDED') return <span className={`${badge} bg-danger-soft text-danger`}>Suspended</span>
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span className={`${badge} bg-brand-soft text-brand`}>Invited</span>
      {member.inviteExpired && <span className={`${badge} bg-warn-soft text-warn`}>link expired</span>}
    </span>
  )
}

function ActionsCell({ member }: { member: UsersRow }) {
  const ctx = useRowContext()
  return <RowActions member={member} {...ctx} />
}

const col = createDataTableColumnHelper<UsersRow>()
const columns = col.columns([
  col.accessor('email', {
    header: 'Email',
    enableSorting: true,
    cell: ({ row, getValue }) => (
      <Link href={`/settings/users/${row.original.id}`} className={cellLink}>
        {getValue()}
      </Link>
    ),
  }),
  col.accessor('name', { header: 'Name', enableSorting: true, cell: ({ getValue }) => getValue() || emptyCell }),
  col.accessor('baseRole', { id: 'role', header: 'Role', enableSorting: true, cell: ({ getValue }) => ROLE[getValue()] }),
  col.accessor((m) => m.roleTemplate?.name ?? '', {
    id: 'template',
    header: 'Role template',
    enableSorting: true,
    cell: ({ getValue }) => getValue() || emptyCell,
  }),
  col.accessor('status', { header: 'Status', enableSorting: true, cell: ({ row }) => <StatusBadge member={row.original} /> }),
  col.accessor('crmAccess', { header: 'CRM access', cell: ({ getValue }) => (getValue() ? 'Yes' : 'No') }),
  col.accessor('twoFactor', {
    id: 'twoFactor',
    header: 'Two-factor',
    cell: ({ getValue }) => (getValue() ? <span className={`${badge} bg-ok-soft text-ok`}>2FA on</span> : <span className="text-ink-muted">Off</span>),
    meta: { className: 'whitespace-nowrap' },
  }),
  col.accessor((m) => m.teams.map((t) => t.name).join(', '), { id: 'teams', header: 'Teams', cell: ({ getValue }) => getValue() || emptyCell }),
  col.accessor('lastLoginAt', {
    id: 'lastLogin',
    header: 'Last sign-in',
    enableSorting: true,
    cell: ({ getValue }) => {
      const at = getValue()
      return at ? <time dateTime={at}>{formatInstant(at)}</time> : 'Never'
    },
    meta: { className: 'whitespace-nowrap' },
  }),
  col.display({
    id: 'actions',
    header: () => <span className="sr-only">Actions</span>,
    cell: ({ row }) => <ActionsCell member={row.original} />,
    meta: { className: 'text-right' },
  }),
])

export function UsersTable({
  rows,
  total,
  page,
  cursors,
  query,
  templates,
  teams,
  can,
  exportHref,
}: {
  rows: UsersRow[]
  total: number
  page: number
  cursors: PageCursors
  query: UsersQuery
  templates: Picker[]
  teams: Picker[]
  can: UsersCan
  exportHref: string
}) {
  const router = useRouter()
  const params = useSearchParams()
  const [confirmation, setConfirmation] = useState<RowConfirmation | null>(null)
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string; n: number } | null>(null)
  // Selected members by id, kept across pages (with what the bulk bar and delete dialog show).
  const [selected, setSelected] = useState<ReadonlyMap<string, SelectedMember>>(() => new Map())
  const selectedIds = useMemo(() => new Set(selected.keys()), [selected])
  const bulk = can.editStatus || can.delete || can.assign || can.invite

  const onSelectionChange = useCallback(
    (ids: Set<string>) => {
      setSelected((prev) => {
        const next = new Map<string, SelectedMember>()
        for (const id of ids) {
          const known = prev.get(id) ?? rows.find((r) => r.id === id)
          if (known) next.set(id, { id, email: known.email, status: known.status, baseRole: known.baseRole })
        }
        return next
      })
    },
    [rows],
  )

  const onResult = useCallback(
    (r: UsersActionResult) => {
      setNotice((prev) => ({ kind: r.ok ? 'success' : 'error', text: r.message ?? 'Done.', n: (prev?.n ?? 0) + 1 }))
      const changed = r.ok ? (r.data?.changed ?? []) : []
      if (changed.length) {
        setSelected((prev) => {
          const next = new Map(prev)
          for (const id of changed) next.delete(id)
          return next
        })
      }
      router.refresh()
    },
    [router],
  )

  const candidates = useMemo(() => rows.filter((r) => r.status === 'ACTIVE').map((r) => ({ id: r.id, email: r.email })), [rows])
  const ctx = useMemo<RowContext>(() => ({ onResult, onConfirm: setConfirmation }), [onResult])

  const filtered = Boolean(query.q || query.role || query.status || query.template || query.signin || query.twofactor)
  const cleared = mergeQuery(params, { q: null, role: null, status: null, template: null, signin: null, twofactor: null }, true)
  const empty = filtered ? (
    <>
      No members match these filters.{' '}
      <Link href={cleared ? `/settings/users?${cleared}` : '/settings/users'} className={cellLink}>
        Clear filters
      </Link>
    </>
  ) : (
    'No members yet.'
  )

  return (
    <RowCtx.Provider value={ctx}>
      <div className="flex flex-col gap-4">
        <UsersFilters query={query} templates={templates} exportHref={exportHref} />
        {notice && (
          <FormMessage key={notice.n} kind={notice.kind}>
            {notice.text}
          </FormMessage>
        )}
        {selected.size > 0 && (
          <BulkBar
            selected={[...selected.values()]}
            can={can}
            templates={templates}
            teams={teams}
            candidates={candidates}
            onResult={onResult}
            onClear={() => setSelected(new Map())}
          />
        )}
        <DataTable
          label="Members"
          rows={rows}
          columns={columns}
          getRowId={(m) => m.id}
          total={total}
          sort={query.sort}
          dir={query.dir}
          page={page}
          cursors={cursors}
          size={query.size}
          pageSizes={[...PAGE_SIZES]}
          selection={bulk ? { selected: selectedIds, onChange: onSelectionChange, rowLabel: (m) => m.email } : undefined}
          empty={empty}
        />
        <RowConfirm confirmation={confirmation} teams={teams} candidates={candidates} onClose={() => setConfirmation(null)} onResult={onResult} />
      </div>
    </RowCtx.Provider>
  )
}
