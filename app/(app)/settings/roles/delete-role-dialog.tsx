'use client'

/**
 * DeleteRoleDialog: asks before deleting a role, and what happens to the members who use it.
 * Used by the roles list (row menu) and the role editor.
 *
 * Props
 * - `role: { id, name, members }`: the role, with how many members use it as the caller knows it.
 *   When members > 0 the dialog loads them on open (findAssignees, needs roles.assign; without
 *   it only the count is shown and "move" is off, since moving members is assigning a role).
 * - `otherRoles: { id, name }[]`: replacement candidates; the role itself is filtered out here.
 * - `open` / `onOpenChange(open)`: controlled. The dialog refuses to close while deleting.
 * - `onDone(message)`: after a successful delete, once the dialog has asked to close
 *   (onOpenChange(false)); `message` is the server's ("Deleted X. 3 members now have Y.").
 *   The dialog neither navigates nor refreshes: the list refreshes, the editor leaves the page.
 * - `returnFocus?`: the element that gets focus back on close (e.g. the menu trigger).
 *
 * With members: a choice between "Move them to another role" (a select; its error is shown
 * next to it) and "Remove the role from N members" (sent as removeFromMembers: N, which the
 * server checks against the current count). Failures stay in the dialog; nothing is lost silently.
 */
import { useEffect, useId, useRef, useState, useTransition, type RefObject } from 'react'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { AlertDialogShell, DialogCancel } from '@/components/ui/dialog'
import { Select } from '@/components/ui/select'
import { deleteRole, findAssignees } from './actions'
import { focusRing } from '@/components/ui/focus-ring'

export type DeleteRoleDialogProps = {
  role: { id: string; name: string; members: number }
  otherRoles: { id: string; name: string }[]
  open: boolean
  onOpenChange: (open: boolean) => void
  onDone: (message: string) => void
  returnFocus?: RefObject<HTMLElement | null>
}

type People = { state: 'loading' } | { state: 'loaded'; emails: string[] } | { state: 'forbidden' } | { state: 'unknown' }
const SHOWN = 10
const plural = (n: number) => `${n} member${n === 1 ? '' : 's'}`

export function DeleteRoleDialog(props: DeleteRoleDialogProps) {
  // Each opening starts afresh (choice, errors, the member list): the body remounts.
  const [wasOpen, setWasOpen] = useState(props.open)
  const [opening, setOpening] = useState(0)
  if (props.open !== wasOpen) {
    setWasOpen(props.open)
    if (props.open) setOpening((n) => n + 1)
  }
  return <DeleteRoleBody key={opening} {...props} />
}

