'use client'

import { useRouter } from 'next/navigation'
import { useCallback, useRef, useState } from 'react'
import { FormMessage } from '@/components/form-message'
import type { MemberOption } from '@/lib/db/pickers'
import type { TeamRow } from '@/lib/db/teams'
import { TeamCard } from './team-card'
import type { TeamsCan, TeamResult } from './types'

/**
 * The workspace's teams, one card each, and the message of the last change made from a card
 * (kept here because a deleted team's card goes away; focus comes here after a delete).
 */
export function TeamList({ teams, people, peopleTruncated, can }: { teams: TeamRow[]; people: MemberOption[]; peopleTruncated: boolean; can: TeamsCan }) {
  const router = useRouter()
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string; n: number } | null>(null)
  const noticeRef = useRef<HTMLDivElement>(null)

  const onResult = useCallback(
    (r: TeamResult) => {
      setNotice((prev) => ({ kind: r.ok ? 'success' : 'error', text: r.message ?? (r.ok ? 'Saved.' : 'That did not work. Try again.'), n: (prev?.n ?? 0) + 1 }))
      if (r.ok) router.refresh()
    },
    [router],
  )

  return (
    <div className="flex flex-col gap-4">
      <div ref={noticeRef} tabIndex={-1} className="empty:hidden">
        {notice && (
          <FormMessage key={notice.n} kind={notice.kind}>
            {notice.text}
          </FormMessage>
        )}
      </div>
      {teams.length === 0 ? (
        <p className="rounded-lg border border-dashed border-line bg-white px-4 py-8 text-center text-sm text-ink-muted">No teams yet.</p>
      ) : (
        teams.map((t) => (
          <TeamCard key={t.id} team={t} people={people} peopleTruncated={peopleTruncated} can={can} onResult={onResult} afterDelete={noticeRef} />
        ))
      )}
    </div>
  )
}
