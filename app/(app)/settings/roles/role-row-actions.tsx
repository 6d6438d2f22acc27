'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition, type RefObject } from 'react'
import { Menu, MenuItem, MenuLink, MenuSeparator, ROW_MENU_TRIGGER } from '@/components/ui/menu'
import { duplicateRole } from './actions'
import { AssigneesDialog } from './assignees-dialog'
import { DeleteRoleDialog } from './delete-role-dialog'
import type { Notice, RoleListRow, RolePicker, RolesCan } from './types'

type Open = 'assignees' | 'delete' | null

/**
 * The menu of one role's row, holding only what the actor may do (the server checks every
 * action again). Duplicate opens the copy in the editor; the dialogs report back through
 * `onResult`, which shows the message above the table and refreshes it.
 */
export function RoleRowActions({
  role,
  can,
  atLimit,
  allRoles,
  onResult,
  noticeRef,
}: {
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
      else onResult({ kind: 'error', text: r.message ?? 'The role template could not be duplicated.' })
    })
  }
  const done = (text: string) => onResult({ kind: 'success', text })

  return (
    <>
      <Menu
        label={`Actions for ${role.name}`}
        busy={pending}
        triggerRef={trigger}
        triggerClassName={ROW_MENU_TRIGGER}
        menuClassName="min-w-48"
        trigger={
          <span aria-hidden="true" className="text-lg leading-none">
            ⋯
          </span>
        }
      >
        <MenuLink href={`/settings/roles/${role.id}`}>{can.edit ? 'Edit' : 'View'}</MenuLink>
        {can.create && (
          <MenuItem disabled={pending || atLimit} onSelect={duplicate}>
            {pending ? 'Duplicating…' : atLimit ? 'Duplicate (role template limit reached)' : 'Duplicate'}
          </MenuItem>
        )}
        {can.assign && <MenuItem onSelect={() => setOpen('assignees')}>Manage assignees</MenuItem>}
        {can.delete && (
          <>
            <MenuSeparator />
            <MenuItem
              tone="danger"
              onSelect={() => {
                deleteFocus.current = trigger.current
                setOpen('delete')
              }}
            >
              Delete
            </MenuItem>
          </>
        )}
      </Menu>

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
