import { describe, expect, it } from 'vitest'
import {
  buildCatalog,
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
  permissionList,
  SCOPES,
  validateCatalog,
  type ActionDef,
  type ModuleDef,
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

describe('permissionList', () => {
  it('lists each scoped action ("at any scope") before its leaves, and every leaf once, in catalog order', () => {
    const list = permissionList()
    expect(list.slice(0, 7)).toEqual([
      'contacts.view',
      'contacts.view.own',
      'contacts.view.team',
      'contacts.view.all_assigned',
      'contacts.view.unassigned',
      'contacts.create',
      'contacts.edit',
    ])
    expect(list.filter((k) => isPermissionKey(k))).toEqual(LEAVES.map((l) => l.key))
    expect(list.filter((k) => !isPermissionKey(k))).toEqual([...new Set(LEAVES.filter((l) => l.scope).map((l) => l.action))])
  })
})

// Catalogs other than the app's: the derivation and the self-check on shapes today's data has none of.
const act = (id: string, extra: Partial<ActionDef> = {}): ActionDef => ({ id, label: `Label ${id}`, description: `About ${id}`, ...extra })
const mod = (id: string, actions: ActionDef[], extra: Partial<ModuleDef> = {}): ModuleDef => ({
  id,
  label: id,
  description: '',
  nav: [],
  groups: [{ key: id, label: id, actions }],
  ...extra,
})
const deals = mod('deals', [
  act('view', { scopes: ['own', 'team', 'unassigned'], scopeLabels: { team: 'Deals of their teams' } }),
  act('close'),
  act('report', { requires: ['deals.view.team'] }),
  act('reply', { scopes: ['unassigned_team', 'team'], requires: ['deals.view'] }),
])

describe('buildCatalog', () => {
  it('flattens modules into leaves in catalog order, each with its action, scope, wording and module flags', () => {
    const cat = buildCatalog([
      mod('crm', [act('view', { scopes: ['own', 'team'], scopeLabels: { team: 'Their teams' } })], { crm: true, ownerOnly: true }),
      mod('plain', [act('use')]),
    ])
    expect(cat.leaves).toEqual([
      {
        index: 0,
        key: 'crm.view.own',
        action: 'crm.view',
        scope: 'own',
        label: 'Assigned to themselves',
        description: 'About view',
        moduleId: 'crm',
        groupKey: 'crm',
        crm: true,
        ownerOnly: true,
      },
      {
        index: 1,
        key: 'crm.view.team',
        action: 'crm.view',
        scope: 'team',
        label: 'Their teams',
        description: 'About view',
        moduleId: 'crm',
        groupKey: 'crm',
        crm: true,
        ownerOnly: true,
      },
      {
        index: 2,
        key: 'plain.use',
        action: 'plain.use',
        scope: undefined,
        label: 'Label use',
        description: 'About use',
        moduleId: 'plain',
        groupKey: 'plain',
        crm: false,
        ownerOnly: false,
      },
    ])
    expect([...cat.indexes]).toEqual([
      ['crm.view.own', [0]],
      ['crm.view.team', [1]],
      ['plain.use', [2]],
      ['crm.view', [0, 1]],
    ])
    expect(cat.actions.get('crm.view')?.leaves.map((l) => l.key)).toEqual(['crm.view.own', 'crm.view.team'])
    expect(cat.actions.get('plain.use')?.def.label).toBe('Label use')
    expect(cat.leafByKey.get('crm.view.team')?.index).toBe(1)
    expect(cat.leafByKey.has('crm.view')).toBe(false)
  })

  it('masks an action whose leaves straddle two words of the bitset with both words', () => {
    const filler = Array.from({ length: 30 }, (_, i) => act(`a${i}`))
    const cat = buildCatalog([mod('m', [...filler, act('wide', { scopes: ['own', 'team', 'all_assigned', 'unassigned_team', 'unassigned'] })])])
    expect(cat.masks.get('m.a0')).toEqual({ w0: 0, m0: 1, w1: 1, m1: 0 })
    expect(cat.masks.get('m.a29')).toEqual({ w0: 0, m0: 1 << 29, w1: 1, m1: 0 })
    // Leaves 30..34: bits 30 and 31 of word 0, bits 0..2 of word 1.
    expect(cat.masks.get('m.wide')).toEqual({ w0: 0, m0: (1 << 30) | (1 << 31), w1: 1, m1: 0b111 })
    expect(cat.masks.get('m.wide.team')).toEqual({ w0: 0, m0: 1 << 31, w1: 1, m1: 0 })
    expect(cat.masks.get('m.wide.unassigned')).toEqual({ w0: 1, m0: 1 << 2, w1: 2, m1: 0 })
  })

  it('refuses a duplicate action and an action spanning more than two words', () => {
    expect(() => buildCatalog([mod('deals', [act('view'), act('view')])])).toThrow(new Error('Duplicate permission action deals.view'))
    const huge = act('huge', { scopes: Array.from({ length: 70 }, () => 'own' as const) })
    expect(() => buildCatalog([mod('m', [huge])])).toThrow(new Error('m.huge: leaves span more than two words'))
  })
})

describe('validateCatalog on other catalogs', () => {
  it('passes a consistent catalog, whose menus may name a leaf or an action', () => {
    expect(validateCatalog([{ ...deals, nav: [{ label: 'Deals', href: '/deals', anyOf: ['deals.view', 'deals.close', 'deals.view.team'] }] }])).toEqual([])
  })

  it('reports a duplicate module, a menu or a prerequisite naming an unknown key, and what cannot be built', () => {
    const broken = mod('deals', [act('view', { scopes: ['own'] }), act('close', { requires: ['deals.fly'] })], {
      nav: [{ label: 'Deals', href: '/deals', anyOf: ['deals.view', 'deals.view.team'] }],
    })
    expect(validateCatalog([broken, mod('deals', [], { groups: [] })])).toEqual([
      'nav /deals: unknown deals.view.team',
      'deals.close requires unknown deals.fly',
      'duplicate module deals',
      'deals.close requires unknown permission deals.fly',
    ])
    expect(validateCatalog([mod('deals', [act('view')]), mod('more', [], { groups: [{ key: 'deals', label: '', actions: [act('view')] }] })])).toEqual([
      'Duplicate permission action deals.view',
    ])
  })
})

describe('missingPrerequisites and normalizePermissions on another catalog', () => {
  const cat = buildCatalog([deals])

  it('a prerequisite naming one scoped leaf is met by that leaf only', () => {
    expect(missingPrerequisites('deals.report', () => false, cat)).toEqual(['deals.view.team'])
    expect(missingPrerequisites('deals.report', has(['deals.view.team']), cat)).toEqual([])
    expect(missingPrerequisites('deals.report', has(['deals.view.own', 'deals.view.unassigned']), cat)).toEqual(['deals.view.team'])
    expect(normalizePermissions(['deals.report', 'deals.view', 'deals.fly'], cat)).toEqual(['deals.view.team', 'deals.report'])
  })

  it('a scope the prerequisite lacks is met by any of its scopes, else its narrowest is added', () => {
    expect(missingPrerequisites('deals.reply.unassigned_team', has(['deals.view.unassigned']), cat)).toEqual([])
    expect(missingPrerequisites('deals.reply.unassigned_team', () => false, cat)).toEqual(['deals.view.own'])
    expect(missingPrerequisites('deals.reply.team', has(['deals.view.own']), cat)).toEqual(['deals.view.team'])
    expect(normalizePermissions(['deals.reply.unassigned_team'], cat)).toEqual(['deals.view.own', 'deals.reply.unassigned_team'])
    // deals.view.team, needed by reply.team, also meets reply.unassigned_team.
    expect(normalizePermissions(['deals.reply.unassigned_team', 'deals.reply.team'], cat)).toEqual([
      'deals.view.team',
      'deals.reply.unassigned_team',
      'deals.reply.team',
    ])
  })

  it('throws on a prerequisite the catalog does not know, naming it', () => {
    const bad = buildCatalog([mod('deals', [act('close', { requires: ['deals.fly'] })])])
    expect(() => missingPrerequisites('deals.close', () => true, bad)).toThrow(new Error('deals.close requires unknown permission deals.fly'))
  })
})
