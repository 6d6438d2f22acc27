import { z } from 'zod'
import { cursorFields, pagingFields, parseSearchParams, type SearchParams } from './search-params'

/** A real calendar day, YYYY-MM-DD (2026-02-30 is not one). */
export const auditDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Write a day as YYYY-MM-DD.', abort: true })
  .refine((d) => {
    const t = new Date(`${d}T00:00:00.000Z`)
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d
  }, 'Not a calendar day.')

/** In the page's URL anything else is dropped like any bad filter. */
const day = auditDaySchema.optional().catch(undefined)

/** The audit log's filters, from the URL: actor (email part), action, target id or type, date range. */
export const auditQuerySchema = z.object({
  actor: z.string().trim().max(200).catch(''),
  action: z.string().trim().max(64).catch(''),
  target: z.string().trim().max(200).catch(''),
  from: day,
  to: day,
  page: pagingFields.page,
  ...cursorFields,
  size: z.coerce
    .number()
    .pipe(z.literal([25, 50, 100]))
    .catch(50),
})
export type AuditQuery = z.output<typeof auditQuerySchema>
/** What selects the log's events (the page's filters, without its paging). */
export type AuditFilters = Pick<AuditQuery, 'actor' | 'action' | 'target' | 'from' | 'to'>

export function parseAuditQuery(params: SearchParams): AuditQuery {
  return parseSearchParams(auditQuerySchema, params)
}
