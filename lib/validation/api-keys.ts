import { z } from 'zod'
import { DAY_MS, MAX_KEY_DAYS, utcDay } from './api-key-days'

// API keys: the form's fields and the actions' inputs (app/(app)/settings/api-keys).

const id = z.string().trim().min(1).max(64)
const permissions = z.array(z.string().max(100)).max(1000, 'Too many permissions.')

export { MAX_KEY_DAYS, utcDay } from './api-key-days'

/** A real calendar day (2026-02-30 is not one). */
function realDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false
  const t = new Date(`${v}T00:00:00.000Z`)
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === v
}

/**
 * The last day a key works, as a UTC day; '' for a key that does not expire. The key stops
 * working at the end of that day (UTC): keyExpiry gives the instant.
 */
const expiresOn = z
  .string()
  .trim()
  .refine((v) => v === '' || realDay(v), 'Enter a date, or leave it empty.')
  .refine((v) => v === '' || v >= utcDay(), 'Choose today or a later day.')
  .refine((v) => v === '' || v <= utcDay(MAX_KEY_DAYS), `Choose a day within ${MAX_KEY_DAYS / 365} years.`)

export const apiKeyFieldsSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the key.').max(60, 'Use at most 60 characters.'),
  expiresOn: expiresOn.default(''),
})
export type ApiKeyFields = z.input<typeof apiKeyFieldsSchema>

export const createApiKeySchema = apiKeyFieldsSchema.extend({ permissions })
export const revokeApiKeySchema = z.object({ keyId: id })

/** The instant a key expiring on this day (end of the day, UTC) stops working; null: never. */
export function keyExpiry(expiresOn: string): Date | null {
  return expiresOn ? new Date(Date.parse(`${expiresOn}T00:00:00Z`) + DAY_MS) : null
}
