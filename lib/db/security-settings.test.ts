import { describe, expect, it } from 'vitest'
import { settingsVersion, type SecuritySettings } from './security-settings'

const base: SecuritySettings = { requireTwoFactor: false, inviteDomains: ['b.example', 'a.example'], sessionMaxAgeMinutes: null, sessionIdleMinutes: 60 }

describe('settingsVersion: what a save of the Security settings is checked against', () => {
  it('the same settings give the same version, whatever the order of the domains; 22 URL-safe characters', () => {
    const v = settingsVersion(base)
    expect(v).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(settingsVersion({ ...base, inviteDomains: ['a.example', 'b.example'] })).toBe(v)
    expect(base.inviteDomains).toEqual(['b.example', 'a.example']) // the settings passed in are not reordered
  })

  it('any change of a setting changes it', () => {
    const v = settingsVersion(base)
    const changed: SecuritySettings[] = [
      { ...base, requireTwoFactor: true },
      { ...base, inviteDomains: ['a.example'] },
      { ...base, inviteDomains: [] },
      { ...base, sessionMaxAgeMinutes: 60 },
      { ...base, sessionIdleMinutes: null },
    ]
    for (const s of changed) expect(settingsVersion(s), JSON.stringify(s)).not.toBe(v)
  })
})
