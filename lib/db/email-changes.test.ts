import { afterEach, describe, expect, it, vi } from 'vitest'
import { emailChangeLink, emailChangeTtlMs } from './email-changes'

const HOUR = 60 * 60 * 1000

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('how long an email change link lasts (EMAIL_CHANGE_TTL_HOURS)', () => {
  it('24 hours when unset, else the hours set; a value that is no positive finite number falls back to 24', () => {
    vi.stubEnv('EMAIL_CHANGE_TTL_HOURS', undefined)
    expect(emailChangeTtlMs()).toBe(24 * HOUR)
    vi.stubEnv('EMAIL_CHANGE_TTL_HOURS', '2')
    expect(emailChangeTtlMs()).toBe(2 * HOUR)
    for (const value of ['0', '-1', 'soon', 'Infinity']) {
      vi.stubEnv('EMAIL_CHANGE_TTL_HOURS', value)
      expect(emailChangeTtlMs(), value).toBe(24 * HOUR)
    }
  })

  it('links to the confirmation page at the app’s address', () => {
    vi.stubEnv('APP_URL', 'https://app.example.com/')
    expect(emailChangeLink('tok')).toBe('https://app.example.com/confirm-email/tok')
  })
})
