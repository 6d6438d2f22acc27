'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'
import { ResultMessage } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import type { MemberAbilities } from '@/lib/authz/abilities'
import type { MembershipStatus } from '@/lib/authz/access'
import { setMemberStatus } from '../actions'
import { flashUsersNotice } from '../flash-notice'
import { resendInvite } from '../invite-actions'
import { RowConfirm, type RowConfirmation } from '../row-actions'
import type { Person, Picker, UsersActionResult } from '../types'

export type StatusSectionProps = {
  member: { id: string; email: string; status: MembershipStatus }
  /** What the status says, as sentences (when the link was sent and when it expires, or the last sign-in). */
  details: string[]
  /** What this actor may do to the member: the same answers the users table's row menu gets. */
  can: MemberAbilities
  /** Why no status action is offered, when none is. */
  note: string | null
  teams: Picker[]
  /** Active members who may receive the member's contacts when they are deleted. */
  candidates: Person[]
}

const LABEL: Record<MembershipStatus, string> = { ACTIVE: 'Active', INVITED: 'Invited', SUSPENDED: 'Suspended' }
const TONE: Record<MembershipStatus, string> = {
  ACTIVE: 'bg-ok-soft text-ok',
  INVITED: 'bg-brand-soft text-brand',
  SUSPENDED: 'bg-gray-100 text-ink',
}

/**
 * The member's status and what may be done about it, with the users table's own actions and
 * confirmations (row-actions.tsx, delete-dialog.tsx): the server decided what is offered and
 * checks every action again. Deleting or revoking ends at the users list with the result; the
 * other actions refresh this page and announce theirs.
 */
export function StatusSection({ member, details, can, note, teams, candidates }: StatusSectionProps) {
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  const [result, setResult] = useState<UsersActionResult>()
  const [confirmation, setConfirmation] = useState<RowConfirmation | null>(null)
  const asked = useRef<RowConfirmation['kind'] | null>(null)
  const noLink = member.status === 'INVITED' && details.some((d) => d.startsWith('No open invitation link'))

  function onResult(r: UsersActionResult) {
    const gone = asked.current === 'delete' || asked.current === 'revoke'
    asked.current = null
    if (r.ok && gone) {
      flashUsersNotice(r.message ?? 'Done.')
      return router.push('/settings/users')
    }
    setResult(r)
    router.refresh()
  }
  const run = (action: () => Promise<UsersActionResult>) => startTransition(async () => onResult(await action()))
  const confirm = (kind: RowConfirmation['kind'], trigger: HTMLButtonElement) => {
    asked.current = kind
    setResult(undefined)
    setConfirmation({ kind, member, trigger })
  }

  return (
    <section aria-labelledby="member-status-heading" className="flex max-w-3xl flex-col gap-3">
      <h2 id="member-status-heading" className="text-lg font-semibold">
        Status
      </h2>
      <ResultMessage result={result} />
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span className={`rounded-full px-2.5 py-0.5 font-medium ${TONE[member.status]}`}>{LABEL[member.status]}</span>
        {details.map((d) => (
          <span key={d} className="min-w-0 break-words text-ink-muted">
            {d}
          </span>
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        {can.resend && (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => resendInvite({ memberId: member.id }))}>
            {noLink ? 'Send a new invitation' : 'Resend invitation'}
          </Button>
        )}
        {can.revoke && (
          <Button variant="secondary" disabled={pending} onClick={(e) => confirm('revoke', e.currentTarget)}>
            Revoke invitation
          </Button>
        )}
        {can.suspend && (
          <Button variant="secondary" disabled={pending} onClick={(e) => confirm('suspend', e.currentTarget)}>
            Suspend
          </Button>
        )}
        {can.reactivate && (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => setMemberStatus({ memberIds: [member.id], status: 'ACTIVE' }))}>
            Reactivate
          </Button>
        )}
        {can.delete && (
          <Button variant="danger" disabled={pending} onClick={(e) => confirm('delete', e.currentTarget)}>
            Delete member
          </Button>
        )}
      </div>
      {note && <p className="text-sm text-ink-muted">{note}</p>}
      <RowConfirm confirmation={confirmation} teams={teams} candidates={candidates} onClose={() => setConfirmation(null)} onResult={onResult} />
    </section>
  )
}
