import { fail, ok, type ActionResult } from '@/lib/authz/result'
import type { BulkOutcome, Skipped } from './change'

export type BulkData = { changed: string[]; skipped: Skipped[] }

/**
 * A bulk change as an action result: what was done and, per skipped member, why. When nothing
 * could be done (one member, refused) it is a failure carrying the reason.
 */
export function bulkResult(outcome: BulkOutcome, done: (n: string) => string): ActionResult<BulkData> {
  if (!outcome.ok) return fail(outcome.message, outcome.field ? { [outcome.field]: [outcome.message] } : undefined, outcome.code)
  const { changed, skipped } = outcome
  if (changed.length === 0) {
    const reason = skipped.length === 1 ? skipped[0].reason : `Nothing changed. ${skipped.map((s) => `${s.email}: ${s.reason}`).join(' ')}`
    return fail(reason, undefined, 'forbidden')
  }
  const skippedText = skipped.length ? ` Skipped ${skipped.length}: ${skipped.map((s) => `${s.email} (${s.reason.replace(/\.$/, '')})`).join('; ')}.` : ''
  return ok(`${done(changed.length === 1 ? changed[0].email : `${changed.length} members`)}.${skippedText}`, {
    changed: changed.map((c) => c.membershipId),
    skipped,
  })
}
