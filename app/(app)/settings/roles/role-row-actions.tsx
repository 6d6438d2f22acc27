'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { DropdownMenu } from 'radix-ui'
import { useRef, useState, useTransition, type RefObject } from 'react'
import { duplicateRole } from './actions'
import { AssigneesDialog } from './assignees-dialog'
import { DeleteRoleDialog } from './delete-role-dialog'
import type { Notice, RoleListRow, RolePicker, RolesCan } from './roles-table'

const item =
  'block cursor-pointer select-none rounded px-3 py-1.5 text-left text-sm text-ink outline-none data-[highlighted]:bg-brand-soft data-[highlighted]:text-brand data-[highlighted]:ring-2 data-[highlighted]:ring-inset data-[highlighted]:ring-brand data-[disabled]:cursor-not-allowed data-[disabled]:text-ink-muted'
const dangerItem = `${item} text-danger data-[highlighted]:bg-danger-soft data-[highlighted]:text-danger data-[highlighted]:ring-danger`

type Open = 'assignees' | 'delete' | null

/**
 * The menu of one role's row, holding only what the actor may do (the server checks every
 * action again). Duplicate opens the copy in the editor; the dialogs report back through
 * `onResult`, which shows the message above the table and refreshes it.
 */
export function RoleRowActions({ role, can, atLimit, allRoles, onResult, noticeRef }: {
  role: RoleListRow
  can: RolesCan
  /** The plan's role limit is reached: duplicating is off (the meter says why). */
  atLimit: boolean
  allRoles: RolePicker[]
  onResult: (n: Notice) => void
  /** Focus target once this row is gone (after a delete). */
  noticeRef: RefObject<HTMLElement | null>
}) {
  const router = useRouter()
  const trigger = useRef<HTMLButtonElement>(null)
  // The delete dialog hands focus back to the trigger, or, once the role is deleted (its row
  // goes away), to the result message above the table.
  const deleteFocus = useRef<HTMLElement | null>(null)
  const [open, setOpen] = useState<Open>(null)
  const [pending, startTransition] = useTransition()

  function duplicate() {
    startTransition(async () => {
      const r = await duplicateRole({ roleId: role.id })
      if (r.ok && r.data) router.push(`/settings/roles/${r.data.id}`)
      else onResult({ kind: 'error', text: r.message ?? 'The role could not be duplicated.' })
    })
  }
  const done = (text: string) => onResult({ kind: 'success', text })

  return (
    <>
      {/* Not modal: the rest of the page is not aria-hidden while the menu is open, and a dialog opened from it owns focus cleanly. */}
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          ref={trigger}
          aria-label={`Actions for ${role.name}`}
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
            onCloseAutoFocus={(e) => open && e.preventDefault()}
            className="z-50 min-w-48 rounded-md border border-line bg-white p-1 shadow-lg"
          >
            <DropdownMenu.Item asChild className={item}>
              <Link href={`/settings/roles/${role.id}`}>{can.edit ? 'Edit' : 'View'}</Link>
            </DropdownMenu.Item>
            {can.create && (
              <DropdownMenu.Item className={item} disabled={pending || atLimit} onSelect={duplicate}>
                {pending ? 'Duplicating…' : atLimit ? 'Duplicate (role limit reached)' : 'Duplicate'}
              </DropdownMenu.Item>
            )}
            {can.assign && (
              <DropdownMenu.Item className={item} onSelect={() => setOpen('assignees')}>Manage assignees</DropdownMenu.Item>
            )}
            {can.delete && (
              <>
                <DropdownMenu.Separator className="my-1 h-px bg-line" />
                <DropdownMenu.Item
                  className={dangerItem}
                  onSelect={() => {
                    deleteFocus.current = trigger.current
                    setOpen('delete')
                  }}
                >
                  Delete
                </DropdownMenu.Item>
              </>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>

      {can.assign && (
        <AssigneesDialog
          role={{ id: role.id, name: role.name }}
          open={open === 'assignees'}
          onOpenChange={(next) => setOpen(next ? 'assignees' : null)}
          onDone={done}
          returnFocus={trigger}
        />
      )}
      {can.delete && (
        <DeleteRoleDialog
          role={{ id: role.id, name: role.name, members: role.members }}
          otherRoles={allRoles}
          open={open === 'delete'}
          onOpenChange={(next) => setOpen(next ? 'delete' : null)}
          onDone={(text) => {
            deleteFocus.current = noticeRef.current
            done(text)
          }}
          returnFocus={deleteFocus}
        />
      )}
    </>
  )
}
