import Link from 'next/link'

/**
 * "N of M seats used" with a bar; a warning as the limit nears (80 %), and at the limit the
 * reason invites are off and where to change the plan. `reasonId` lets the invite button point
 * at the reason with aria-describedby.
 */
export function SeatMeter({
  used,
  limit,
  planName,
  planHref,
  reasonId,
}: {
  used: number
  limit: number
  planName: string
  planHref: string | null
  reasonId: string
}) {
  const full = used >= limit
  const near = !full && used >= Math.ceil(limit * 0.8)
  const pct = Math.min(100, Math.round((used / Math.max(1, limit)) * 100))
  const tone = full ? 'bg-danger' : near ? 'bg-amber-500' : 'bg-brand'
  return (
    <section aria-labelledby="seats-heading" className="mb-6 rounded-lg border border-line bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="seats-heading" className="text-sm font-semibold text-ink">
          Seats
        </h2>
        <p className="text-sm text-ink">
          <strong>{used}</strong> of <strong>{limit}</strong> seats used <span className="text-ink-muted">· {planName} plan</span>
        </p>
      </div>
      <div
        className="mt-2 h-2 w-full overflow-hidden rounded-full bg-gray-200"
        role="meter"
        aria-label="Seats used"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={`${used} of ${limit} seats used`}
      >
        <div className={`h-full ${tone}`} style={{ width: `${pct}%` }} />
      </div>
      {(full || near) && (
        <p id={reasonId} className={`mt-2 text-sm ${full ? 'text-danger' : 'text-amber-800'}`}>
          {full
            ? 'All seats are taken, so you can’t invite anyone. Free a seat (revoke an invitation or delete a member) or '
            : `Only ${limit - used} seat${limit - used === 1 ? '' : 's'} left. Invited, active and suspended members each take one. To add more, `}
          {planHref ? (
            <Link href={planHref} className="font-medium underline">
              upgrade the plan
            </Link>
          ) : (
            'ask an owner to upgrade the plan'
          )}
          .
        </p>
      )}
    </section>
  )
}
