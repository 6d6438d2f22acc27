import { describe, expect, it } from 'vitest'
import { mergeQuery } from './use-url-query'

const q = (s: string) => new URLSearchParams(s)

describe('mergeQuery', () => {
  it('adds and replaces keys, keeping the others', () => {
    expect(mergeQuery(q('status=active&sort=name'), { sort: 'email', dir: 'desc' }, false)).toBe('status=active&sort=email&dir=desc')
  })

  it('deletes a key given null or an empty string', () => {
    expect(mergeQuery(q('q=ada&status=active&sort=name'), { q: '', status: null }, false)).toBe('sort=name')
  })

  it('drops page when resetting the page', () => {
    expect(mergeQuery(q('page=3&size=25'), { sort: 'name' }, true)).toBe('size=25&sort=name')
  })

  it('keeps page when not resetting', () => {
    expect(mergeQuery(q('page=3&size=25'), { sort: 'name' }, false)).toBe('page=3&size=25&sort=name')
  })

  it('lets an update set page even when resetting', () => {
    expect(mergeQuery(q('page=3'), { page: '4' }, true)).toBe('page=4')
    expect(mergeQuery(q('page=3'), { page: null }, true)).toBe('')
  })

  it('does not mutate the current params and encodes values', () => {
    const current = q('page=2')
    expect(mergeQuery(current, { q: 'a&b c' }, true)).toBe('q=a%26b+c')
    expect(current.toString()).toBe('page=2')
  })

  it('returns an empty string when nothing is left', () => {
    expect(mergeQuery(q(''), {}, true)).toBe('')
  })
})

describe('mergeQuery and keyset cursors', () => {
  it('drops the cursors with the page when a sort, filter or size starts again on page 1', () => {
    expect(mergeQuery(q('page=3&after=abc&size=25'), { sort: 'name' }, true)).toBe('size=25&sort=name')
    expect(mergeQuery(q('page=9&before=end'), { q: 'ada' }, true)).toBe('q=ada')
  })
})
