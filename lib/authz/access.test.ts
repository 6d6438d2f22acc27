import { describe, expect, it } from 'vitest'
import { makeAccess, makeInput } from '@/tests/unit/make-access'
import { Access, computeBits, hasBit } from './access'
import { LEAVES, moduleIds } from './catalog'

const allKeys = LEAVES.map((l) => l.key)
const keysWhere = (pred: (l: (typeof LEAVES)[number]) => boolean) => LEAVES.filter(pred).map((l) => l.key)

describe('base roles', () => {
  it('gives an OWNER every leaf, billing included', () => {
    const a = makeAccess({ baseRole: 'OWNER', crmAccess: false })
    expect(a.keys()).toEqual(allKeys)
    expect(a.can('billing.view')).toBe(true)
    expect(a.can('billing.manage')).toBe(true)
    expect(a.isOwner).toBe(true)
  })

  it('gives an ADMIN everything except the owner-only billing module', () => {
    const a = makeAccess({ baseRole: 'ADMIN', crmAccess: false })
    expect(a.keys()).toEqual(keysWhere((l) => !l.key.startsWith('billing.')))
    expect(a.can('billing.view')).toBe(false)
    expect(a.can('billing.manage')).toBe(false)
    expect(a.can('users.delete')).toBe(true)
    expect(a.isAdminOrOwner).toBe(true)
    expect(a.isOwner).toBe(false)
  })

  it('ignores stored keys for ADMIN and OWNER (they cannot add billing by grant)', () => {
    const a = makeAccess({ baseRole: 'ADMIN', directKeys: ['billing.view'], templateKeys: ['billing.manage'] })
    expect(a.can('billing')).toBe(false)
    expect(a.can('billing.view')).toBe(false)
  })

  it('gives a MEMBER the union of template and direct keys only', () => {
    const a = makeAccess({ templateKeys: ['users.view', 'teams.view'], directKeys: ['teams.view', 'audit.view', 'inbox.view.own'] })
    expect(a.keys()).toEqual(['inbox.view.own', 'users.view', 'teams.view', 'audit.view'])
    expect(a.can('users.invite')).toBe(false)
    expect(a.isAdminOrOwner).toBe(false)
  })

  it('gives a MEMBER with nothing stored no permission', () => {
    expect(makeAccess().keys()).toEqual([])
  })
})

describe('CRM access flag', () => {
  const crmKeys = keysWhere((l) => l.moduleId === 'contacts')

  it('covers contacts, contact lists and contact settings', () => {
    expect(crmKeys.some((k) => k.startsWith('contacts.'))).toBe(true)
    expect(crmKeys.some((k) => k.startsWith('contact_lists.'))).toBe(true)
    expect(crmKeys.some((k) => k.startsWith('contact_settings.'))).toBe(true)
  })

  it('removes every contacts-module leaf from a MEMBER without CRM access', () => {
    const on = makeAccess({ crmAccess: true, directKeys: [...crmKeys, 'users.view'] })
    expect(on.keys()).toEqual([...crmKeys, 'users.view'])
    const off = makeAccess({ crmAccess: false, directKeys: [...crmKeys, 'users.view'] })
    expect(off.keys()).toEqual(['users.view'])
    expect(off.can('contacts.view')).toBe(false)
    expect(off.can('contact_lists.view')).toBe(false)
  })

  it('never removes them from ADMIN or OWNER', () => {
    for (const baseRole of ['ADMIN', 'OWNER'] as const) {
      const a = makeAccess({ baseRole, crmAccess: false })
      for (const k of crmKeys) expect(a.can(k), `${baseRole} ${k}`).toBe(true)
    }
  })
})

describe('plan modules', () => {
  const without = (...ids: string[]) => moduleIds().filter((m) => !ids.includes(m))

  it('switches a module off for everyone, OWNER included', () => {
    const enabledModules = without('billing', 'broadcasts')
    for (const baseRole of ['OWNER', 'ADMIN', 'MEMBER'] as const) {
      const a = makeAccess({ baseRole, enabledModules, directKeys: ['broadcasts.view', 'users.view'] })
      expect(a.can('broadcasts.view'), baseRole).toBe(false)
      expect(a.can('billing.view'), baseRole).toBe(false)
      expect(a.can('users.view'), baseRole).toBe(true)
    }
    expect(makeAccess({ baseRole: 'OWNER', enabledModules }).keys()).toEqual(keysWhere((l) => l.moduleId !== 'billing' && l.moduleId !== 'broadcasts'))
  })

  it('gives nothing on a plan with no modules', () => {
    expect(makeAccess({ baseRole: 'OWNER', enabledModules: [] }).keys()).toEqual([])
  })
})