function DeleteRoleBody({ role, otherRoles, open, onOpenChange, onDone, returnFocus }: DeleteRoleDialogProps) {
  const others = otherRoles.filter((r) => r.id !== role.id)
  const [people, setPeople] = useState<People>({ state: 'loading' })
  const [reload, setReload] = useState(0)
  const [choice, setChoice] = useState<'move' | 'remove' | null>(others.length ? 'move' : null)
  const [replacementId, setReplacementId] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [pending, startTransition] = useTransition()
  const selectRef = useRef<HTMLSelectElement>(null)
  const firstRadio = useRef<HTMLInputElement>(null)
  const name = useId()
  const choiceErrorId = useId()

  useEffect(() => {
    if (!open || role.members === 0) return
    let live = true
    findAssignees({ roleId: role.id, q: '' }).then(
      (r) => {
        if (!live) return
        if (r.ok && r.data) setPeople({ state: 'loaded', emails: r.data.assigned.map((a) => a.email) })
        else setPeople({ state: !r.ok && r.code === 'forbidden' ? 'forbidden' : 'unknown' })
      },
      () => live && setPeople({ state: 'unknown' }),
    )
    return () => {
      live = false
    }
  }, [open, role.id, role.members, reload])

  // The loaded list is fresher than the count the caller had.
  const n = role.members === 0 ? 0 : people.state === 'loaded' ? people.emails.length : role.members
  const canMove = others.length > 0 && people.state !== 'forbidden'
  const chosen = choice === 'move' && !canMove ? null : choice

  function submit() {
    setFieldError(null)
    setFormError(null)
    if (n > 0 && chosen === null) {
      setFieldError('Choose what happens to its members.')
      return firstRadio.current?.focus()
    }
    if (n > 0 && chosen === 'move' && !replacementId) {
      setFieldError('Choose the role template they move to.')
      return selectRef.current?.focus()
    }
    const input = {
      roleId: role.id,
      replacementId: n > 0 && chosen === 'move' ? replacementId : null,
      removeFromMembers: n > 0 && chosen === 'remove' ? n : null,
    }
    startTransition(async () => {
      const r = await deleteRole(input)
      if (r.ok) {
        onOpenChange(false)
        onDone(r.message ?? `Deleted ${role.name}.`)
        return
      }
      const field = r.fieldErrors?.replacementId?.join(' ')
      if (r.code === 'conflict') setReload((k) => k + 1) // the members changed meanwhile: show them again
      if (field && n > 0 && r.code !== 'conflict') {
        setFieldError(field)
        if (chosen === 'move') selectRef.current?.focus()
      } else setFormError(field ?? r.message)
    })
  }

  const radio = (value: 'move' | 'remove', label: string, disabled: boolean, hint?: string) => (
    <label className={`flex items-start gap-2 ${disabled ? 'text-ink-muted' : 'text-ink'}`}>
      <input
        ref={value === 'move' ? firstRadio : undefined}
        type="radio"
        name={name}
        value={value}
        checked={chosen === value}
        disabled={disabled || pending}
        aria-describedby={fieldError && chosen !== 'move' ? choiceErrorId : undefined}
        onChange={() => {
          setChoice(value)
          setFieldError(null)
        }}
        className={`mt-0.5 size-4 accent-brand ${focusRing}`}
      />
      <span>
        {label}
        {hint && <span className="block text-xs text-ink-muted">{hint}</span>}
      </span>
    </label>
  )

  const audit = 'The deletion, with the role template’s permissions, is recorded in the audit log.'
  return (
    <AlertDialogShell
      open={open}
      onOpenChange={(next) => !pending && onOpenChange(next)}
      title={`Delete the role template ${role.name}?`}
      description={
        n > 0
          ? `${plural(n)} ${n === 1 ? 'uses' : 'use'} this role template. Choose what happens to them; nothing changes until you confirm. ${audit}`
          : `No member uses this role template. Deleting it can’t be undone. ${audit}`
      }
      returnFocus={returnFocus}
      wide
      footer={
        <>
          <DialogCancel disabled={pending} />
          <Button variant="danger" onClick={submit} disabled={pending} aria-busy={pending || undefined} className={focusRing}>
            {pending ? 'Deleting…' : 'Delete role template'}
          </Button>
        </>
      }
    >
      {formError || n > 0 ? (
        <>
          {formError && (
            <div className="mb-4">
              <FormMessage kind="error">{formError}</FormMessage>
            </div>
          )}
          {n > 0 && people.state === 'loading' && <p role="status">Loading its members…</p>}
          {n > 0 && people.state === 'loaded' && (
            <ul aria-label="Members with this role template" className="list-disc space-y-0.5 pl-5">
              {people.emails.slice(0, SHOWN).map((email) => (
                <li key={email} className="break-all">
                  {email}
                </li>
              ))}
              {n > SHOWN && <li>and {n - SHOWN} more</li>}
            </ul>
          )}
          {n > 0 && (
            <fieldset className="mt-4 flex flex-col gap-2" aria-describedby={fieldError && chosen !== 'move' ? choiceErrorId : undefined}>
              <legend className="mb-2 font-medium text-ink">What happens to its members</legend>
              {radio(
                'move',
                'Move them to another role template',
                !canMove,
                others.length === 0
                  ? 'There is no other role template.'
                  : people.state === 'forbidden'
                    ? 'Moving members needs the “Assign role templates” permission.'
                    : undefined,
              )}
              {chosen === 'move' && (
                <Select
                  ref={selectRef}
                  label="Role template to move them to"
                  className="ml-6"
                  value={replacementId}
                  error={fieldError ?? undefined}
                  disabled={pending}
                  onChange={(e) => {
                    setReplacementId(e.target.value)
                    setFieldError(null)
                  }}
                >
                  <option value="">Choose a role template…</option>
                  {others.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </Select>
              )}
              {radio('remove', `Remove the role template from ${plural(n)}`, false, 'They keep only the permissions given to them directly.')}
              {fieldError && chosen !== 'move' && (
                <p id={choiceErrorId} className="text-sm text-danger">
                  {fieldError}
                </p>
              )}
            </fieldset>
          )}
        </>
      ) : null}
    </AlertDialogShell>
  )
}
