import Link from 'next/link'

/**
 * "N of M roles" with a bar, like SeatMeter: a warning as the plan's role limit nears (80 %),
 * and at the limit the reason creating (and duplicating) is off and how to free a role.
 * `reasonId` lets the "New role" button point at the reason with aria-describedby.
 */
export function RoleMeter({
  used,
  limit,
  planName,
  planHref,
  reasonId,
}: {
  used: number
  limit: number
  planName: string
  /** The plan page when the actor may see it; otherwise the text asks an owner. */
  planHref: string | null
  reasonId: string
}) {
  const full = used >= limit
  const near = !full && used >= Math.ceil(limit * 0.8)
  const pct = Math.min(100, Math.round((used / Math.max(1, limit)) * 100))
  const tone = full ? 'bg-danger' : near ? 'bg-amber-500' : 'bg-brand'
  const left = limit - used
  const upgrade = planHref ? (
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
    <section aria-labelledby="roles-meter-heading" className="mb-6 rounded-lg border border-line bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="roles-meter-heading" className="text-sm font-semibold text-ink">
          Roles
        </h2>
        <p className="text-sm text-ink">
          <strong>{used}</strong> of <strong>{limit}</strong> roles <span className="text-ink-muted">· {planName} plan</span>
        </p>
      </div>
      <div
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-gray-200"
        role="meter"
        aria-label="Roles used"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={`${used} of ${limit} roles`}
      >
        <div className={`h-full ${tone}`} style={{ width: `${pct}%` }} />
      </div>
      {(full || near) && (
        <p id={reasonId} className={`mt-2 text-sm ${full ? 'text-danger' : 'text-amber-800'}`}>
          {full
            ? `The ${planName} plan allows ${limit} roles and all are used, so creating or duplicating a role is off. Delete a role you no longer need (its members move to another role or lose it) or `
            : `Only ${left} role${left === 1 ? '' : 's'} left on the ${planName} plan. To make room, delete a role you no longer need or `}
          {upgrade}.
        </p>
      )}
    </section>
  )
}
