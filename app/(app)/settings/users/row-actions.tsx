'use client'

import Link from 'next/link'
import { DropdownMenu } from 'radix-ui'
import { useRef, useState, useTransition } from 'react'
import { ConfirmDialog } from '@/components/ui/dialog'
import type { MemberRow } from '@/lib/db/members'
import { setMemberStatus } from './actions'
import { DeleteDialog } from './delete-dialog'
import { resendInvite, revokeInvites } from './invite-actions'
import type { Person, Picker, UsersActionResult, UsersCan } from './users-table'

const item =
  'block cursor-pointer select-none rounded px-3 py-1.5 text-left text-sm text-ink outline-none data-[highlighted]:bg-brand-soft data-[highlighted]:text-brand data-[highlighted]:ring-2 data-[highlighted]:ring-inset data-[highlighted]:ring-brand'
const dangerItem = `${item} text-danger data-[highlighted]:bg-danger-soft data-[highlighted]:text-danger data-[highlighted]:ring-danger`

type Confirm = 'suspend' | 'revoke' | 'delete' | null

/**
 * The menu of one member's row, holding only what the actor may do to that member. The server
 * checks every action again; hiding is for clarity. Only owners change owners and admins, and
 * nobody suspends or deletes themselves.
 */
export function RowActions({ member, can, selfId, actorIsOwner, teams, candidates, onResult }: {
  member: MemberRow
  can: UsersCan
  selfId: string
  actorIsOwner: boolean
  teams: Picker[]
  /** Active members on this page, for "their contacts go to". */
  candidates: Person[]
  onResult: (r: UsersActionResult) => void
}) {
  const trigger = useRef<HTMLButtonElement>(null)
  const [confirm, setConfirm] = useState<Confirm>(null)
  const [pending, startTransition] = useTransition()

  const self = member.id === selfId
  const manages = actorIsOwner || member.baseRole === 'MEMBER'
  const invited = member.status === 'INVITED'
  const show = {
    resend: invited && can.invite && manages,
    revoke: invited && can.invite && manages,
    suspend: member.status === 'ACTIVE' && can.editStatus && manages && !self,
    reactivate: member.status === 'SUSPENDED' && can.editStatus && manages,
    delete: !invited && can.delete && manages && !self,
  }

  function run(action: () => Promise<UsersActionResult>) {
    startTransition(async () => {
      const r = await action()
      setConfirm(null)
      onResult(r)
    })
  }
  const ids = [member.id]

  return (
    <>
      {/* Not modal: the rest of the page is not aria-hidden while the menu is open, and a dialog opened from it owns focus cleanly. */}
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          ref={trigger}
          aria-label={`Actions for ${member.email}`}
          aria-busy={pending || undefined}
          className="inline-flex h-8 w-8 items-center justify-center rounded-md text-ink-muted hover:bg-gray-100 hover:text-ink focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1 data-[state=open]:bg-gray-100"
        >
          <span aria-hidden="true" className="text-lg leading-none">⋯</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            // A dialog opened from the menu takes the focus; it hands it back to the trigger on close.
            onCloseAutoFocus={(e) => confirm && e.preventDefault()}
            className="z-50 min-w-44 rounded-md border border-line bg-white p-1 shadow-lg"
          >
            <DropdownMenu.Item asChild className={item}>
              <Link href={`/settings/users/${member.id}`}>{can.edit && manages ? 'Edit' : 'View'}</Link>
            </DropdownMenu.Item>
            {show.resend && (
              <DropdownMenu.Item className={item} disabled={pending} onSelect={() => run(() => resendInvite({ memberId: member.id }))}>
                Resend invite
              </DropdownMenu.Item>
            )}
            {show.revoke && (
              <DropdownMenu.Item className={dangerItem} onSelect={() => setConfirm('revoke')}>Revoke invitation</DropdownMenu.Item>
            )}
            {show.suspend && (
              <DropdownMenu.Item className={item} onSelect={() => setConfirm('suspend')}>Suspend</DropdownMenu.Item>
            )}
            {show.reactivate && (
              <DropdownMenu.Item className={item} disabled={pending} onSelect={() => run(() => setMemberStatus({ memberIds: ids, status: 'ACTIVE' }))}>
                Reactivate
              </DropdownMenu.Item>
            )}
            {show.delete && (
              <>
                <DropdownMenu.Separator className="my-1 h-px bg-line" />
                <DropdownMenu.Item className={dangerItem} onSelect={() => setConfirm('delete')}>Delete</DropdownMenu.Item>
              </>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>

      {show.suspend && (
        <ConfirmDialog
          open={confirm === 'suspend'}
          onOpenChange={(open) => !open && setConfirm(null)}
          title={`Suspend ${member.email}?`}
          description="They lose access on their next request; you can reactivate them later."
          confirmLabel="Suspend"
          tone="danger"
          pending={pending}
          onConfirm={() => run(() => setMemberStatus({ memberIds: ids, status: 'SUSPENDED' }))}
          returnFocus={trigger}
        />
      )}
      {show.revoke && (
        <ConfirmDialog
          open={confirm === 'revoke'}
          onOpenChange={(open) => !open && setConfirm(null)}
          title={`Revoke the invitation of ${member.email}?`}
          description="Their invitation link stops working and their seat is freed. You can invite them again later."
          confirmLabel="Revoke invitation"
          tone="danger"
          pending={pending}
          onConfirm={() => run(() => revokeInvites({ memberIds: ids }))}
          returnFocus={trigger}
        />
      )}
      {show.delete && (
        <DeleteDialog
          open={confirm === 'delete'}
          onOpenChange={(open) => !open && setConfirm(null)}
          members={[{ id: member.id, email: member.email }]}
          candidates={candidates}
          teams={teams}
          onDone={(r) => {
            setConfirm(null)
            onResult(r)
          }}
          returnFocus={trigger}
        />
      )}
    </>
  )
}
