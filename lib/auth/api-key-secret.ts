import { createHash, randomBytes } from 'node:crypto'

// API key secrets. A secret is `tg_live_` and 32 random bytes (base64url): 256 bits, so it is not
// a password and needs no slow hash: only its SHA-256 is stored, and a request's key is found by
// that hash (one indexed lookup). The prefix, the secret's first characters, is kept in the clear
// to tell keys apart in the list; it gives away 48 of the 256 bits.

export const SECRET_START = 'tg_live_'
/** The characters of the random part kept as the prefix. */
const PREFIX_CHARS = 8
/** What a secret looks like: anything else is refused before the database is asked. */
const SECRET = /^tg_live_[A-Za-z0-9_-]{43}$/

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function newApiKeySecret(): { secret: string; prefix: string; secretHash: string } {
  const secret = `${SECRET_START}${randomBytes(32).toString('base64url')}`
  return { secret, prefix: secret.slice(0, SECRET_START.length + PREFIX_CHARS), secretHash: hashApiKeySecret(secret) }
}

export function looksLikeApiKeySecret(value: string): boolean {
  return SECRET.test(value)
}
