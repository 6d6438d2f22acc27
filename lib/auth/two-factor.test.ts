import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  codeAt,
  codeStep,
  decryptSecret,
  encryptSecret,
  groupedSecret,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newSecret,
  otpauthUri,
  recoveryCodeHash,
} from './two-factor'

beforeEach(() => vi.stubEnv('NEXTAUTH_SECRET', 'unit-test-secret-0123456789abcdef'))
afterEach(() => vi.unstubAllEnvs())

const T = Date.UTC(2026, 11, 3, 12, 0, 0) // a step boundary: 30-second steps since the epoch
const STEP = T / 30_000

describe('the secret at rest', () => {
  it('round-trips, and is not readable in what is stored', () => {
    const secret = newSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    const stored = encryptSecret(secret)
    expect(stored).not.toContain(secret)
    expect(stored.startsWith('v1.')).toBe(true)
    expect(decryptSecret(stored)).toBe(secret)
    expect(encryptSecret(secret)).not.toBe(stored) // a new IV each time
  })

  it('is refused when altered or encrypted under another server secret', () => {
    const stored = encryptSecret(newSecret())
    const [v, iv, data, tag] = stored.split('.')
    const flipped = Buffer.from(data, 'base64url')
    flipped[0] ^= 1
    expect(decryptSecret([v, iv, flipped.toString('base64url'), tag].join('.'))).toBeNull()
    expect(decryptSecret('v2.' + stored.slice(3))).toBeNull()
    expect(decryptSecret('garbage')).toBeNull()
    vi.stubEnv('NEXTAUTH_SECRET', 'another-server-secret-0123456789')
    expect(decryptSecret(stored)).toBeNull()
  })

  it('cannot be encrypted without a server secret', () => {
    vi.stubEnv('NEXTAUTH_SECRET', '')
    vi.stubEnv('AUTH_SECRET', '')
    delete process.env.NEXTAUTH_SECRET
    delete process.env.AUTH_SECRET
    expect(() => encryptSecret('x')).toThrow(/NEXTAUTH_SECRET/)
  })
})

describe('codes', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

  it('accepts the code of now and of one step either side, with its step; not two steps away', () => {
    expect(codeStep(secret, codeAt(secret, T), T)).toBe(STEP)
    expect(codeStep(secret, codeAt(secret, T - 30_000), T)).toBe(STEP - 1)
    expect(codeStep(secret, codeAt(secret, T + 30_000), T)).toBe(STEP + 1)
    expect(codeStep(secret, codeAt(secret, T - 60_000), T)).toBeNull()
    expect(codeStep(secret, codeAt(secret, T + 60_000), T)).toBeNull()
  })

  it('takes spaces and dashes as typed, and refuses what is not six digits', () => {
    const c = codeAt(secret, T)
    expect(codeStep(secret, `${c.slice(0, 3)} ${c.slice(3)}`, T)).toBe(STEP)
    expect(codeStep(secret, `${c.slice(0, 3)}-${c.slice(3)}`, T)).toBe(STEP)
    expect(codeStep(secret, c.slice(0, 5), T)).toBeNull()
    expect(codeStep(secret, 'abcdef', T)).toBeNull()
    expect(codeStep(secret, `${c}0`, T)).toBeNull()
  })

  it('matches RFC 6238’s SHA-1 test vector', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits); 6 digits → 287082.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    expect(codeAt(rfcSecret, 59_000)).toBe('287082')
  })

  it('builds the otpauth URI apps scan, and groups the key for typing', () => {
    const uri = otpauthUri(secret, 'ana@example.com')
    expect(uri).toMatch(/^otpauth:\/\/totp\/Teamgate:ana%40example\.com\?/)
    expect(uri).toContain(`secret=${secret}`)
    expect(uri).toContain('issuer=Teamgate')
    expect(uri).toContain('digits=6')
    expect(uri).toContain('period=30')
    expect(groupedSecret(secret)).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
  })
})

describe('recovery codes', () => {
  it('are ten different codes of two groups of five', () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/)
      expect(looksLikeRecoveryCode(c)).toBe(true)
    }
    expect(looksLikeRecoveryCode('123456')).toBe(false)
  })

  it('are stored as a keyed hash that ignores case and dashes, and differs under another server secret', () => {
    const h = recoveryCodeHash('k7m2p-x9qrt')
    expect(h).not.toContain('k7m2p')
    expect(recoveryCodeHash('K7M2PX9QRT')).toBe(h)
    expect(recoveryCodeHash('k7m2p-x9qrs')).not.toBe(h)
    vi.stubEnv('NEXTAUTH_SECRET', 'another-server-secret-0123456789')
    expect(recoveryCodeHash('k7m2p-x9qrt')).not.toBe(h)
  })
})
