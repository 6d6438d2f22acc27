import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { badTextPaths, parseInput } from './input'

describe('badTextPaths: text no field may hold', () => {
  it('finds a NUL and a lone surrogate of either half, at their paths; a whole pair is text', () => {
    expect(badTextPaths('a\u0000b')).toEqual(['_form'])
    expect(badTextPaths({ name: 'ok', note: 'x\uD800' })).toEqual(['note'])
    expect(badTextPaths({ rows: [{ email: '\uDC00y' }] })).toEqual(['rows.0.email'])
    expect(badTextPaths({ name: 'emoji \uD83D\uDE00', n: 3, none: null })).toEqual([])
    expect(badTextPaths(null)).toEqual([])
  })

  it('looks six levels deep and no further (schemas are shallow)', () => {
    const nest = (depth: number): unknown => (depth === 0 ? '\u0000' : { a: nest(depth - 1) })
    expect(badTextPaths(nest(6))).toEqual(['a.a.a.a.a.a'])
    expect(badTextPaths(nest(7))).toEqual([])
  })
})

describe('parseInput', () => {
  const schema = z.object({ name: z.string().min(2, 'Too short.').max(3, 'Too long.'), email: z.email('Not an email.') })

  it('refuses bad text before the schema sees it, naming every field', () => {
    const r = parseInput(schema, { name: 'a\u0000', email: '\uDC00' })
    expect(r).toEqual({
      refused: {
        ok: false,
        code: 'invalid',
        message: 'Check the highlighted fields.',
        fieldErrors: {
          name: ['Contains characters that are not allowed (a NUL or a broken character).'],
          email: ['Contains characters that are not allowed (a NUL or a broken character).'],
        },
      },
    })
  })

  it('returns every field error of the schema, and the data when it passes; FormData is read as its entries', () => {
    const r = parseInput(schema, { name: 'a', email: 'x' })
    expect(r).toMatchObject({ refused: { fieldErrors: { name: ['Too short.'], email: ['Not an email.'] } } })
    const form = new FormData()
    form.set('name', 'Ada')
    form.set('email', 'ada@example.test')
    expect(parseInput(schema, form)).toEqual({ data: { name: 'Ada', email: 'ada@example.test' } })
    const whole = parseInput(z.string().min(5, 'Five at least.'), 'abc')
    expect(whole).toEqual({ refused: { ok: false, code: 'invalid', message: 'Check the highlighted fields.', fieldErrors: { _form: ['Five at least.'] } } })
  })
})
