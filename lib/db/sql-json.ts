import { Prisma } from './generated/client'

// What the hand-written list statements share: JSON built by PostgreSQL, read back in the server.

/** JSON arrives parsed from PostgreSQL's driver and as text from PGlite's adapter. */
export type Json<T> = T | string
export const parsed = <T>(v: Json<T>): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

/** An ISO 8601 UTC string, as `Date#toISOString()` writes it (the columns are UTC timestamps). */
export const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * A list of values as rows, `FROM ${valueRows(list)} r(v)`, for statements run many times with
 * lists of any length: sent as one JSON parameter, the list looks the same to the planner whatever
 * its length (an array parameter's length is known to a custom plan only), so PostgreSQL keeps one
 * generic plan for the named statement (lib/db/statement-names.ts) instead of planning each call.
 * Join each value to its row through a LATERAL subquery with LIMIT or OFFSET (which the planner
 * does not flatten), so a generic plan still looks every value up through the index.
 */
export const valueRows = (values: readonly string[]) => Prisma.sql`jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)`
