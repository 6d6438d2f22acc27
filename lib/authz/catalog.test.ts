import { describe, expect, it } from 'vitest'
import {
  leafLabel,
  getAction,
  getLeaf,
  isPermission,
  isPermissionKey,
  LEAVES,
  leafIndexes,
  missingPrerequisites,
  MODULES,
  normalizePermissions,
  SCOPES,
  validateCatalog,
} from './catalog'

const has = (keys: readonly string[]) => (k: string) => keys.includes(k)

describe('catalog structure', () => {
  it('is consistent (validateCatalog reports nothing)', () => {
    expect(validateCatalog()).toEqual([])
  })

  it('has unique leaf keys, indexed in order', () => {
    const keys = LEAVES.map((l) => l.key)
    expect(new Set(keys).size).toBe(keys.length)
    LEAVES.forEach((l, i) => expect(l.index).toBe(i))
  })

  it('has unique module ids and group key prefixes', () => {
    const ids = MODULES.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    const groups = MODULES.flatMap((m) => m.groups.map((g) => g.key))
    expect(new Set(groups).size).toBe(groups.length)
  })

  it('names every leaf `group.action` or `group.action.scope`', () => {
    const scopes = new Set<string>(SCOPES)
    for (const l of LEAVES) {
      const parts = l.key.split('.')
      expect(
        parts.every((p) => /^[a-z][a-z_]*$/.test(p)),
        l.key,
      ).toBe(true)
      expect(parts[0]).toBe(l.groupKey)
      expect(`${parts[0]}.${parts[1]}`).toBe(l.action)
      if (l.scope) {
        expect(parts).toHaveLength(3)
        expect(scopes.has(parts[2])).toBe(true)
        expect(parts[2]).toBe(l.scope)
      } else {
        expect(parts).toHaveLength(2)
        expect(l.key).toBe(l.action)
      }
    }
  })

  it('flags crm and ownerOnly from the module', () => {
    expect(getLeaf('contact_lists.view')?.crm).toBe(true)
    expect(getLeaf('contact_settings.labels')?.crm).toBe(true)
    expect(getLeaf('inbox.view.own')?.crm).toBe(false)
    expect(getLeaf('billing.manage')?.ownerOnly).toBe(true)
    expect(getLeaf('users.view')?.ownerOnly).toBe(false)
  })

  it('tells leaf keys, action keys and unknown strings apart', () => {
    expect(isPermissionKey('contacts.view.team')).toBe(true)
    expect(isPermissionKey('contacts.view')).toBe(false)
    expect(isPermission('contacts.view')).toBe(true)
    expect(isPermission('contacts.fly')).toBe(false)
    expect(getLeaf('nope')).toBeUndefined()
  })
})

describe('leafIndexes', () => {
  it('returns every scope index for an action key', () => {
    const idx = leafIndexes('contacts.view')
    const expected = LEAVES.filter((l) => l.action === 'contacts.view').map((l) => l.index)
    expect(expected).toHaveLength(4)
    expect(idx).toEqual(expected)
    expect(idx!.map((i) => LEAVES[i].scope)).toEqual(['own', 'team', 'all_assigned', 'unassigned'])
    expect(getAction('contacts.view')?.leaves.map((l) => l.index)).toEqual(expected)
  })

  it('returns one index for a leaf key and undefined for an unknown key', () => {
    const leaf = getLeaf('users.invite')!
    expect(leafIndexes('users.invite')).toEqual([leaf.index])
    expect(leafIndexes('contacts.view.own')).toEqual([getLeaf('contacts.view.own')!.index])
    expect(leafIndexes('contacts.view.nowhere')).toBeUndefined()
    expect(leafIndexes('')).toBeUndefined()
  })
})

