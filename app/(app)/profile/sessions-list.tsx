'use client'

import { useState } from 'react'
import { ResultMessage } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/authz/result'
import { endSession, signOutOtherSessions } from './actions'

/** One open session as the list shows it: words and formatted times only. */
export type SessionRow = { id: string; device: string; ip: string | null; signedIn: string; lastSeen: string; current: boolean }

/** The signed-in user's open sessions, with "End session" on each other one and "Sign out all other sessions". */
export function SessionsList({ sessions }: { sessions: SessionRow[] }) {
  const [busy, setBusy] = useState<string | null>(null)
  const [result, setResult] = useState<ActionResult>()
  const others = sessions.filter((s) => !s.current).length

  async function act(key: string, run: () => Promise<ActionResult>) {
    setBusy(key)
    setResult(await run())
    setBusy(null)
  }

  return (
    <div className="flex flex-col gap-4">
      <ResultMessage result={result} />
      <ul aria-label="Open sessions" className="divide-y divide-line rounded-lg border border-line">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
            <div className="min-w-0 flex-1">
              <p id={`session-${s.id}`} className="flex flex-wrap items-center gap-2 font-medium break-words">
                {s.device}
                {s.current && <span className="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-brand ring-1 ring-brand">This device</span>}
              </p>
              <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm text-ink-muted">
                <dt>IP address</dt>
                <dd className="min-w-0 break-words">{s.ip ?? 'Unknown'}</dd>
                <dt>Signed in</dt>
                <dd>{s.signedIn}</dd>
                <dt>Last seen</dt>
                <dd>{s.lastSeen}</dd>
              </dl>
            </div>
            {!s.current && (
              <Button
                variant="secondary"
                aria-describedby={`session-${s.id}`}
                disabled={busy !== null}
                onClick={() => act(s.id, () => endSession({ sessionId: s.id }))}
              >
                {busy === s.id ? 'Ending…' : 'End session'}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <div>
          <Button variant="secondary" disabled={busy !== null} onClick={() => act('others', () => signOutOtherSessions({}))}>
            {busy === 'others' ? 'Signing out…' : 'Sign out all other sessions'}
          </Button>
        </div>
      )}
    </div>
  )
}
