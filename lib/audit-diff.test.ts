import { describe, expect, it } from 'vitest'
import { auditDiff, formatValue } from './audit-diff'

describe('auditDiff', () => {
  it('lists changed scalars and leaves unchanged keys out', () => {
    expect(auditDiff({ status: 'ACTIVE', email: 'a@x.io', crmAccess: true }, { status: 'SUSPENDED', email: 'a@x.io', crmAccess: false })).toEqual([
      { kind: 'changed', field: 'status', from: 'ACTIVE', to: 'SUSPENDED' },
      { kind: 'changed', field: 'crmAccess', from: 'true', to: 'false' },
    ])
  })

  it('says nothing when both sides are equal (key order does not matter)', () => {
    expect(auditDiff({ a: 1, b: { x: 1, y: [1, 2] } }, { b: { y: [1, 2], x: 1 }, a: 1 })).toEqual([])
    expect(auditDiff(null, null)).toEqual([])
    expect(auditDiff(undefined, {})).toEqual([])
  })

  it('merges permissionsAdded / permissionsRemoved into one list, from either side', () => {
    const before = { name: 'Agent', permissionsRemoved: ['contacts.edit.own'] }
    const after = { name: 'Support agent', permissionsAdded: ['users.view', 'contacts.view.team'] }
    expect(auditDiff(before, after)).toEqual([
      { kind: 'changed', field: 'name', from: 'Agent', to: 'Support agent' },
      { kind: 'list', field: 'permissions', added: ['users.view', 'contacts.view.team'], removed: ['contacts.edit.own'] },
    ])
  })

  it('reads bare added / removed lists (team members) and drops empty ones', () => {
    expect(auditDiff({ removed: ['a@x.io'] }, { added: [] })).toEqual([{ kind: 'list', field: '', added: [], removed: ['a@x.io'] }])
    expect(auditDiff({ permissionsRemoved: [] }, { permissionsAdded: [] })).toEqual([])
  })

  it('turns a list of scalars changed on both sides into the items gained and lost', () => {
    expect(auditDiff({ teams: ['Sales', 'Support'] }, { teams: ['Support', 'Billing'] })).toEqual([
      { kind: 'list', field: 'teams', added: ['Billing'], removed: ['Sales'] },
    ])
    // Same items in another order: shown as a plain change rather than hidden.
    expect(auditDiff({ teams: ['a', 'b'] }, { teams: ['b', 'a'] })).toEqual([{ kind: 'changed', field: 'teams', from: 'a, b', to: 'b, a' }])
  })

  it('shows keys found on one side only as their value (a deleted role, a new member)', () => {
    expect(auditDiff({ name: 'Ops', permissions: ['a.view', 'b.edit'], members: [] }, { membersMovedTo: null })).toEqual([
      { kind: 'before', field: 'name', value: 'Ops' },
      { kind: 'before', field: 'permissions', value: 'a.view, b.edit' },
      { kind: 'before', field: 'members', value: 'none' },
      { kind: 'after', field: 'membersMovedTo', value: 'none' },
    ])
    expect(auditDiff(null, { email: 'new@x.io', baseRole: 'MEMBER' })).toEqual([
      { kind: 'after', field: 'email', value: 'new@x.io' },
      { kind: 'after', field: 'baseRole', value: 'MEMBER' },
    ])
  })

  it('stringifies nested objects', () => {
    expect(auditDiff({ meta: { a: 1 } }, { meta: { a: 2, b: [1, { c: true }] } })).toEqual([
      { kind: 'changed', field: 'meta', from: '{"a":1}', to: '{"a":2,"b":[1,{"c":true}]}' },
    ])
  })

  it('handles null and undefined: null is "none", undefined is absent', () => {
    expect(auditDiff({ roleTemplateId: 'tpl_1' }, { roleTemplateId: null })).toEqual([{ kind: 'changed', field: 'roleTemplateId', from: 'tpl_1', to: 'none' }])
    expect(auditDiff({ roleTemplateId: null }, { roleTemplateId: 'tpl_2' })).toEqual([{ kind: 'changed', field: 'roleTemplateId', from: 'none', to: 'tpl_2' }])
    expect(auditDiff({ a: undefined, b: 1 }, { a: undefined, b: 1 })).toEqual([])
    expect(auditDiff({ a: undefined }, { a: 'x' })).toEqual([{ kind: 'after', field: 'a', value: 'x' }])
    expect(auditDiff({ name: null }, {})).toEqual([{ kind: 'before', field: 'name', value: 'none' }])
  })

  it('treats a bare (non-object) snapshot as a value', () => {
    expect(auditDiff('old', 'new')).toEqual([{ kind: 'changed', field: 'value', from: 'old', to: 'new' }])
    expect(auditDiff([1], null)).toEqual([{ kind: 'before', field: 'value', value: '1' }])
  })

  it('keeps HTML in values as text (returns data, never markup)', () => {
    const evil = '<img src=x onerror="alert(1)">'
    const diff = auditDiff({ name: 'Sales' }, { name: evil, permissionsAdded: ['<b>x</b>'] })
    expect(diff).toEqual([
      { kind: 'changed', field: 'name', from: 'Sales', to: evil },
      { kind: 'list', field: 'permissions', added: ['<b>x</b>'], removed: [] },
    ])
  })
})

describe('formatValue', () => {
  it('formats every JSON shape as text', () => {
    expect(formatValue('x')).toBe('x')
    expect(formatValue(0)).toBe('0')
    expect(formatValue(false)).toBe('false')
    expect(formatValue(null)).toBe('none')
    expect(formatValue(undefined)).toBe('none')
    expect(formatValue([])).toBe('none')
    expect(formatValue(['a', 1, null])).toBe('a, 1, none')
    expect(formatValue([{ a: 1 }])).toBe('[{"a":1}]')
    expect(formatValue({ a: '<i>' })).toBe('{"a":"<i>"}')
  })
})