describe('missingPrerequisites', () => {
  it('asks for the same scope of a scoped prerequisite', () => {
    expect(missingPrerequisites('contacts.edit.team', () => false)).toEqual(['contacts.view.team'])
    expect(missingPrerequisites('inbox.send.unassigned_team', () => false)).toEqual(['inbox.view.unassigned_team'])
  })

  it('is satisfied by the same or a wider scope, not a narrower one', () => {
    expect(missingPrerequisites('contacts.edit.own', has(['contacts.view.team']))).toEqual([])
    expect(missingPrerequisites('contacts.edit.own', has(['contacts.view.all_assigned']))).toEqual([])
    expect(missingPrerequisites('contacts.edit.team', has(['contacts.view.own']))).toEqual(['contacts.view.team'])
    expect(missingPrerequisites('inbox.send.unassigned_team', has(['inbox.view.team']))).toEqual([])
    expect(missingPrerequisites('contacts.edit.unassigned', has(['contacts.view.all_assigned']))).toEqual(['contacts.view.unassigned'])
  })

  it('accepts any scope for an unscoped leaf needing a scoped action, else the narrowest', () => {
    expect(missingPrerequisites('contacts.create', has(['contacts.view.unassigned']))).toEqual([])
    expect(missingPrerequisites('contacts.create', () => false)).toEqual(['contacts.view.own'])
  })

  it('lists every missing unscoped prerequisite', () => {
    expect(missingPrerequisites('roles.assign', () => false)).toEqual(['roles.view', 'users.view'])
    expect(missingPrerequisites('roles.assign', has(['users.view']))).toEqual(['roles.view'])
    expect(missingPrerequisites('users.view', () => false)).toEqual([])
  })

  it('returns nothing for an unknown key', () => {
    expect(missingPrerequisites('not.a.key', () => false)).toEqual([])
  })
})

describe('normalizePermissions', () => {
  it('drops unknown keys and action keys', () => {
    expect(normalizePermissions(['users.view', 'users.fly', 'retired.thing', 'contacts.view'])).toEqual(['users.view'])
    expect(normalizePermissions([])).toEqual([])
  })

  it('adds prerequisites at the same scope', () => {
    const out = normalizePermissions(['contacts.edit.team'])
    expect(out).toContain('contacts.view.team')
    expect(out).toEqual(['contacts.view.team', 'contacts.edit.team'])
  })

  it('adds prerequisites transitively', () => {
    expect(normalizePermissions(['broadcasts.publish'])).toEqual(['broadcasts.view', 'broadcasts.create', 'broadcasts.publish'])
    expect(normalizePermissions(['contacts.import'])).toEqual(['contacts.view.own', 'contacts.create', 'contacts.import'])
    expect(normalizePermissions(['inbox.send_payment_links'])).toEqual(['inbox.view.own', 'inbox.send.own', 'inbox.send_payment_links'])
  })

  it('does not add a prerequisite already met by a wider scope', () => {
    const out = normalizePermissions(['contacts.view.all_assigned', 'contacts.edit.own'])
    expect(out).not.toContain('contacts.view.own')
    expect(out).toEqual(['contacts.view.all_assigned', 'contacts.edit.own'])
  })

  it('returns catalog order without duplicates, and is idempotent', () => {
    const out = normalizePermissions(['users.delete', 'teams.view', 'users.delete', 'audit.view'])
    expect(out).toEqual(['users.view', 'users.delete', 'teams.view', 'audit.view'])
    expect(normalizePermissions(out)).toEqual(out)
  })

  it('closes every leaf under its prerequisites', () => {
    for (const l of LEAVES) {
      const out = normalizePermissions([l.key])
      expect(out).toContain(l.key)
      for (const k of out) expect(missingPrerequisites(k, has(out)), `${l.key} → ${k}`).toEqual([])
    }
  })
})

describe('leafLabel', () => {
  it('a scoped leaf by its action and scope, a plain leaf by its own label, an unknown key as itself', () => {
    expect(leafLabel('contacts.edit.own')).toBe('Edit contacts (assigned to themselves)')
    expect(leafLabel('contacts.view.unassigned')).toBe('View contacts (all unassigned)')
    expect(leafLabel('users.invite')).toBe('Invite users')
    expect(leafLabel('contacts.teleport')).toBe('contacts.teleport')
  })
})
