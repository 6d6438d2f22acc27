import { describe, expect, it } from 'vitest'
import { encodeCursor, positionOf, type KeysetSort } from './paging'

const text: KeysetSort = { column: 'email', type: 'text', desc: false, nullable: false }
const when: KeysetSort = { column: '"lastLoginAt"', type: 'timestamp(3)', desc: true, nullable: true, nullsLast: true }
const role: KeysetSort = { column: '"baseRole"', type: '"BaseRole"', desc: false, nullable: false, values: ['OWNER', 'ADMIN', 'MEMBER'] }

describe('positionOf: the keyset position a URL names', () => {
  it('reads after, before and the end', () => {
    expect(positionOf({}, text)).toEqual({ at: 'start' })
    expect(positionOf({ before: 'end' }, text)).toEqual({ at: 'end' })
    expect(positionOf({ after: encodeCursor('a@b', 'm1') }, text)).toEqual({ at: 'after', value: 'a@b', id: 'm1' })
    expect(positionOf({ before: encodeCursor('2026-01-02T03:04:05.678Z', 'm2') }, when)).toEqual({ at: 'before', value: '2026-01-02T03:04:05.678Z', id: 'm2' })
    expect(positionOf({ after: encodeCursor(null, 'm3') }, when)).toEqual({ at: 'after', value: null, id: 'm3' })
  })

  it('starts at the beginning for a cursor that is not one, or whose value the sort cannot cast', () => {
    const bad = [
      'not base64 json',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["x"]').toString('base64url'),
      Buffer.from('[1, "m"]').toString('base64url'),
      encodeCursor('x', 'm'.repeat(65)),
    ]
    for (const after of bad) expect(positionOf({ after }, text), after).toEqual({ at: 'start' })
    expect(positionOf({ after: encodeCursor(null, 'm') }, text)).toEqual({ at: 'start' }) // email is never NULL
    expect(positionOf({ after: encodeCursor('yesterday', 'm') }, when)).toEqual({ at: 'start' })
    expect(positionOf({ after: encodeCursor('2026-02-30T00:00:00.000Z', 'm') }, when)).toEqual({ at: 'start' })
    expect(positionOf({ after: encodeCursor('SUPERUSER', 'm') }, role)).toEqual({ at: 'start' })
    expect(positionOf({ after: encodeCursor('ADMIN', 'm') }, role)).toEqual({ at: 'after', value: 'ADMIN', id: 'm' })
  })
})
