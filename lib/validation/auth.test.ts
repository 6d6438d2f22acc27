import { describe, expect, it } from 'vitest'
import { safeNext } from './auth'

describe('safeNext', () => {
  it.each([
    ['/settings/users?page=2#top', '/settings/users?page=2#top'],
    ['/', '/'],
    ['/%2F%2Fevil.test', '/%2F%2Fevil.test'],
  ])('keeps a path of this site: %s', (next, kept) => {
    expect(safeNext(next)).toBe(kept)
  })

  it.each([
    // #3: what the browser would read as another host (tabs and line breaks are dropped, `\\` is `/`).
    '/\t/evil.test',
    '/\n/evil.test',
    '/\r/evil.test',
    '/\t\n\r/evil.test/path',
    '//evil.test',
    '/\\evil.test',
    '/\\/evil.test',
    'https://evil.test/',
    'javascript:alert(1)',
    'evil.test',
    '',
  ])('#3 sends anything that leaves the origin to /: %j', (next) => {
    expect(safeNext(next)).toBe('/')
  })

  it('a browser following the kept path stays here', () => {
    for (const next of ['/\t/evil.test', '/a\t/b', '/settings/users']) {
      expect(new URL(safeNext(next), 'http://127.0.0.1:3000').origin).toBe('http://127.0.0.1:3000')
    }
  })
})
