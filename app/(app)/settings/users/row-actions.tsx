'use client'

import { useRef, useTransition } from 'react'
import { ConfirmDialog } from '@/components/ui/dialog'
import { Menu, MenuItem, MenuLink, MenuSeparator, ROW_MENU_TRIGGER } from '@/components/ui/menu'
import type { MemberRow } from '@/lib/db/member-detail'
import { setMemberStatus } from './actions'
import { DeleteDialog } from './delete-dialog'
import { resendInvite, revokeInvites } from './invite-actions'
import type { Person, Picker, UsersActionResult, UsersRow } from './types'

/** A confirmation asked from a row's menu; the table shows one at a time (`RowConfirm`). */
export type RowConfirmation = { kind: 'suspend' | 'revoke' | 'delete'; member: Pick<MemberRow, 'id' | 'email' | 'status'>; trigger: HTMLButtonElement | null }

/**
 * The menu of one member's row, holding only what the actor may do to that member: the server
 * worked that out with the rules (`member.can`, lib/authz/abilities.ts) and checks every action
 * again. What needs a confirmation goes to `onConfirm`, so the table holds one dialog instead of
 * three per row.
 */
export function RowActions({
  member,
  onResult,
  onConfirm,
}: {
  member: UsersRow
  onResult: (r: UsersActionResult) => void
  onConfirm: (c: RowConfirmation) => void
}) {
  const trigger = useRef<HTMLButtonElement>(null)
  const [pending, startTransition] = useTransition()
  const show = member.can

  function run(action: () => Promise<UsersActionResult>) {
    startTransition(async () => onResult(await action()))
  }
  const confirm = (kind: RowConfirmation['kind']) =>
    onConfirm({ kind, member: { id: member.id, email: member.email, status: member.status }, trigger: trigger.current })

  return (
    <Menu
      label={`Actions for ${member.email}`}
      busy={pending}
      triggerRef={trigger}
      triggerClassName={ROW_MENU_TRIGGER}
      trigger={
        <span aria-hidden="true" className="text-lg leading-none">
          ⋯
        </span>
      }
    >
      <MenuLink href={`/settings/users/${member.id}`}>{show.edit ? 'Edit' : 'View'}</MenuLink>
      {show.resend && (
        <MenuItem disabled={pending} onSelect={() => run(() => resendInvite({ memberId: member.id }))}>
          Resend invite
        </MenuItem>
      )}
      {show.revoke && (
        <MenuItem tone="danger" onSelect={() => confirm('revoke')}>
          Revoke invitation
        </MenuItem>
      )}
      {show.suspend && <MenuItem onSelect={() => confirm('suspend')}>Suspend</MenuItem>}
      {show.reactivate && (
        <MenuItem disabled={pending} onSelect={() => run(() => setMemberStatus({ memberIds: [member.id], status: 'ACTIVE' }))}>
          Reactivate
        </MenuItem>
      )}
      {show.delete && (
        <>
          <MenuSeparator />
          <MenuItem tone="danger" onSelect={() => confirm('delete')}>
            Delete
          </MenuItem>
        </>
      )}
    </Menu>
  )
}

/** What the row menu's plain confirmations say and do (delete has a dialog of its own). */
const CONFIRMATIONS = {
  suspend: {
    title: (email: string) => `Suspend ${email}?`,
    description: 'They lose access on their next request; you can reactivate them later.',
    confirmLabel: 'Suspend',
    action: (memberIds: string[]) => setMemberStatus({ memberIds, status: 'SUSPENDED' }),
  },
  revoke: {
    title: (email: string) => `Revoke the invitation of ${email}?`,
    description: 'Their invitation link stops working and their seat is freed. You can invite them again later.',
    confirmLabel: 'Revoke invitation',
    action: (memberIds: string[]) => revokeInvites({ memberIds }),
  },
} satisfies Record<
  'suspend' | 'revoke',
  { title: (email: string) => string; description: string; confirmLabel: string; action: (ids: string[]) => Promise<UsersActionResult> }
>

/** The confirmation a row's menu asked for, if any; focus goes back to that row's menu button. */
export function RowConfirm({
  confirmation,
  teams,
  candidates,
  onClose,
  onResult,
}: {
  confirmation: RowConfirmation | null
  teams: Picker[]
  /** Active members on this page, for "their contacts go to". */
  candidates: Person[]
  onClose: () => void
  onResult: (r: UsersActionResult) => void
}) {
  const [pending, startTransition] = useTransition()
  if (!confirmation) return null
  const { kind, member, trigger } = confirmation
  const returnFocus = { current: trigger }
  const ids = [member.id]

  const done = (r: UsersActionResult) => {
    onClose()
    onResult(r)
  }
  const run = (action: () => Promise<UsersActionResult>) => startTransition(async () => done(await action()))
  const onOpenChange = (open: boolean) => !open && onClose()

  if (kind === 'delete') {
    return <DeleteDialog open onOpenChange={onOpenChange} members={[member]} candidates={candidates} teams={teams} onDone={done} returnFocus={returnFocus} />
  }
  const c = CONFIRMATIONS[kind]
  return (
    <ConfirmDialog
      open
      onOpenChange={onOpenChange}
      title={c.title(member.email)}
      description={c.description}
      confirmLabel={c.confirmLabel}
      tone="danger"
      pending={pending}
      onConfirm={() => run(() => c.action(ids))}
      returnFocus={returnFocus}
    />
  )
}
