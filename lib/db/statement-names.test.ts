import { describe, expect, it } from 'vitest'
import { preparedStatementsOn, statementNamer } from './statement-names'

describe('statementNamer', () => {
  it('names each SQL text once and the same way, within PostgreSQL’s 63 characters', () => {
    const name = statementNamer()
    const a = name({ sql: 'SELECT 1' })
    expect(a).toMatch(/^tg_[0-9a-f]{24}$/)
    expect(name({ sql: 'SELECT 1' })).toBe(a)
    expect(name({ sql: 'SELECT 2' })).not.toBe(a)
    expect(statementNamer()({ sql: 'SELECT 1' })).toBe(a)
  })

  it('names at most `max` distinct texts; the others run unnamed, the named ones keep their name', () => {
    const name = statementNamer(2)
    const first = name({ sql: 'SELECT 1' })
    name({ sql: 'SELECT 2' })
    expect(name({ sql: 'SELECT 3' })).toBeUndefined()
    expect(name({ sql: 'SELECT 1' })).toBe(first)
  })
})

describe('preparedStatementsOn', () => {
  it('is on unless DATABASE_PREPARED_STATEMENTS turns it off', () => {
    expect(preparedStatementsOn({})).toBe(true)
    expect(preparedStatementsOn({ DATABASE_PREPARED_STATEMENTS: '1' })).toBe(true)
    for (const v of ['0', 'false', 'off', ' OFF ']) expect(preparedStatementsOn({ DATABASE_PREPARED_STATEMENTS: v }), v).toBe(false)
  })
})
