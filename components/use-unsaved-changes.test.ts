import { describe, expect, it } from 'vitest'
import { differs } from './use-unsaved-changes'

describe('differs: whether a form holds edits not saved', () => {
  const loaded = { name: 'Support agent', description: '', roleTemplateId: null, teamIds: ['a', 'b'], crmAccess: false }

  it('is false for the values as loaded, with empty, null and missing alike and lists in any order', () => {
    expect(differs({ ...loaded }, loaded)).toBe(false)
    expect(differs({ ...loaded, description: undefined, roleTemplateId: '', teamIds: ['b', 'a'] }, loaded)).toBe(false)
  })

  it('is true as soon as one field differs, and false again once it is put back', () => {
    expect(differs({ ...loaded, description: 'Answers the inbox' }, loaded)).toBe(true)
    expect(differs({ ...loaded, crmAccess: true }, loaded)).toBe(true)
    expect(differs({ ...loaded, teamIds: ['a'] }, loaded)).toBe(true)
    expect(differs({ ...loaded, roleTemplateId: 'tpl' }, loaded)).toBe(true)
    expect(differs({ ...loaded, name: 'Support agent' }, loaded)).toBe(false)
  })

  it('ignores fields the form has that were not loaded (ids, versions)', () => {
    expect(differs({ ...loaded, memberId: 'm1', version: 3 }, loaded)).toBe(false)
  })
})
