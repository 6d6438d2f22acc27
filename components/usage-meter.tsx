import Link from 'next/link'
import type { ReactNode } from 'react'

export type MeterProps = {
  used: number
  limit: number
  planName: string
  /** The plan page when the actor may see it; otherwise the text asks an owner. */
  planHref: string | null
  /** Whether some plan allows more: when none does, the text does not offer an upgrade. */
  upgradable: boolean
  /** The reason's id, so the button it turns off can point at it with aria-describedby. */
  reasonId: string
}

/** The bar of a meter: `used` of `limit`, filled up to 100 %, named for assistive technology. */
export function MeterBar({ label, used, limit, valueText, tone }: { label: string; used: number; limit: number; valueText: string; tone: string }) {
  const pct = Math.min(100, Math.round((used / Math.max(1, limit)) * 100))
  return (
    <div
      className="mt-2 h-2 w-full overflow-hidden rounded-full bg-gray-200"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={limit}
      aria-valuenow={Math.min(used, limit)}
      aria-valuetext={valueText}
    >
      <div className={`h-full ${tone}`} style={{ width: `${pct}%` }} />
    </div>
  )
}

/**
 * "N of M …" against the plan, with a bar: a warning as the limit nears (80 %), and at the limit
 * the reason the button is off and how to make room. SeatMeter and RoleMeter say what is counted.
 */
function UsageMeter({
  used,
  limit,
  planName,
  planHref,
  reasonId,
  title,
  counted,
  atLimit,
  nearLimit,
  nearJoin,
  upgradable,
}: MeterProps & {
  title: string
  /** What "N of M" counts: `5 of 10 ${counted}`. */
  counted: string
  /** The reason at the limit and the warning near it, each followed by the upgrade when a plan allows more. */
  atLimit: string
  nearLimit: (left: number) => string
  /** What joins the warning to the upgrade: ". To add more, " or " or ". */
  nearJoin: string
}) {
  const full = used >= limit
  const near = !full && used >= Math.ceil(limit * 0.8)
  const tone = full ? 'bg-danger' : near ? 'bg-amber-500' : 'bg-brand'
  const headingId = `${reasonId}-heading`
  const upgrade: ReactNode = planHref ? (
    <Link
      href={planHref}
      className="rounded-sm font-medium underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1"
    >
      upgrade the plan
    </Link>
  ) : (
    'ask an owner to upgrade the plan'
  )
  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-lg border border-line bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-sm font-semibold text-ink">
          {title}
        </h2>
        <p className="text-sm text-ink">
          <strong>{used}</strong> of <strong>{limit}</strong> {counted} <span className="text-ink-muted">· {planName} plan</span>
        </p>
      </div>
      <MeterBar label={`${title} used`} used={used} limit={limit} valueText={`${used} of ${limit} ${counted}`} tone={tone} />
      {(full || near) && (
        <p id={reasonId} className={`mt-2 text-sm ${full ? 'text-danger' : 'text-amber-800'}`}>
          {full ? atLimit : nearLimit(limit - used)}
          {upgradable && (
            <>
              {full ? ' or ' : nearJoin}
              {upgrade}
            </>
          )}
          .
        </p>
      )}
    </section>
  )
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Seats: invited, active and suspended members each take one; at the limit invites are off. */
export function SeatMeter(props: MeterProps) {
  return (
    <UsageMeter
      {...props}
      title="Seats"
      counted="seats used"
      atLimit="All seats are taken, so you can’t invite anyone. Free a seat (revoke an invitation or delete a member)"
      nearLimit={(left) => `Only ${plural(left, 'seat')} left. Invited, active and suspended members each take one`}
      nearJoin=". To add more, "
    />
  )
}

/** Roles against the plan's role limit; at the limit creating (and duplicating) a role is off. */
export function RoleMeter(props: MeterProps) {
  return (
    <UsageMeter
      {...props}
      title="Role templates"
      counted="role templates"
      atLimit={`The ${props.planName} plan allows ${props.limit} role templates and all are used, so creating or duplicating one is off. Delete a role template you no longer need (its members move to another one or lose it)`}
      nearLimit={(left) => `Only ${plural(left, 'role template')} left on the ${props.planName} plan. To make room, delete a role template you no longer need`}
      nearJoin=" or "
    />
  )
}
