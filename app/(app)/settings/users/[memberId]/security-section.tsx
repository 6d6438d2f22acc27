'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState, useTransition } from 'react'
import { ResultMessage } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/dialog'
import type { SecurityAbilities } from '@/lib/authz/abilities'
import type { ActionResult } from '@/lib/authz/result'
import type { SecurityAction } from '@/lib/authz/rules'
import { endMemberSessions, resetMemberTwoFactor, sendMemberPasswordReset } from './security-actions'

export type SecuritySectionProps = {
  member: { id: string; email: string }
  /** Formatted by the server: when two-factor was turned on (null: off), and the open sessions. */
  twoFactorSince: string | null
  openSessions: number
  lastSeen: string | null
  /** What this actor may do here, and why not (the rules' answers, lib/authz/abilities.ts). */
  can: SecurityAbilities
}

/** What each action's button and confirmation say, and the action it runs. */
const ACTIONS: Record<
  SecurityAction,
  {
    button: string
    title: (email: string) => string
    description: string
    confirm: string
    run: (input: { memberId: string }) => Promise<ActionResult<unknown>>
  }
> = {
  password_reset: {
    button: 'Send password reset',
    title: (email) => `Send ${email} a password-reset link?`,
    description:
      'They get an email, saying you asked, with a link that works once for an hour. Their password stays as it is until they choose a new one; choosing one ends all their sessions.',
    confirm: 'Send link',
    run: sendMemberPasswordReset,
  },
  two_factor_reset: {
    button: 'Reset two-factor',
    title: (email) => `Reset the two-factor sign-in of ${email}?`,
    description:
      'Their authenticator codes and recovery codes stop working and they sign in with their password alone, until they set up two-factor again (on their next request, if this workspace requires it). Do this only once you are sure it is them asking, for example when they lost their phone.',
    confirm: 'Reset two-factor',
    run: resetMemberTwoFactor,
  },
  end_sessions: {
    button: 'End all sessions',
    title: (email) => `End every session of ${email}?`,
    description:
      'Every browser and device signed in to their account is signed out on its next request, in every workspace they belong to. They can sign in again with their password.',
    confirm: 'End sessions',
    run: endMemberSessions,
  },
}
const ORDER: SecurityAction[] = ['password_reset', 'two_factor_reset', 'end_sessions']

/**
 * The member's sign-in security: whether they use two-factor, their open sessions, and the three
 * actions this actor may take on it, each confirmed first. The server decided what is offered and
 * judges every action again; focus goes back to the button that opened a confirmation.
 */
export function SecuritySection({ member, twoFactorSince, openSessions, lastSeen, can }: SecuritySectionProps) {
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  const [result, setResult] = useState<ActionResult<unknown>>()
  const [asking, setAsking] = useState<SecurityAction | null>(null)
  const trigger = useRef<HTMLButtonElement | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  // The refreshed page may no longer offer the action just taken (two-factor is off now): focus
  // then goes to the section, whose message says what happened, instead of being lost.
  useEffect(() => {
    if (trigger.current && !trigger.current.isConnected) {
      trigger.current = null
      heading.current?.focus()
    }
  }, [can])

  const ask = (action: SecurityAction, button: HTMLButtonElement) => {
    trigger.current = button
    setResult(undefined)
    setAsking(action)
  }
  const confirm = (action: SecurityAction) =>
    startTransition(async () => {
      const r = await ACTIONS[action].run({ memberId: member.id })
      setAsking(null)
      setResult(r)
      router.refresh()
    })
  const offered = ORDER.filter((a) => can[a])
  const current = asking && ACTIONS[asking]

  return (
    <section aria-labelledby="member-security-heading" className="flex max-w-3xl flex-col gap-3">
      <h2 id="member-security-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        Security
      </h2>
      <ResultMessage result={result} />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-ink-muted">Two-factor sign-in</dt>
        <dd className="min-w-0 break-words">{twoFactorSince ? `On since ${twoFactorSince}` : 'Off'}</dd>
        <dt className="text-ink-muted">Sessions</dt>
        <dd className="min-w-0 break-words">{openSessions === 0 ? 'None open' : `${openSessions} open${lastSeen ? ` · last seen ${lastSeen}` : ''}`}</dd>
      </dl>
      {offered.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {offered.map((a) => (
            // Not disabled while an action runs: its confirmation is open (modal) until it is done, and
            // focus goes back here when it closes.
            <Button key={a} variant="secondary" onClick={(e) => ask(a, e.currentTarget)}>
              {ACTIONS[a].button}
            </Button>
          ))}
        </div>
      )}
      {can.notes.map((n) => (
        <p key={n} className="text-sm text-ink-muted">
          {n}
        </p>
      ))}
      {asking && current && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setAsking(null)}
          title={current.title(member.email)}
          description={current.description}
          confirmLabel={current.confirm}
          tone={asking === 'password_reset' ? 'primary' : 'danger'}
          pending={pending}
          onConfirm={() => confirm(asking)}
          returnFocus={trigger}
        />
      )}
    </section>
  )
}
