import { randomBytes } from 'node:crypto'
import { openSecret, sealSecret } from './secret-box'

// A webhook endpoint's signing secret, in Standard Webhooks' form: `whsec_` and 32 random bytes in
// base64. The receiver verifies with it, so the server must read it back: it is stored sealed
// (AES-256-GCM under a key derived from the server secret), never in clear.

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/** A new secret, sealed for storage. */
export const newSealedWebhookSecret = (): string => sealSecret(newWebhookSecret(), 'webhook-secret')

/** The secret in clear, or null when it cannot be read (the server secret changed). */
export const openWebhookSecret = (stored: string): string | null => openSecret(stored, 'webhook-secret')
