import type { DeliveryState } from '@/lib/db/webhook-endpoints'

const STATE: Record<DeliveryState, { text: string; tone: string }> = {
  pending: { text: 'Pending', tone: 'bg-gray-100 text-ink-muted' },
  delivered: { text: 'Delivered', tone: 'bg-ok-soft text-ok' },
  failing: { text: 'Retrying', tone: 'bg-warn-soft text-warn' },
  dead: { text: 'Given up', tone: 'bg-danger-soft text-danger' },
}

/** A delivery's state as a small label (words, not only a colour). */
export function StateBadge({ state }: { state: DeliveryState }) {
  return <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${STATE[state].tone}`}>{STATE[state].text}</span>
}

/** Whether an endpoint is on, as a label. */
export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${enabled ? 'bg-ok-soft text-ok' : 'bg-gray-100 text-ink-muted'}`}>
      {enabled ? 'Enabled' : 'Disabled'}
    </span>
  )
}
