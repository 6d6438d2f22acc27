import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { csvQuoteProblem } from './invite-batch'

// The invite dialog reads a CSV with papaparse and shows its quote errors: in words, not the
// parser's ("Quoted field unterminated"). The codes are papaparse's own, taken from real parses.
const codes = (text: string) =>
  Papa.parse<string[]>(text)
    .errors.filter((e) => e.type === 'Quotes')
    .map((e) => e.code)

describe('csvQuoteProblem', () => {
  it('says what to do about a quote that is never closed', () => {
    const [code] = codes('email,role\n"ada@example.com,member\n')
    expect(code).toBe('MissingQuotes')
    expect(csvQuoteProblem(code)).toBe('A value opens a quote (") that is never closed: close it, or remove the quote.')
  })

  it('says what to do about a stray quote inside a quoted value', () => {
    const [code] = codes('email,role\n"ada"x@example.com",member\n')
    expect(code).toBe('InvalidQuotes')
    expect(csvQuoteProblem(code)).toBe('A quote (") inside a quoted value must be doubled (""), or the value left unquoted.')
  })

  it('never passes the parser’s own text through', () => {
    for (const code of ['MissingQuotes', 'InvalidQuotes', 'SomethingNew']) expect(csvQuoteProblem(code)).not.toMatch(/unterminated|malformed/i)
  })
})
