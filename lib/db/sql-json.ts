// What the hand-written list statements share: JSON built by PostgreSQL, read back in the server.

/** JSON arrives parsed from PostgreSQL's driver and as text from PGlite's adapter. */
export type Json<T> = T | string
export const parsed = <T>(v: Json<T>): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

/** An ISO 8601 UTC string, as `Date#toISOString()` writes it (the columns are UTC timestamps). */
export const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
