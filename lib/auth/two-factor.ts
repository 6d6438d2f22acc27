import { createHmac, randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { derivedKey, openSecret, sealSecret } from './secret-box'

// Two-factor sign-in with time-based one-time codes (RFC 6238: 6 digits, 30 seconds, SHA-1, the
// parameters every authenticator app reads), from otpauth. The shared secret is stored encrypted
// (AES-256-GCM) under a key derived from the server secret, so a copy of the database alone does
// not give the codes; recovery codes are stored as HMACs under another derived key.

export const ISSUER = 'Teamgate'
const PERIOD = 30
export const RECOVERY_CODE_COUNT = 10

/** `v1.<iv>.<ciphertext>.<tag>`, base64url (lib/auth/secret-box.ts). */
export const encryptSecret = (plain: string): string => sealSecret(plain, 'totp-secret')

/** The secret, or null when it was not encrypted under this server's secret (or was altered). */
export const decryptSecret = (stored: string): string | null => openSecret(stored, 'totp-secret')

/** A new shared secret (160 bits, base32, as authenticator apps take it). */
export function newSecret(): string {
  return new Secret({ size: 20 }).base32
}

function totp(secret: string, label = '') {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) })
}

/** The otpauth:// URI of the QR code. */
export function otpauthUri(secret: string, email: string): string {
  return totp(secret, email).toString()
}

/** The secret grouped by four characters, for typing it into an app. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)!.join(' ')
}

/** The code an app shows at `at` (tests; the server never needs to make one). */
export function codeAt(secret: string, at = Date.now()): string {
  return totp(secret).generate({ timestamp: at })
}

/** Digits only: "123 456" and "123-456" as typed. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '')
}

/**
 * The time step of a code that is right now or one step either side (a clock a little off), or
 * null. The caller accepts it only if it is later than the last step used, so a code works once.
 */
export function codeStep(secret: string, code: string, at = Date.now()): number | null {
  const token = normalizeCode(code)
  if (!/^\d{6}$/.test(token)) return null
  const delta = totp(secret).validate({ token, timestamp: at, window: 1 })
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: at }) + delta
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** Ten recovery codes like `k7m2p-x9qrt` (about 49 bits each). */
export function newRecoveryCodes(): string[] {
  const part = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('')
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => `${part()}-${part()}`)
}

/** Whether what was typed has the shape of a recovery code rather than a six-digit code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/i.test(normalizeCode(code))
}

/** The stored form of a recovery code: an HMAC of it, case and dashes ignored. */
export function recoveryCodeHash(code: string): string {
  return createHmac('sha256', derivedKey('recovery-code')).update(normalizeCode(code).toLowerCase()).digest('base64url')
}
