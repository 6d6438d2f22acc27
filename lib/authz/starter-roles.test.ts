import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import { isPermissionKey, LEAVES, normalizePermissions } from './catalog'
import { checkGrant } from './grants'
import { getStarterRole, STARTER_ROLES } from './starter-roles'

describe('STARTER_ROLES', () => {
  it('includes the example roles of the seed systems', () => {
    expect(STARTER_ROLES.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Support agent', 'Marketing team member', 'Operations manager', 'Campaign manager', 'Read only', 'Basic access', 'Full access']),
    )
  })

  it('has unique ids and names, and getStarterRole finds each', () => {
    expect(new Set(STARTER_ROLES.map((t) => t.id)).size).toBe(STARTER_ROLES.length)
    expect(new Set(STARTER_ROLES.map((t) => t.name)).size).toBe(STARTER_ROLES.length)
    for (const t of STARTER_ROLES) expect(getStarterRole(t.id)).toBe(t)
    expect(getStarterRole('nope')).toBeUndefined()
  })

  for (const t of STARTER_ROLES) {
    describe(t.name, () => {
      it('uses only catalog leaf keys, without duplicates', () => {
        expect(t.permissions.length).toBeGreaterThan(0)
        for (const k of t.permissions) expect(isPermissionKey(k), k).toBe(true)
        expect(new Set(t.permissions).size).toBe(t.permissions.length)
      })

      it('is already normalized', () => {
        expect(normalizePermissions(t.permissions)).toEqual(t.permissions)
      })

      it('grants nothing from billing', () => {
        expect(t.permissions.filter((k) => k.startsWith('billing.'))).toEqual([])
      })

      it('can be created by an admin without escalation', () => {
        expect(checkGrant(makeAccess({ baseRole: 'ADMIN' }), [], t.permissions)).toBeNull()
      })
    })
  }

  it('Full access is every non-billing leaf', () => {
    expect(getStarterRole('full_access')?.permissions).toEqual(LEAVES.filter((l) => l.moduleId !== 'billing').map((l) => l.key))
  })

  it('Read only holds no create, edit, delete or manage permission', () => {
    const ro = getStarterRole('read_only')!.permissions
    expect(ro.filter((k) => /\.(create|edit|delete|manage|publish|assign|import)(\.|$)/.test(k))).toEqual([])
  })

  it('Support agent works conversations but no campaigns or integrations', () => {
    const p = getStarterRole('support_agent')!.permissions
    expect(p).toEqual(expect.arrayContaining(['inbox.view.own', 'inbox.send.team', 'saved_replies.view']))
    expect(p.some((k) => k.startsWith('broadcasts.') || k.startsWith('integrations.'))).toBe(false)
  })
})
