import { describe, expect, it } from 'vitest'
import { cursorAfter, encodeCursor, pageWithin, positionOf, readPage, sliceOf, type KeysetSort, type Slice } from './paging'

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

describe('positionOf: what a cursor may hold', () => {
  const raw = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  it('only a pair of a value (text or null) and an id of at most 64 characters', () => {
    const notPairs = [{ 0: 'a', 1: 'm', length: 2 }, ['a', 'm', 'x'], [['a'], 'm'], ['a', ['m']], ['a', 'm'.repeat(65)]]
    for (const v of notPairs) expect(positionOf({ after: raw(v) }, text), JSON.stringify(v)).toEqual({ at: 'start' })
    expect(positionOf({ after: raw(['a', 'm'.repeat(64)]) }, text)).toEqual({ at: 'after', value: 'a', id: 'm'.repeat(64) })
  })

  it('a text value of at most 1,000 characters; an instant exactly as toISOString writes one of years 0 to 9999', () => {
    expect(positionOf({ after: encodeCursor('x'.repeat(1000), 'm') }, text)).toEqual({ at: 'after', value: 'x'.repeat(1000), id: 'm' })
    expect(positionOf({ after: encodeCursor('x'.repeat(1001), 'm') }, text)).toEqual({ at: 'start' })
    expect(positionOf({ before: encodeCursor('+010000-01-01T00:00:00.000Z', 'm') }, when)).toEqual({ at: 'start' })
    expect(positionOf({ before: encodeCursor('2026-01-02T03:04:05Z', 'm') }, when)).toEqual({ at: 'start' })
    expect(positionOf({ before: encodeCursor('2026-01-02T03:04:05.000Z', 'm') }, when)).toEqual({ at: 'before', value: '2026-01-02T03:04:05.000Z', id: 'm' })
  })
})

describe('cursorAfter and sliceOf: the API lists’ forward cursors', () => {
  it('starts without a cursor, continues after one, and refuses one that is not of this list', () => {
    expect(cursorAfter(undefined, text)).toBe('start')
    expect(cursorAfter('', text)).toBe('start')
    expect(cursorAfter(encodeCursor('a@b', 'm1'), text)).toEqual({ value: 'a@b', id: 'm1' })
    expect(cursorAfter('nonsense', text)).toBeNull()
    expect(cursorAfter(encodeCursor(null, 'm1'), when)).toBeNull() // a NULL position is the pages', not the API's
  })

  it('cuts the rows read (one more than asked when there is a next slice) and names the last one kept', () => {
    const rows = [{ id: '1' }, { id: '2' }, { id: '3' }]
    expect(sliceOf(rows, 2, (r) => `v${r.id}`)).toEqual({ rows: rows.slice(0, 2), next: encodeCursor('v2', '2') })
    expect(sliceOf(rows, 3, (r) => `v${r.id}`)).toEqual({ rows, next: null })
    expect(sliceOf([], 3, () => 'v')).toEqual({ rows: [], next: null })
  })
})

describe('pageWithin: a page past the end shows the last one', () => {
  it('clamps to the pages there are, and to 1 for an empty list', () => {
    expect(pageWithin(3, 25, 10)).toBe(3)
    expect(pageWithin(4, 25, 10)).toBe(3)
    expect(pageWithin(2, 20, 10)).toBe(2)
    expect(pageWithin(3, 20, 10)).toBe(2)
    expect(pageWithin(2, 0, 10)).toBe(1)
  })
})

describe('readPage: which slices a URL reads, and the page number it shows', () => {
  type R = { id: string }
  const sort = { ...text, value: (r: R) => `v${r.id}` }
  /** A list of `total` rows, read by `read`: each slice asked for is recorded, and answered with `rows(slice)`. */
  function list(total: number, rows: (slice: Slice) => number) {
    const asked: Slice[] = []
    const read = async (slice: Slice) => {
      asked.push(slice)
      return { total, rows: Array.from({ length: rows(slice) }, (_, i) => ({ id: `${i + 1}` })) }
    }
    return { asked, read }
  }
  const q = (p: { page?: number; after?: string; before?: string }) => ({ page: 1, size: 10, ...p })
  const cursor = encodeCursor('va', 'a')

  it('the first page by keyset, a numbered page by OFFSET, and a page past the end as the last one', async () => {
    const l = list(25, () => 10)
    expect(await readPage(q({}), sort, l.read)).toMatchObject({
      page: 1,
      exact: true,
      cursors: { prev: encodeCursor('v1', '1'), next: encodeCursor('v10', '10') },
    })
    expect((await readPage(q({ page: 2 }), sort, l.read)).page).toBe(2)
    expect((await readPage(q({ page: 9 }), sort, l.read)).page).toBe(3)
    expect(l.asked).toEqual([{ at: 'start' }, { offset: 10 }, { offset: 80 }, { at: 'end' }])
    const short = list(5, () => 5)
    expect((await readPage(q({}), sort, short.read)).page).toBe(1)
    expect(short.asked).toEqual([{ at: 'start' }])
  })

  it('after a cursor: the page it says; past the last row, the last page', async () => {
    const l = list(25, (s) => ('at' in s && s.at === 'after' ? 0 : 5))
    expect((await readPage(q({ after: cursor, page: 2 }), sort, l.read)).page).toBe(3)
    expect(l.asked).toEqual([{ at: 'after', value: 'va', id: 'a' }, { at: 'end' }])
    const full = list(25, () => 10)
    expect((await readPage(q({ after: cursor, page: 2 }), sort, full.read)).page).toBe(2)
    expect(full.asked).toHaveLength(1)
    const empty = list(0, () => 0)
    expect((await readPage(q({ after: cursor, page: 2 }), sort, empty.read)).page).toBe(1)
    expect(empty.asked).toHaveLength(1)
    const end = list(25, () => 5)
    expect((await readPage(q({ before: 'end' }), sort, end.read)).page).toBe(3)
  })

  it('before a cursor: a short page is the first page, read from the start; a full page 1 is the first page as it is', async () => {
    const short = list(25, (s) => ('at' in s && s.at === 'before' ? 4 : 10))
    expect((await readPage(q({ before: cursor, page: 2 }), sort, short.read)).page).toBe(1)
    expect(short.asked).toEqual([{ at: 'before', value: 'va', id: 'a' }, { at: 'start' }])
    const first = list(25, () => 10)
    expect((await readPage(q({ before: cursor, page: 1 }), sort, first.read)).page).toBe(1)
    expect(first.asked).toHaveLength(1)
    const middle = list(25, () => 10)
    expect((await readPage(q({ before: cursor, page: 2 }), sort, middle.read)).page).toBe(2)
    expect(middle.asked).toHaveLength(1)
  })

  it('past the count’s cap the total is not exact: a page number is taken as given, and a cursor past the end stays', async () => {
    const capped = list(101, (s) => ('at' in s && s.at === 'after' ? 0 : 10))
    const r = await readPage(q({ page: 40 }), sort, capped.read, 100)
    expect({ page: r.page, exact: r.exact }).toEqual({ page: 40, exact: false })
    expect((await readPage(q({ after: cursor, page: 12 }), sort, capped.read, 100)).page).toBe(12)
    expect(capped.asked).toEqual([{ offset: 390 }, { at: 'after', value: 'va', id: 'a' }])
    const atCap = list(100, () => 10)
    expect((await readPage(q({ page: 40 }), sort, atCap.read, 100)).exact).toBe(true)
  })
})
