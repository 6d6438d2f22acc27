'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'
import { emptyCell, formatInstant } from '@/components/data-table/cells'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { focusRing } from '@/components/ui/focus-ring'
import { ScrollRegion } from '@/components/ui/scroll-region'
import type { DeliveryState } from '@/lib/db/webhook-endpoints'
import { redeliverWebhook } from '../actions'
import { StateBadge } from '../state-badge'

/** A delivery as the log shows it: plain data, dates as ISO strings. */
export type DeliveryRow = {
  id: string
  messageId: string
  type: string
  state: DeliveryState
  tries: number
  lastStatus: number | null
  lastError: string | null
  lastAttemptAt: string | null
  durationMs: number | null
  nextAttemptAt: string | null
  createdAt: string
}

const th = 'px-4 py-2 font-medium'
const td = 'px-4 py-2 align-top'

/** The endpoint's newest deliveries; "Redeliver" on each one that is not on its way right now. */
export function DeliveriesTable({ rows, canManage }: { rows: DeliveryRow[]; canManage: boolean }) {
  const router = useRouter()
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string; n: number } | null>(null)
  const [pending, startTransition] = useTransition()
  const noticeRef = useRef<HTMLDivElement>(null)

  const redeliver = (row: DeliveryRow) =>
    startTransition(async () => {
      const r = await redeliverWebhook({ deliveryId: row.id })
      setNotice((prev) => ({ kind: r.ok ? 'success' : 'error', text: r.message ?? '', n: (prev?.n ?? 0) + 1 }))
      noticeRef.current?.focus()
      router.refresh()
    })

  return (
    <div className="flex flex-col gap-3">
      <div ref={noticeRef} tabIndex={-1} className="outline-none empty:hidden">
        {notice && (
          <FormMessage key={notice.n} kind={notice.kind}>
            {notice.text}
          </FormMessage>
        )}
      </div>
      <ScrollRegion label="Delivery log" className="rounded-lg border border-line bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
            <tr>
              <th scope="col" className={th}>
                Event
              </th>
              <th scope="col" className={th}>
                Status
              </th>
              <th scope="col" className={th}>
                Attempts
              </th>
              <th scope="col" className={th}>
                Response
              </th>
              <th scope="col" className={th}>
                Last attempt
              </th>
              {canManage && (
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {rows.length === 0 && (
              <tr>
                <td colSpan={canManage ? 6 : 5} className="px-4 py-6 text-center text-ink-muted">
                  Nothing sent yet.
                </td>
              </tr>
            )}
            {rows.map((d) => (
              <tr key={d.id}>
                <th scope="row" className={`${td} font-normal`}>
                  <code className="font-medium">{d.type}</code>
                  <p className="font-mono text-xs text-ink-muted">{d.messageId}</p>
                </th>
                <td className={td}>
                  <StateBadge state={d.state} />
                </td>
                <td className={`${td} tabular-nums`}>{d.tries}</td>
                <td className={td}>
                  {d.lastStatus ?? emptyCell}
                  {d.lastError && d.state !== 'delivered' && <p className="max-w-xs text-xs text-ink-muted">{d.lastError}</p>}
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  {d.lastAttemptAt ? <time dateTime={d.lastAttemptAt}>{formatInstant(d.lastAttemptAt)}</time> : emptyCell}
                  {d.durationMs !== null && <p className="text-xs text-ink-muted">{d.durationMs} ms</p>}
                  {d.nextAttemptAt && d.tries > 0 && (
                    <p className="text-xs text-ink-muted">
                      next <time dateTime={d.nextAttemptAt}>{formatInstant(d.nextAttemptAt)}</time>
                    </p>
                  )}
                </td>
                {canManage && (
                  <td className={`${td} text-right`}>
                    {d.state !== 'pending' && (
                      <Button
                        variant="secondary"
                        className={`px-2.5 py-1 ${focusRing}`}
                        disabled={pending}
                        onClick={() => redeliver(d)}
                        aria-label={`Redeliver ${d.type} ${d.messageId}`}
                      >
                        Redeliver
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  )
}
