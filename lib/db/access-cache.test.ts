import { afterEach, describe, expect, it } from 'vitest'
import { copyAt, copyOf, dropCopies, trimCopies } from './access-cache'

// The copies' bookkeeping: one version per workspace, least recently used dropped first.

afterEach(() => {
  dropCopies()
  delete process.env.ACCESS_CACHE_ENTRIES
})

const fill = (tenantId: string, version: string, n: number) => {
  const copy = copyAt(tenantId, version)
  for (let i = 0; i < n; i++) copy.teams.set(`${tenantId}-${i}`, `Team ${i}`)
  trimCopies(copy)
  return copy
}

describe('the workspace copies', () => {
  it('one per workspace, at one version: another version starts empty', () => {
    const a = fill('a', '3', 2)
    expect(copyAt('a', '3')).toBe(a)
    expect(copyOf('a')).toBe(a)
    const b = copyAt('a', '4')
    expect(b).not.toBe(a)
    expect(b.teams.size).toBe(0)
    expect(copyOf('a')).toBe(b)
    expect(copyOf('z')).toBeNull()
  })

  it('over the limit, the least recently used go first, the one just filled last', () => {
    process.env.ACCESS_CACHE_ENTRIES = '5'
    fill('a', '1', 2)
    fill('b', '1', 2)
    copyOf('a') // a used after b: b is now the oldest
    fill('c', '1', 2)
    expect(copyOf('b')).toBeNull()
    expect(copyOf('a')?.teams.size).toBe(2)
    expect(copyOf('c')?.teams.size).toBe(2)
    // A copy alone over the limit is not kept either.
    fill('d', '1', 6)
    expect(copyOf('d')).toBeNull()
  })

  it('members, owners and teams all count towards the limit', () => {
    process.env.ACCESS_CACHE_ENTRIES = '3'
    const copy = copyAt('a', '1')
    copy.members.set('m1', null)
    copy.members.set('m2', null)
    copy.owners.set('o1', null)
    copy.owners.set('o2', null)
    trimCopies(copy)
    expect(copyOf('a')).toBeNull()
  })

  it('a limit of 0 keeps nothing; a limit that is not a number is the default', () => {
    process.env.ACCESS_CACHE_ENTRIES = '0'
    fill('a', '1', 1)
    expect(copyOf('a')).toBeNull()
    process.env.ACCESS_CACHE_ENTRIES = 'many'
    fill('b', '1', 1000)
    expect(copyOf('b')?.teams.size).toBe(1000)
  })
})