describe('membership status', () => {
  for (const status of ['INVITED', 'SUSPENDED'] as const) {
    it(`gives a ${status} member no permission at all`, () => {
      for (const baseRole of ['OWNER', 'ADMIN', 'MEMBER'] as const) {
        const a = makeAccess({ baseRole, status, directKeys: ['users.view'] })
        expect(a.keys(), `${baseRole}`).toEqual([])
        expect(a.can('users.view')).toBe(false)
        expect(a.bits.every((w) => w === 0)).toBe(true)
      }
    })
  }
})

describe('stored keys and checks', () => {
  it('ignores unknown, retired and action keys in stored sets', () => {
    const a = makeAccess({ templateKeys: ['contacts.teleport', 'old.module'], directKeys: ['contacts.view', 'users.view', ''] })
    expect(a.keys()).toEqual(['users.view'])
  })

  it('answers an action key when any scope is held', () => {
    const a = makeAccess({ directKeys: ['contacts.view.unassigned'] })
    expect(a.can('contacts.view')).toBe(true)
    expect(a.can('contacts.view.unassigned')).toBe(true)
    expect(a.can('contacts.view.own')).toBe(false)
    expect(a.can('contacts.edit')).toBe(false)
  })

  it('answers every action for each of its leaves alone, also where the leaves straddle two words of the bitset', () => {
    for (const leaf of LEAVES) {
      const a = makeAccess({ directKeys: [leaf.key] })
      expect([leaf.key, a.can(leaf.action)]).toEqual([leaf.key, true])
      expect([leaf.key, a.can(leaf.key)]).toEqual([leaf.key, true])
    }
    // The case the second word exists for: an action whose leaves cross a 32-bit boundary.
    const straddling = LEAVES.filter((l, i) => i > 0 && l.index % 32 === 0 && LEAVES[i - 1].action === l.action)
    expect(straddling.length).toBeGreaterThan(0)
    // …and holding every other leaf does not answer an action none of whose leaves is held.
    for (const action of new Set(LEAVES.map((l) => l.action))) {
      const others = LEAVES.filter((l) => l.action !== action).map((l) => l.key)
      expect([action, makeAccess({ directKeys: others }).can(action)]).toEqual([action, false])
    }
  })

  it('answers false for unknown strings', () => {
    const a = makeAccess({ baseRole: 'OWNER' })
    expect(a.can('nope')).toBe(false)
    expect(a.can('contacts.view.everything')).toBe(false)
    expect(a.can('')).toBe(false)
    expect(a.canAny(['nope', 'also.nope'])).toBe(false)
  })

  it('canAny is true when one of the permissions is held', () => {
    const a = makeAccess({ directKeys: ['teams.view'] })
    expect(a.canAny(['users.view', 'teams.view'])).toBe(true)
    expect(a.canAny(['users.view', 'roles.view'])).toBe(false)
    expect(a.canAny([])).toBe(false)
  })

  it('returns keys() in catalog order whatever the stored order', () => {
    const picked = [allKeys[allKeys.length - 3], allKeys[0], allKeys[20], allKeys[5]]
    const a = makeAccess({ directKeys: picked })
    expect(a.keys()).toEqual([...picked].sort((x, y) => allKeys.indexOf(x) - allKeys.indexOf(y)))
  })

  it('handles leaves in every word of the bitset (index 31, 32 and the last)', () => {
    expect(LEAVES.length).toBeGreaterThan(33)
    const picked = [LEAVES[31].key, LEAVES[32].key, LEAVES[LEAVES.length - 1].key]
    const a = makeAccess({ baseRole: 'MEMBER', crmAccess: true, directKeys: picked })
    expect(a.keys()).toEqual(picked)
  })

  it('computeBits agrees with Access and exposes bits through hasBit', () => {
    const input = makeInput({ directKeys: ['users.view'] })
    const bits = computeBits(input)
    const idx = LEAVES.find((l) => l.key === 'users.view')!.index
    expect(hasBit(bits, idx)).toBe(true)
    expect(LEAVES.filter((l) => hasBit(bits, l.index))).toHaveLength(1)
    expect(Array.from(new Access(input).bits)).toEqual(Array.from(bits))
  })

  it('is frozen and exposes the member fields', () => {
    const a = makeAccess({ membershipId: 'm-9', tenantId: 't-9', userId: 'u-9', email: 'x@y.test' })
    expect(Object.isFrozen(a)).toBe(true)
    expect([a.membershipId, a.tenantId, a.userId, a.email, a.baseRole]).toEqual(['m-9', 't-9', 'u-9', 'x@y.test', 'MEMBER'])
  })
})
