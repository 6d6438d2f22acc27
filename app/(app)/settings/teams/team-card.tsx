'use client'

import { useId, useRef, useState, useTransition, type RefObject } from 'react'
import { flushSync } from 'react-dom'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/dialog'
import type { MemberOption } from '@/lib/db/pickers'
import type { TeamRow } from '@/lib/db/teams'
import { deleteTeam } from './actions'
import { RenameTeamForm } from './rename-team-form'
import { focusRing } from '@/components/ui/focus-ring'
import { TeamMembersDialog } from './team-members-dialog'
import type { TeamResult, TeamsCan } from './types'

const SHOWN = 10
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

function deleteDescription(team: TeamRow) {
  const n = team.contacts
  const contacts = n === 1 ? 'Its 1 contact keeps its owner and loses the team' : `Its ${n} contacts keep their owners and lose the team`
  return `${contacts}; its members lose access given through it on their next request.`
}

function Person({ m }: { m: TeamRow['members'][number] }) {
  return (
    <li className="break-all">
      {m.name ? (
        <>
          {m.name} <span className="text-ink-muted">({m.email})</span>
        </>
      ) : (
        m.email
      )}
    </li>
  )
}

/**
 * One team: its name, members and contact count, and what the actor may do to it (rename,
 * manage members, delete). The server checks every action again; hiding is for clarity.
 */
export function TeamCard({
  team,
  people,
  peopleTruncated,
  can,
  onResult,
  afterDelete,
}: {
  team: TeamRow
  people: MemberOption[]
  peopleTruncated: boolean
  can: TeamsCan
  onResult: (r: TeamResult) => void
  /** Where focus goes once this team is deleted (its card, and the button, go away). */
  afterDelete: RefObject<HTMLElement | null>
}) {
  const headingId = useId()
  const [renaming, setRenaming] = useState(false)
  const [dialog, setDialog] = useState<'delete' | 'members' | null>(null)
  const [membersOpening, setMembersOpening] = useState(0)
  const [pending, startTransition] = useTransition()
  const renameRef = useRef<HTMLButtonElement>(null)
  const membersRef = useRef<HTMLButtonElement>(null)
  const deleteRef = useRef<HTMLButtonElement>(null)
  const deleteReturn = useRef<HTMLElement | null>(null)

  function stopRenaming() {
    flushSync(() => setRenaming(false))
    renameRef.current?.focus()
  }

  function remove() {
    startTransition(async () => {
      const r = await deleteTeam({ teamId: team.id })
      deleteReturn.current = r.ok ? afterDelete.current : deleteRef.current
      setDialog(null)
      onResult(r)
    })
  }

  const shown = team.members.slice(0, SHOWN)
  const rest = team.members.slice(SHOWN)
  const label = <span className="sr-only"> {team.name}</span>

  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-line bg-white p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={headingId} className="break-all text-lg font-semibold text-ink">
            {team.name}
          </h2>
          <p className="text-sm text-ink-muted">
            {plural(team.members.length, 'member', 'members')} · {plural(team.contacts, 'contact', 'contacts')}
          </p>
        </div>
        {!renaming && (can.edit || can.delete) && (
          <div className="flex flex-wrap gap-2">
            {can.edit && (
              <>
                <Button ref={renameRef} variant="secondary" className={focusRing} onClick={() => setRenaming(true)}>
                  Rename{label}
                </Button>
                <Button
                  ref={membersRef}
                  variant="secondary"
                  className={focusRing}
                  onClick={() => {
                    setMembersOpening((n) => n + 1)
                    setDialog('members')
                  }}
                >
                  Manage members{label}
                </Button>
              </>
            )}
            {can.delete && (
              <Button
                ref={deleteRef}
                variant="danger"
                className={focusRing}
                disabled={pending}
                onClick={() => {
                  deleteReturn.current = deleteRef.current
                  setDialog('delete')
                }}
              >
                Delete{label}
              </Button>
            )}
          </div>
        )}
      </div>

      {renaming && (
        <RenameTeamForm
          team={team}
          onCancel={stopRenaming}
          onDone={(r) => {
            stopRenaming()
            onResult(r)
          }}
        />
      )}

      {team.members.length === 0 ? (
        <p className="mt-3 text-sm text-ink-muted">No members yet.</p>
      ) : (
        <div className="mt-3 text-sm text-ink">
          <ul aria-label={`Members of ${team.name}`} className="flex flex-col gap-0.5">
            {shown.map((m) => (
              <Person key={m.id} m={m} />
            ))}
          </ul>
          {rest.length > 0 && (
            <details className="mt-1">
              <summary className={`cursor-pointer rounded-sm text-brand underline ${focusRing}`}>
                Show {plural(rest.length, 'more member', 'more members')}
              </summary>
              <ul aria-label={`More members of ${team.name}`} className="mt-1 flex flex-col gap-0.5">
                {rest.map((m) => (
                  <Person key={m.id} m={m} />
                ))}
              </ul>
            </details>
          )}
        </div>
      )}

      {can.edit && (
        <TeamMembersDialog
          key={membersOpening}
          team={team}
          people={people}
          truncated={peopleTruncated}
          open={dialog === 'members'}
          onOpenChange={(open) => setDialog(open ? 'members' : null)}
          onDone={onResult}
          returnFocus={membersRef}
        />
      )}
      {can.delete && (
        <ConfirmDialog
          open={dialog === 'delete'}
          onOpenChange={(open) => setDialog(open ? 'delete' : null)}
          title={`Delete ${team.name}?`}
          description={deleteDescription(team)}
          confirmLabel="Delete team"
          tone="danger"
          pending={pending}
          onConfirm={remove}
          returnFocus={deleteReturn}
        />
      )}
    </section>
  )
}
