// Days of an API key's expiry, without zod (the form imports them: lib/validation/api-keys.ts has the schema).

/** The latest expiry a key may be given, in days from today. */
export const MAX_KEY_DAYS = 3 * 365
export const DAY_MS = 86_400_000

/** Today as a UTC day (YYYY-MM-DD), or `days` later. */
export function utcDay(days = 0, from = Date.now()): string {
  return new Date(from + days * DAY_MS).toISOString().slice(0, 10)
}
