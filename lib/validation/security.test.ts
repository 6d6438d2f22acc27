import { describe, expect, it } from 'vitest'
import { zodFieldErrors } from '@/lib/authz/input'
import {
  domainAllowed,
  idleText,
  inviteDomainMessage,
  isDomain,
  lifetimeText,
  MAX_SESSION_LIFETIME_MINUTES,
  MIN_SESSION_IDLE_MINUTES,
  SESSION_SEEN_EVERY_MINUTES,
  SESSION_IDLE_CHOICES,
  SESSION_LIFETIME_CHOICES,
  securitySettingsSchema,
  splitDomains,
} from './security'

const valid = { version: 'v1', requireTwoFactor: false, inviteDomains: '', sessionMaxAgeMinutes: null, sessionIdleMinutes: null }
const errors = (input: Record<string, unknown>) => {
  const r = securitySettingsSchema.safeParse({ ...valid, ...input })
  return r.success ? {} : zodFieldErrors(r.error)
}

describe('the email domains of the Security settings', () => {
  it('are split at commas, semicolons and white space, lowercased, without a leading @ or a trailing dot, each once', () => {
    expect(splitDomains(' Example.com, acme.IO;\n@example.com  eu.acme.io.\n\n')).toEqual(['example.com', 'acme.io', 'eu.acme.io'])
    expect(splitDomains('')).toEqual([])
    const r = securitySettingsSchema.parse({ ...valid, inviteDomains: 'ACME.io\nexample.com, acme.io' })
    expect(r.inviteDomains).toEqual(['acme.io', 'example.com'])
  })

  it('must be domain names; every bad one is named in one message on the field', () => {
    for (const d of ['example.com', 'a.co', 'my-company.example.org', 'xn--bcher-kva.de', '123.example.net']) expect(isDomain(d), d).toBe(true)
    for (const d of [
      'localhost',
      'example',
      '-bad.com',
      'bad-.com',
      'exa mple.com',
      'a..com',
      'example.c',
      'example.123',
      'bücher.de',
      'a@b.com',
      `${'a'.repeat(64)}.com`,
    ])
      expect(isDomain(d), d).toBe(false)
    expect(errors({ inviteDomains: 'example.com, localhost' })).toEqual({
      inviteDomains: ['“localhost” is not a domain name. Write domains like example.com.'],
    })
    expect(errors({ inviteDomains: 'nope, also_nope.com' }).inviteDomains![0]).toBe(
      'These are not domain names: “nope”, “also_nope.com”. Write domains like example.com.',
    )
    expect(errors({ inviteDomains: Array.from({ length: 51 }, (_, i) => `d${i}.example.com`).join('\n') })).toEqual({
      inviteDomains: ['List at most 50 domains.'],
    })
  })

  it('allow an address at one of them exactly (a subdomain is listed on its own); none listed allows any', () => {
    const domains = ['example.com', 'acme.io']
    expect(domainAllowed('Pat@Example.COM', domains)).toBe(true)
    expect(domainAllowed('pat@acme.io', domains)).toBe(true)
    expect(domainAllowed('pat@eu.acme.io', domains)).toBe(false)
    expect(domainAllowed('pat@acme.io.evil.test', domains)).toBe(false)
    expect(domainAllowed('pat@example.com@evil.test', domains)).toBe(false)
    expect(domainAllowed('anyone@anywhere.test', [])).toBe(true)
    expect(inviteDomainMessage(domains)).toBe('Invitations can go only to addresses at example.com, acme.io.')
  })
})

describe('the session limits of the Security settings', () => {
  it('take the offered choices (null: the default lifetime, no idle timeout)', () => {
    for (const c of SESSION_LIFETIME_CHOICES) expect(errors({ sessionMaxAgeMinutes: c.minutes }), c.label).toEqual({})
    for (const c of SESSION_IDLE_CHOICES) expect(errors({ sessionIdleMinutes: c.minutes }), c.label).toEqual({})
    expect(SESSION_LIFETIME_CHOICES.map((c) => lifetimeText(c.minutes))).toEqual(SESSION_LIFETIME_CHOICES.map((c) => c.label))
    expect(SESSION_IDLE_CHOICES.map((c) => idleText(c.minutes))).toEqual(SESSION_IDLE_CHOICES.map((c) => c.label))
  })

  it('refuse a lifetime under an hour or over 30 days, an idle timeout under 15 minutes, and fractions', () => {
    expect(errors({ sessionMaxAgeMinutes: 59 })).toEqual({ sessionMaxAgeMinutes: ['A session lifetime is at least 1 hour.'] })
    expect(errors({ sessionMaxAgeMinutes: 30 * 24 * 60 + 1 })).toEqual({ sessionMaxAgeMinutes: ['A session lifetime is at most 30 days.'] })
    expect(errors({ sessionIdleMinutes: 14 })).toEqual({ sessionIdleMinutes: ['An idle timeout is at least 15 minutes.'] })
    expect(errors({ sessionIdleMinutes: 20.5 })).toHaveProperty('sessionIdleMinutes')
    expect(errors({ sessionMaxAgeMinutes: '480' })).toHaveProperty('sessionMaxAgeMinutes')
  })

  it('want the idle timeout shorter than the lifetime (the default lifetime included)', () => {
    const shorter = ['The idle timeout must be shorter than the session lifetime.']
    expect(errors({ sessionMaxAgeMinutes: 60, sessionIdleMinutes: 60 })).toEqual({ sessionIdleMinutes: shorter })
    expect(errors({ sessionMaxAgeMinutes: 480, sessionIdleMinutes: 1440 })).toEqual({ sessionIdleMinutes: shorter })
    expect(errors({ sessionMaxAgeMinutes: null, sessionIdleMinutes: 30 * 24 * 60 })).toEqual({ sessionIdleMinutes: shorter })
    expect(errors({ sessionMaxAgeMinutes: 480, sessionIdleMinutes: 60 })).toEqual({})
    // Every field's error at once.
    expect(Object.keys(errors({ inviteDomains: 'nope', sessionMaxAgeMinutes: 60, sessionIdleMinutes: 60 })).sort()).toEqual([
      'inviteDomains',
      'sessionIdleMinutes',
    ])
    expect(securitySettingsSchema.safeParse(null).success).toBe(false)
    expect(securitySettingsSchema.safeParse({ ...valid, sessionMaxAgeMinutes: 'x', sessionIdleMinutes: 60 }).success).toBe(false)
  })

  it('an idle timeout is well above how often a session’s use is written; the longest lifetime is 30 days', () => {
    expect(MIN_SESSION_IDLE_MINUTES).toBeGreaterThanOrEqual(3 * SESSION_SEEN_EVERY_MINUTES)
    expect(MAX_SESSION_LIFETIME_MINUTES).toBe(30 * 24 * 60)
  })
})
