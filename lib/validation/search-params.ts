import { z } from 'zod'

export type SearchParams = Record<string, string | string[] | undefined>

/**
 * A table's URL state through its schema: the first value of each parameter. A link is
 * user-editable, so the schemas `.catch()` bad values into their defaults instead of failing.
 */
export function parseSearchParams<S extends z.ZodType>(schema: S, params: SearchParams): z.output<S> {
  return schema.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])))
}

/** The fields every paged table shares. */
export const pagingFields = {
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
}

/**
 * Keyset paging's cursors: the page after a row, before a row, or `before=end` (the last page).
 * Opaque here; the list decodes them and ignores one that does not fit its sort.
 */
export const cursorFields = {
  after: z.string().max(2000).optional().catch(undefined),
  before: z.string().max(2000).optional().catch(undefined),
}
