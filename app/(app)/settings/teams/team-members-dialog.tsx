'use client'

import { useEffect, useId, useMemo, useState, useTransition, type RefObject } from 'react'
import { changeSummary, PickerDialog, PickerItem, pickerBox, toggled } from '@/components/picker-dialog'
import type { ActionResult } from '@/lib/authz/result'
import type { MemberOption } from '@/lib/db/pickers'
import type { TeamRow } from '@/lib/db/teams'
import { loadOnce } from '@/lib/forms/lazy-resolver'
import { setTeamMembers } from './actions'

type Option = Pick<MemberOption, 'id' | 'email' | 'name'> & { status?: MemberOption['status'] }
const STATUS = { INVITED: 'Invited', ACTIVE: null, SUSPENDED: 'Suspended' } as const
/** The action's own schema, loaded (with zod) when the dialog opens, not with the page. */
const schema = loadOnce(() => import('@/lib/validation/teams').then((m) => m.setTeamMembersSchema))

/** The team's members first, then everyone else, each by email; current members are always listed. */
function optionsFor(team: TeamRow, people: MemberOption[]): Option[] {
  const inTeam = new Set(team.members.map((m) => m.id))
  const status = new Map(people.map((p) => [p.id, p.status]))
  return [...team.members.map((m) => ({ ...m, status: status.get(m.id) })), ...people.filter((p) => !inTeam.has(p.id))]
}

/**
 * "Manage members: {team}": a checkbox per workspace member, ticked when they are in the team.
 * Save sends only what changed (add / remove). Mounted afresh on every opening (the caller keys
 * it). A refused save keeps the dialog open with the server's message; a saved one closes it and
 * hands the result to `onDone`.
 */
export function TeamMembersDialog({
  team,
  people,
  truncated,
  open,
  onOpenChange,
  onDone,
  returnFocus,
}: {
  team: TeamRow
  people: MemberOption[]
  /** `people` stops at the picker limit: say so. */
  truncated: boolean
  open: boolean
  onOpenChange: (open: boolean) => void
  onDone: (r: ActionResult<unknown>) => void
  returnFocus?: RefObject<HTMLElement | null>
}) {
  const id = useId()
  const initial = useMemo(() => new Set(team.members.map((m) => m.id)), [team.members])
  const options = useMemo(() => optionsFor(team, people), [team, people])
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(initial))
  const [query, setQuery] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [pending, startTransition] = useTransition()

  useEffect(() => {
    if (open) schema.preload()
  }, [open])

  const needle = query.trim().toLowerCase()
  const shown = needle ? options.filter((o) => o.email.toLowerCase().includes(needle) || o.name.toLowerCase().includes(needle)) : options
  const add = options.filter((o) => ticked.has(o.id) && !initial.has(o.id)).map((o) => o.id)
  const remove = [...initial].filter((m) => !ticked.has(m))

  function tick(memberId: string, on: boolean) {
    setError(null)
    setTicked((prev) => toggled(prev, memberId, on))
  }

  function save() {
    setError(null)
    if (!add.length && !remove.length) return setError('Nothing to save yet: tick members to add them, or untick members to remove them.')
    const input = { teamId: team.id, add, remove }
    // The action's own schema first, so an oversized change is refused without a round trip. Until
    // it has loaded (it is fetched as the dialog opens), the server's check answers.
    const check = schema.current()?.safeParse(input)
    if (check && !check.success) return setError(check.error.issues[0]?.message ?? 'Check the selection.')
    startTransition(async () => {
      const r = await setTeamMembers(input)
      if (!r.ok) return setError(r.message)
      onOpenChange(false)
      onDone(r)
    })
  }

  const changes = changeSummary(add.length, remove.length)
  const count = needle ? `${shown.length} of ${options.length} members shown. ` : ''
  return (
    <PickerDialog
      open={open}
      onOpenChange={onOpenChange}
      pending={pending}
      returnFocus={returnFocus}
      title={`Manage members: ${team.name}`}
      description={`Ticked members are in ${team.name}; a member can be in several teams. Changes apply on each member’s next request.`}
      error={error}
      search={query}
      onSearch={setQuery}
      status={`${count}${changes}.`}
      saveLabel="Save members"
      onSave={save}
    >
      <fieldset disabled={pending}>
        <legend className="sr-only">Members of {team.name}</legend>
        {shown.length === 0 ? (
          <p className="text-ink-muted">{options.length ? 'No member matches.' : 'This workspace has no members to add.'}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {shown.map((o) => {
              const box = `${id}-${o.id}`
              const on = ticked.has(o.id)
              const change = on !== initial.has(o.id) ? (on ? 'will be added' : 'will be removed') : null
              const detail = [o.status && STATUS[o.status], change].filter(Boolean).join(' · ')
              return (
                <PickerItem
                  key={o.id}
                  id={box}
                  detail={detail || null}
                  label={
                    <>
                      <span className="font-medium">{o.name || o.email}</span>
                      {o.name && (
                        <>
                          {' '}
                          <span className="text-ink-muted">{o.email}</span>
                        </>
                      )}
                      <span className="sr-only">, member of {team.name}</span>
                    </>
                  }
                >
                  <input
                    id={box}
                    type="checkbox"
                    checked={on}
                    onChange={(e) => tick(o.id, e.target.checked)}
                    aria-describedby={detail ? `${box}-d` : undefined}
                    className={pickerBox}
                  />
                </PickerItem>
              )
            })}
          </ul>
        )}
      </fieldset>
      {truncated && (
        <p className="text-xs text-ink-muted">
          Showing the team’s members and the first {people.length.toLocaleString('en')} members of the workspace by email; search narrows this list.
        </p>
      )}
    </PickerDialog>
  )
}
