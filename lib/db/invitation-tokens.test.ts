import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { hashToken, inviteLink, inviteTtlMs, mailFor, newInvitation, newToken, type Inviter } from './invitation-tokens'

const DAY = 24 * 60 * 60 * 1000
const inviter: Inviter = { membershipId: 'm-inviter', name: 'Ada Admin', email: 'ada@example.com', workspaceName: 'Acme' }

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('invitation tokens', () => {
  it('stores only the SHA-256 of a 32-byte random token', () => {
    const a = newToken()
    const b = newToken()
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32)
    expect(a.tokenHash).toBe(createHash('sha256').update(a.token).digest('hex'))
    expect(hashToken(a.token)).toBe(a.tokenHash)
    expect(b.token).not.toBe(a.token)
  })
})

describe('how long a link lasts (INVITE_TTL_DAYS)', () => {
  it('is 7 days when unset, else the days set', () => {
    vi.stubEnv('INVITE_TTL_DAYS', undefined)
    expect(inviteTtlMs()).toBe(7 * DAY)
    vi.stubEnv('INVITE_TTL_DAYS', '2')
    expect(inviteTtlMs()).toBe(2 * DAY)
    vi.stubEnv('INVITE_TTL_DAYS', '0.5')
    expect(inviteTtlMs()).toBe(DAY / 2)
  })

  it('falls back to 7 days for a value that is no positive finite number', () => {
    for (const value of ['0', '-3', 'soon', 'Infinity', '']) {
      vi.stubEnv('INVITE_TTL_DAYS', value)
      expect(inviteTtlMs(), value).toBe(7 * DAY)
    }
  })
})

describe('the link a mail carries (APP_URL)', () => {
  it('uses APP_URL, then NEXTAUTH_URL, then the local address, without trailing slashes', () => {
    vi.stubEnv('APP_URL', 'https://app.example.com//')
    vi.stubEnv('NEXTAUTH_URL', 'https://auth.example.com')
    expect(inviteLink('tok')).toBe('https://app.example.com/invite/tok')
    vi.stubEnv('APP_URL', undefined)
    expect(inviteLink('tok')).toBe('https://auth.example.com/invite/tok')
    vi.stubEnv('NEXTAUTH_URL', undefined)
    expect(inviteLink('tok')).toBe('http://localhost:3000/invite/tok')
  })
})

describe('an invitation and its mail', () => {
  it('names the membership, the inviter (by address when unnamed) and the link', () => {
    vi.stubEnv('APP_URL', 'https://app.example.com')
    const expiresAt = new Date('2026-12-10T12:00:00Z')
    const mail = mailFor(inviter, 'bo@example.com', 'tok', expiresAt, 'm-invitee')
    expect(mail.to).toBe('bo@example.com')
    expect(mail.membershipId).toBe('m-invitee')
    expect(mail.subject).toBe('Ada Admin invited you to Acme')
    expect(mail.text).toContain('https://app.example.com/invite/tok')
    expect(mail.text).toContain('(ada@example.com)')
    expect(mailFor({ ...inviter, name: '' }, 'bo@example.com', 'tok', expiresAt, 'm-invitee').subject).toBe('ada@example.com invited you to Acme')
  })

  it('writes nothing: a row with the hash of the token the link carries, expiring a TTL from now', () => {
    vi.stubEnv('APP_URL', 'https://app.example.com')
    vi.stubEnv('INVITE_TTL_DAYS', '3')
    const now = new Date('2026-12-03T00:00:00Z')
    const { row, mail } = newInvitation('m-invitee', 'bo@example.com', inviter, now)
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1]
    expect(token).toBeDefined()
    expect(row).toEqual({ membershipId: 'm-invitee', tokenHash: hashToken(token!), expiresAt: new Date(now.getTime() + 3 * DAY) })
    expect(mail.to).toBe('bo@example.com')
    expect(mail.membershipId).toBe('m-invitee')
  })
})
