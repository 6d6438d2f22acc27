'use client'

import { useRef, useState, useTransition } from 'react'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/dialog'
import { Select } from '@/components/ui/select'
import { setMembersTemplate, setMemberStatus } from './actions'
import { DeleteDialog } from './delete-dialog'
import { resendInvites, revokeInvites } from './invite-actions'
import type { Person, Picker, SelectedMember, UsersActionResult, UsersCan } from './types'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * What can be done to the selected members at once, per the actor's permissions. The server
 * applies each change to the members it may and reports the ones it skipped, with the reason.
 */
export function BulkBar({
  selected,
  can,
  templates,
  teams,
  candidates,
  onResult,
  onClear,
}: {
  selected: SelectedMember[]
  can: UsersCan
  templates: Picker[]
  teams: Picker[]
  candidates: Person[]
  onResult: (r: UsersActionResult) => void
  onClear: () => void
}) {
  const [pending, startTransition] = useTransition()
  const [template, setTemplate] = useState('')
  const [dialog, setDialog] = useState<'suspend' | 'revoke' | 'delete' | null>(null)
  const suspendRef = useRef<HTMLButtonElement>(null)
  const deleteRef = useRef<HTMLButtonElement>(null)
  const revokeRef = useRef<HTMLButtonElement>(null)

  const memberIds = selected.map((m) => m.id)
  const n = selected.length
  const people = `${n} member${n === 1 ? '' : 's'}`
  const has = (status: SelectedMember['status']) => selected.some((m) => m.status === status)
  const invitedIds = selected.filter((m) => m.status === 'INVITED').map((m) => m.id)
  const invitations = `${invitedIds.length} invitation${invitedIds.length === 1 ? '' : 's'}`

  function run(action: () => Promise<UsersActionResult>) {
    startTransition(async () => {
      const r = await action()
      setDialog(null)
      onResult(r)
    })
  }

  return (
    <section aria-label="Bulk actions" className="flex flex-wrap items-center gap-3 rounded-lg border border-line bg-brand-soft px-4 py-3">
      <p className="mr-2 text-sm font-medium text-ink" aria-live="polite">
        {n} selected
      </p>
      {can.editStatus && (
        <>
          <Button ref={suspendRef} variant="secondary" className={focusRing} disabled={pending || !has('ACTIVE')} onClick={() => setDialog('suspend')}>
            Suspend
          </Button>
          <Button
            variant="secondary"
            className={focusRing}
            disabled={pending || !has('SUSPENDED')}
            onClick={() => run(() => setMemberStatus({ memberIds, status: 'ACTIVE' }))}
          >
            Reactivate
          </Button>
        </>
      )}
      {can.invite && invitedIds.length > 0 && (
        <>
          <Button variant="secondary" className={focusRing} disabled={pending} onClick={() => run(() => resendInvites({ memberIds: invitedIds }))}>
            Resend invitations
          </Button>
          <Button ref={revokeRef} variant="secondary" className={focusRing} disabled={pending} onClick={() => setDialog('revoke')}>
            Revoke invitations
          </Button>
        </>
      )}
      {can.assign && (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            if (template) run(() => setMembersTemplate({ memberIds, roleTemplateId: template === 'none' ? null : template }))
          }}
        >
          <Select inline label="Change role template" value={template} disabled={pending} onChange={(e) => setTemplate(e.target.value)}>
            <option value="">Choose…</option>
            <option value="none">No template</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
          <Button type="submit" variant="secondary" className={focusRing} disabled={pending || !template}>
            Apply
          </Button>
        </form>
      )}
      {can.delete && (
        <Button ref={deleteRef} variant="danger" className={focusRing} disabled={pending} onClick={() => setDialog('delete')}>
          Delete
        </Button>
      )}
      <Button variant="ghost" className={`ml-auto ${focusRing}`} onClick={onClear}>
        Clear selection
      </Button>

      {can.editStatus && (
        <ConfirmDialog
          open={dialog === 'suspend'}
          onOpenChange={(open) => setDialog(open ? 'suspend' : null)}
          title={`Suspend ${people}?`}
          description="They lose access on their next request; you can reactivate them later. Invited and already suspended members are skipped."
          confirmLabel={`Suspend ${people}`}
          tone="danger"
          pending={pending}
          onConfirm={() => run(() => setMemberStatus({ memberIds, status: 'SUSPENDED' }))}
          returnFocus={suspendRef}
        />
      )}
      {can.invite && (
        <ConfirmDialog
          open={dialog === 'revoke'}
          onOpenChange={(open) => setDialog(open ? 'revoke' : null)}
          title={`Revoke ${invitations}?`}
          description="Their invitation links stop working and their seats are freed. Members who have joined are not affected. You can invite them again later."
          confirmLabel={`Revoke ${invitations}`}
          tone="danger"
          pending={pending}
          onConfirm={() => run(() => revokeInvites({ memberIds: invitedIds }))}
          returnFocus={revokeRef}
        />
      )}
      {can.delete && (
        <DeleteDialog
          open={dialog === 'delete'}
          onOpenChange={(open) => setDialog(open ? 'delete' : null)}
          members={selected}
          candidates={candidates}
          teams={teams}
          onDone={(r) => {
            setDialog(null)
            onResult(r)
          }}
          returnFocus={deleteRef}
        />
      )}
    </section>
  )
}
