import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

// Secrets the server must read back (a two-factor key, a webhook signing secret) are stored
// encrypted, AES-256-GCM, under a key derived from the server secret for each purpose, so a copy
// of the database alone does not give them. Changing NEXTAUTH_SECRET makes them unreadable.

export type SecretPurpose = 'totp-secret' | 'recovery-code' | 'webhook-secret'

function serverSecret(): string {
  const s = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET
  if (!s) throw new Error('NEXTAUTH_SECRET is not set: stored secrets cannot be encrypted.')
  return s
}

/** A 32-byte key for one purpose, derived from the server secret (HKDF-SHA256). */
export function derivedKey(purpose: SecretPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret(), 'teamgate', `teamgate ${purpose} v1`, 32))
}

/** `v1.<iv>.<ciphertext>.<tag>`, base64url. */
export function sealSecret(plain: string, purpose: SecretPurpose): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', derivedKey(purpose), iv)
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv, data, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

/** The secret, or null when it was not sealed for this purpose under this server's secret (or was altered). */
export function openSecret(stored: string, purpose: SecretPurpose): string | null {
  const [version, iv, data, tag] = stored.split('.')
  if (version !== 'v1' || !iv || !data || !tag) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', derivedKey(purpose), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
