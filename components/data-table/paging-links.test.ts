import { describe, expect, it } from 'vitest'
import { pageUpdates } from './data-table'
import { formatInstant } from './cells'
import { exportHref } from './export-href'

const at = { page: 4, size: 25, total: 1000, cursors: { prev: 'P', next: 'N' } }

describe('pageUpdates: the URL of another page', () => {
  it('goes to the next and previous page by the cursors of this page', () => {
    expect(pageUpdates(5, at)).toEqual({ page: '5', after: 'N', before: null })
    expect(pageUpdates(3, at)).toEqual({ page: '3', after: null, before: 'P' })
  })

  it('goes to the first page without a cursor and to the last from the end', () => {
    expect(pageUpdates(1, at)).toEqual({ page: null, after: null, before: null })
    expect(pageUpdates(40, at)).toEqual({ page: '40', after: null, before: 'end' })
  })

  it('goes to any other page by number, and pages by number when the list has no cursors', () => {
    expect(pageUpdates(20, at)).toEqual({ page: '20', after: null, before: null })
    expect(pageUpdates(5, { ...at, cursors: undefined })).toEqual({ page: '5', after: null, before: null })
    expect(pageUpdates(40, { ...at, cursors: undefined })).toEqual({ page: '40', after: null, before: null })
  })

  it('does not read a capped total as the end', () => {
    expect(pageUpdates(40, { ...at, totalExact: false, page: 39 })).toEqual({ page: '40', after: 'N', before: null })
  })
})

describe('exportHref', () => {
  it('keeps filters and order, drops the page, its cursors and the size', () => {
    expect(exportHref('/x/export', { q: 'ada', sort: 'name', page: '3', after: 'abc', before: undefined, size: '50' })).toBe('/x/export?q=ada&sort=name')
    expect(exportHref('/x/export', new URLSearchParams('before=end&page=9&actor=a%40b'))).toBe('/x/export?actor=a%40b')
    expect(exportHref('/x/export', { role: ['ADMIN', 'OWNER'] })).toBe('/x/export?role=ADMIN&role=OWNER')
    expect(exportHref('/x/export', {})).toBe('/x/export')
  })
})

describe('formatInstant', () => {
  it('writes a moment to the minute in UTC, labelled, whatever the machine’s zone', () => {
    expect(formatInstant('2026-12-02T14:05:59.000Z')).toBe('Dec 2, 2026, 14:05 UTC')
    expect(formatInstant('2026-01-09T00:00:00.000Z')).toBe('Jan 9, 2026, 00:00 UTC')
  })
})
