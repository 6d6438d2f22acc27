'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'
import { Button } from '@/components/ui/button'
import { duplicateRole } from '../actions'
import { AssigneesDialog } from '../assignees-dialog'
import { DeleteRoleDialog } from '../delete-role-dialog'
import { useNotice } from './notice'

export type RoleActionsCan = { duplicate: boolean; assign: boolean; delete: boolean }
type Open = 'assignees' | 'delete' | null

/**
 * The editor's header buttons, holding only what the actor may do (the server checks every
 * action again): Duplicate opens the copy, Manage assignees and Delete open their dialogs.
 */
export function RoleActions({
  role,
  otherRoles,
  can,
  atLimit,
}: {
  role: { id: string; name: string; members: number }
  otherRoles: { id: string; name: string }[]
  can: RoleActionsCan
  /** The plan's role limit is reached: duplicating is off. */
  atLimit: boolean
}) {
  const router = useRouter()
  const { show } = useNotice()
  const [open, setOpen] = useState<Open>(null)
  const [duplicating, startDuplicate] = useTransition()
  const assignButton = useRef<HTMLButtonElement>(null)
  const deleteButton = useRef<HTMLButtonElement>(null)

  function duplicate() {
    show(null)
    startDuplicate(async () => {
      const r = await duplicateRole({ roleId: role.id })
      // The copy's page says it is one (?copied=1): the button's work is otherwise a silent page change.
      if (r.ok && r.data) router.push(`/settings/roles/${r.data.id}?copied=1`)
      else show({ kind: 'error', text: r.message ?? 'The role template could not be duplicated.' })
    })
  }

  return (
    <>
      {can.duplicate && (
        <Button variant="secondary" onClick={duplicate} disabled={duplicating || atLimit} aria-busy={duplicating || undefined}>
          {duplicating ? 'Duplicating…' : atLimit ? 'Duplicate (role template limit reached)' : 'Duplicate'}
        </Button>
      )}
      {can.assign && (
        <>
          <Button ref={assignButton} variant="secondary" onClick={() => setOpen('assignees')}>
            Manage assignees
          </Button>
          <AssigneesDialog
            role={{ id: role.id, name: role.name }}
            open={open === 'assignees'}
            onOpenChange={(next) => setOpen(next ? 'assignees' : null)}
            onDone={(text) => show({ kind: 'success', text })}
            returnFocus={assignButton}
          />
        </>
      )}
      {can.delete && (
        <>
          <Button ref={deleteButton} variant="danger" onClick={() => setOpen('delete')}>
            Delete
          </Button>
          <DeleteRoleDialog
            role={role}
            otherRoles={otherRoles}
            open={open === 'delete'}
            onOpenChange={(next) => setOpen(next ? 'delete' : null)}
            onDone={() => router.push('/settings/roles')}
            returnFocus={deleteButton}
          />
        </>
      )}
    </>
  )
}
