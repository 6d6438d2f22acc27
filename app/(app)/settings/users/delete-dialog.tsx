'use client'

import { useEffect, useId, useRef, useState, useTransition, type RefObject } from 'react'
import { Button } from '@/components/ui/button'
import { AlertDialogShell, DialogCancel } from '@/components/ui/dialog'
import { Select } from '@/components/ui/select'
import { loadOnce } from '@/lib/forms/lazy-resolver'
import { deleteMembers } from './actions'
import type { MemberRow } from '@/lib/db/member-detail'
import type { Person, Picker, UsersActionResult } from './types'
import { focusRing } from '@/components/ui/focus-ring'

type ReassignTo = 'unassigned' | 'member' | 'team'
const SHOWN = 10
/** The action's own schema, loaded (with zod) when the dialog opens, not with the page. */
const schema = loadOnce(() => import('@/lib/validation/members').then((m) => m.deleteMembersSchema))

/**
 * Deletes one or many members for good, after saying what that means and asking where their
 * contacts go. Controlled (it opens from a row menu or the bulk bar); `returnFocus` is the
 * button that opened it. A reassignment error stays in the dialog, next to its select; any
 * other result closes it and goes to `onDone`.
 */
export function DeleteDialog({
  open,
  onOpenChange,
  members,
  candidates,
  teams,
  onDone,
  returnFocus,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** With their status when known: people who are only invited own no contacts, so nothing is asked about them. */
  members: (Person & { status?: MemberRow['status'] })[]
  /**
   * Who may receive the contacts: the active members of the table's current page (the rows the
   * client already holds). Acceptable limitation: someone on another page cannot be chosen here;
   * pick a team, or filter the table to find them first.
   */
  candidates: Person[]
  teams: Picker[]
  onDone: (r: UsersActionResult) => void
  returnFocus?: RefObject<HTMLElement | null>
}) {
  const [to, setTo] = useState<ReassignTo>('unassigned')
  const [memberId, setMemberId] = useState('')
  const [teamId, setTeamId] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [pending, startTransition] = useTransition()
  const selectRef = useRef<HTMLSelectElement>(null)
  const name = useId()

  useEffect(() => {
    if (open) schema.preload()
  }, [open])

  const leaving = new Set(members.map((m) => m.id))
  const others = candidates.filter((c) => !leaving.has(c.id))
  const n = members.length
  const onlyInvited = members.every((m) => m.status === 'INVITED')
  const people = onlyInvited ? `${n} invitation${n === 1 ? '' : 's'}` : `${n} member${n === 1 ? '' : 's'}`

  function reset() {
    setTo('unassigned')
    setMemberId('')
    setTeamId('')
    setError(null)
  }
  function showError(message: string) {
    setError(message)
    selectRef.current?.focus()
  }

  function submit() {
    const reassignId = to === 'member' ? memberId || null : to === 'team' ? teamId || null : null
    const input = { memberIds: members.map((m) => m.id), reassignTo: to, reassignId }
    // The action's own schema, checked here first so a missing choice is flagged without a round
    // trip. Until it has loaded (it is fetched as the dialog opens), the server's check answers.
    const check = schema.current()?.safeParse(input)
    const early = check && !check.success ? check.error.issues.find((i) => i.path[0] === 'reassignId') : undefined
    if (early) return showError(early.message)
    startTransition(async () => {
      const r = await deleteMembers(input)
      const field = r.ok ? undefined : r.fieldErrors?.reassignId
      if (field?.length) return showError(field.join(' '))
      reset()
      onDone(r)
    })
  }

  const radio = (value: ReassignTo, label: string, disabled = false) => (
    <label className={`flex items-center gap-2 ${disabled ? 'text-ink-muted' : 'text-ink'}`}>
      <input
        type="radio"
        name={name}
        value={value}
        checked={to === value}
        disabled={disabled || pending}
        onChange={() => {
          setTo(value)
          setError(null)
        }}
        className={`size-4 accent-brand ${focusRing}`}
      />
      {label}
    </label>
  )

  return (
    <AlertDialogShell
      open={open}
      onOpenChange={(next) => {
        if (pending) return
        if (!next) reset()
        onOpenChange(next)
      }}
      title={`Delete ${people}?`}
      description={
        onlyInvited
          ? `Their links stop working at once and ${n === 1 ? 'the seat is' : 'the seats are'} freed. The audit log keeps the addresses.`
          : `Deleting is permanent and frees ${n === 1 ? 'their seat' : 'their seats'}. What they created stays, and the audit log keeps their email.`
      }
      returnFocus={returnFocus}
      wide
      footer={
        <>
          <DialogCancel disabled={pending} />
          <Button variant="danger" onClick={submit} disabled={pending} aria-busy={pending || undefined} className={focusRing}>
            {pending ? 'Deleting…' : `Delete ${people}`}
          </Button>
        </>
      }
    >
      <ul aria-label={onlyInvited ? 'Invitations to delete' : 'Members to delete'} className="list-disc space-y-0.5 pl-5">
        {members.slice(0, SHOWN).map((m) => (
          <li key={m.id} className="break-all">
            {m.email}
          </li>
        ))}
        {n > SHOWN && <li>and {n - SHOWN} more</li>}
      </ul>
      {/* Someone who never joined owns no contacts: there is nothing to ask. */}
      <fieldset hidden={onlyInvited} className="mt-4 flex flex-col gap-2">
        <legend className="mb-2 font-medium text-ink">Their contacts go to</legend>
        {radio('unassigned', 'Unassigned')}
        {radio('member', 'Another member', others.length === 0)}
        {to === 'member' && (
          <Select
            ref={selectRef}
            label="Member"
            className="ml-6"
            value={memberId}
            error={error ?? undefined}
            disabled={pending}
            hint="Active members on this page."
            onChange={(e) => {
              setMemberId(e.target.value)
              setError(null)
            }}
          >
            <option value="">Choose a member…</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.email}
              </option>
            ))}
          </Select>
        )}
        {radio('team', 'A team', teams.length === 0)}
        {to === 'team' && (
          <Select
            ref={selectRef}
            label="Team"
            className="ml-6"
            value={teamId}
            error={error ?? undefined}
            disabled={pending}
            onChange={(e) => {
              setTeamId(e.target.value)
              setError(null)
            }}
          >
            <option value="">Choose a team…</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        )}
      </fieldset>
    </AlertDialogShell>
  )
}
