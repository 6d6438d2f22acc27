'use client'

/**
 * AssigneesDialog: "Manage assignees: {role}". Lists the members who have the role (untick
 * "Keep {email}" to take it away) and, from a search, members who could get it (tick
 * "Add {email}"; a member's current role is replaced). Used by the roles list and the editor.
 *
 * Props
 * - `role: { id, name }`.
 * - `open` / `onOpenChange(open)`: controlled; every opening starts afresh and loads the members
 *   (findAssignees, needs roles.assign). It refuses to close while saving.
 * - `onDone(message)`: after a successful save, once the dialog has asked to close; `message` is
 *   the server's bulk result, skipped members and their reasons included. The dialog also calls
 *   router.refresh(). A refused save keeps the dialog open with the server's message.
 * - `returnFocus?`: the element that gets focus back on close (e.g. the menu trigger).
 */
import { useRouter } from 'next/navigation'
import { useEffect, useId, useRef, useState, useTransition, type RefObject } from 'react'
import { changeSummary, PickerDialog, PickerItem, pickerBox, toggled } from '@/components/picker-dialog'
import { findAssignees, setRoleAssignees } from './actions'

export type AssigneesDialogProps = {
  role: { id: string; name: string }
  open: boolean
  onOpenChange: (open: boolean) => void
  onDone: (message: string) => void
  returnFocus?: RefObject<HTMLElement | null>
}

type Found = Awaited<ReturnType<typeof findAssignees>>
type Candidate = NonNullable<Extract<Found, { ok: true }>['data']>['candidates'][number]

const DEBOUNCE_MS = 300
const STATUS = { INVITED: 'Invited', ACTIVE: 'Active', SUSPENDED: 'Suspended' } as const
const ROLE = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' } as const

export function AssigneesDialog(props: AssigneesDialogProps) {
  // Each opening starts afresh (search, ticks, errors): the body remounts.
  const [wasOpen, setWasOpen] = useState(props.open)
  const [opening, setOpening] = useState(0)
  if (props.open !== wasOpen) {
    setWasOpen(props.open)
    if (props.open) setOpening((n) => n + 1)
  }
  return <AssigneesBody key={opening} {...props} />
}

function AssigneesBody({ role, open, onOpenChange, onDone, returnFocus }: AssigneesDialogProps) {
  const router = useRouter()
  const searchId = useId()
  const [typed, setTyped] = useState('')
  const [search, setSearch] = useState('')
  const [found, setFound] = useState<{ q: string; r: Found } | null>(null)
  const [remove, setRemove] = useState<ReadonlySet<string>>(() => new Set())
  const [add, setAdd] = useState<ReadonlyMap<string, Candidate>>(() => new Map())
  const [error, setError] = useState<string | null>(null)
  const [pending, startTransition] = useTransition()
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  useEffect(() => {
    if (!open) return
    let live = true
    findAssignees({ roleId: role.id, q: search }).then(
      (r) => live && setFound({ q: search, r }),
      () => live && setFound({ q: search, r: { ok: false, message: 'The members could not be loaded. Try again.' } }),
    )
    return () => {
      live = false
    }
  }, [open, role.id, search])

  const loading = found?.q !== search
  const data = found?.r.ok ? found.r.data : undefined
  const loadError = found && !found.r.ok ? found.r.message : null
  const needle = typed.trim().toLowerCase()
  const assigned = (data?.assigned ?? []).filter((m) => !needle || m.email.toLowerCase().includes(needle) || m.name.toLowerCase().includes(needle))
  // Members ticked in an earlier search stay listed, so they can be unticked.
  const shown = new Set((data?.candidates ?? []).map((c) => c.id))
  const candidates = [...[...add.values()].filter((c) => !shown.has(c.id)), ...(data?.candidates ?? [])]

  function onType(value: string) {
    setTyped(value)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setSearch(value.trim()), DEBOUNCE_MS)
  }

  function save() {
    setError(null)
    if (add.size === 0 && remove.size === 0) return setError('Nothing to save yet: tick members to add, or untick members to take the role template away.')
    startTransition(async () => {
      const r = await setRoleAssignees({ roleId: role.id, add: [...add.keys()], remove: [...remove] })
      if (!r.ok) return setError(r.message)
      onOpenChange(false)
      onDone(r.message ?? 'Assignees saved.')
      router.refresh()
    })
  }

  const changes = changeSummary(add.size, remove.size)
  return (
    <PickerDialog
      open={open}
      onOpenChange={onOpenChange}
      pending={pending}
      returnFocus={returnFocus}
      title={`Manage assignees: ${role.name}`}
      description="Members get the role’s permissions on their next request. Only members can have a role: owners and admins have every permission already."
      error={error ?? loadError}
      search={typed}
      onSearch={onType}
      status={loading ? 'Loading members…' : changes}
      busy={loading}
      saveLabel="Save assignees"
      onSave={save}
      wide
    >
      <section aria-labelledby={`${searchId}-has`}>
        <h3 id={`${searchId}-has`} className="mb-2 font-semibold">
          Members with this role template
        </h3>
        {assigned.length === 0 ? (
          <p className="text-ink-muted">{!data ? '…' : needle ? 'No member with this role template matches.' : 'Nobody has this role template yet.'}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {assigned.map((m) => (
              <PickerItem
                key={m.id}
                id={`${searchId}-k-${m.id}`}
                label={<span className="font-medium">Keep {m.email}</span>}
                detail={[m.name, ROLE[m.baseRole], STATUS[m.status], remove.has(m.id) && 'will lose this role template'].filter(Boolean).join(' · ')}
              >
                <input
                  id={`${searchId}-k-${m.id}`}
                  type="checkbox"
                  className={pickerBox}
                  checked={!remove.has(m.id)}
                  disabled={pending}
                  aria-describedby={`${searchId}-k-${m.id}-d`}
                  onChange={(e) => setRemove((s) => toggled(s, m.id, !e.target.checked))}
                />
              </PickerItem>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={`${searchId}-add`}>
        <h3 id={`${searchId}-add`} className="mb-2 font-semibold">
          Add members
        </h3>
        {candidates.length === 0 ? (
          <p className="text-ink-muted">{!data ? '…' : 'No member without this role template matches. Owners and admins are not listed.'}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {candidates.map((c) => (
              <PickerItem
                key={c.id}
                id={`${searchId}-a-${c.id}`}
                label={<span className="font-medium">Add {c.email}</span>}
                detail={[c.name, STATUS[c.status], c.currentRole ? `has ${c.currentRole}; this replaces it` : 'no role template yet']
                  .filter(Boolean)
                  .join(' · ')}
              >
                <input
                  id={`${searchId}-a-${c.id}`}
                  type="checkbox"
                  className={pickerBox}
                  checked={add.has(c.id)}
                  disabled={pending}
                  aria-describedby={`${searchId}-a-${c.id}-d`}
                  onChange={(e) =>
                    setAdd((m) => {
                      const next = new Map(m)
                      if (e.target.checked) next.set(c.id, c)
                      else next.delete(c.id)
                      return next
                    })
                  }
                />
              </PickerItem>
            ))}
          </ul>
        )}
        {(data?.candidates.length ?? 0) >= 20 && <p className="mt-2 text-xs text-ink-muted">Showing the first 20 matches; search to find others.</p>}
      </section>
    </PickerDialog>
  )
}
