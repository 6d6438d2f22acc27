import { describe, expect, it, vi } from 'vitest'
import type { FieldErrors } from '@/lib/authz/result'
import {
  checkInChunks,
  offsetRowErrors,
  parseInviteCsv,
  parseInviteText,
  splitRowErrors,
  validateInviteRows,
  type InviteDefaults,
  type ParsedInviteRow,
} from './invite-rows'

const member: InviteDefaults = { baseRole: 'MEMBER', roleTemplateId: null }
const templates = [
  { id: 't-sales', name: 'Sales Rep' },
  { id: 't-support', name: 'Support' },
]
const row = (email: string, baseRole: ParsedInviteRow['baseRole'] = 'MEMBER', roleTemplateId: string | null = null): ParsedInviteRow => ({
  email,
  baseRole,
  roleTemplateId,
})

describe('parseInviteText', () => {
  it('splits on newlines, commas, semicolons, tabs and spaces; trims and lower-cases', () => {
    const r = parseInviteText(' Ann@X.com,bob@x.com;\tcy@x.com\r\n  dee@x.com   eve@x.com\n', member)
    expect(r.rows.map((x) => x.email)).toEqual(['ann@x.com', 'bob@x.com', 'cy@x.com', 'dee@x.com', 'eve@x.com'])
    expect(r.problems).toEqual([])
  })

  it('ignores blanks and keeps order and duplicates (the server reports them per row)', () => {
    const r = parseInviteText('\n\n b@x.com ,, a@x.com ;; B@x.com \n\n', member)
    expect(r.rows.map((x) => x.email)).toEqual(['b@x.com', 'a@x.com', 'b@x.com'])
  })

  it('gives nothing for empty text', () => {
    expect(parseInviteText('  \n , ; ', member)).toEqual({ rows: [], problems: [] })
  })

  it('applies the defaults; a default template only to members', () => {
    expect(parseInviteText('a@x.com', { baseRole: 'MEMBER', roleTemplateId: 't-sales' }).rows).toEqual([row('a@x.com', 'MEMBER', 't-sales')])
    expect(parseInviteText('a@x.com', { baseRole: 'ADMIN', roleTemplateId: 't-sales' }).rows).toEqual([row('a@x.com', 'ADMIN', null)])
  })

  it('keeps a malformed address as a row, for its own check to flag', () => {
    const r = parseInviteText('not-an-email', member)
    expect(r.rows).toEqual([row('not-an-email')])
    expect(validateInviteRows(r.rows)['rows.0.email']).toBeDefined()
  })
})

describe('parseInviteCsv', () => {
  it('reads rows without a header', () => {
    const r = parseInviteCsv(
      [
        ['a@x.com', 'admin', ''],
        ['B@X.com', 'member', 'Support'],
      ],
      member,
      templates,
    )
    expect(r).toEqual({ rows: [row('a@x.com', 'ADMIN'), row('b@x.com', 'MEMBER', 't-support')], problems: [] })
  })

  it('reads rows after a header, whatever its case, and counts the header as line 1', () => {
    const r = parseInviteCsv(
      [
        ['Email', 'Role', 'Template'],
        ['a@x.com', 'OWNER', ''],
        ['b@x.com', 'boss', ''],
      ],
      member,
      templates,
    )
    expect(r.rows).toEqual([row('a@x.com', 'OWNER')])
    expect(r.problems).toEqual([{ line: 3, email: 'b@x.com', message: expect.stringContaining('Unknown role “boss”') }])
  })

  it('follows the header’s column order', () => {
    const r = parseInviteCsv(
      [
        ['template', 'email', 'role'],
        ['sales rep', 'a@x.com', ''],
      ],
      member,
      templates,
    )
    expect(r.rows).toEqual([row('a@x.com', 'MEMBER', 't-sales')])
  })

  it('matches role and template names case-insensitively, ignoring surrounding spaces', () => {
    const r = parseInviteCsv([[' a@x.com ', ' Member ', ' SALES REP ']], member, templates)
    expect(r.rows).toEqual([row('a@x.com', 'MEMBER', 't-sales')])
  })

  it('uses the defaults for empty or missing cells', () => {
    const defaults: InviteDefaults = { baseRole: 'MEMBER', roleTemplateId: 't-support' }
    const r = parseInviteCsv([['a@x.com'], ['b@x.com', '', ''], ['c@x.com', 'admin']], defaults, templates)
    expect(r.rows).toEqual([row('a@x.com', 'MEMBER', 't-support'), row('b@x.com', 'MEMBER', 't-support'), row('c@x.com', 'ADMIN', null)])
  })

  it('reports an unknown template with its line, and gives no row for it', () => {
    const r = parseInviteCsv(
      [
        ['a@x.com', '', 'Support'],
        ['b@x.com', '', 'Nope'],
      ],
      member,
      templates,
    )
    expect(r.rows).toEqual([row('a@x.com', 'MEMBER', 't-support')])
    expect(r.problems).toEqual([{ line: 2, email: 'b@x.com', message: 'Unknown role template “Nope”.' }])
  })

  it('drops a template given for an admin or owner row, without looking it up', () => {
    const r = parseInviteCsv(
      [
        ['a@x.com', 'admin', 'Support'],
        ['b@x.com', 'owner', 'Nope'],
      ],
      member,
      templates,
    )
    expect(r).toEqual({ rows: [row('a@x.com', 'ADMIN'), row('b@x.com', 'OWNER')], problems: [] })
  })

  it('skips blank lines but keeps counting them, so line numbers match the file', () => {
    const r = parseInviteCsv([[''], ['email', 'role'], [''], ['a@x.com', 'member'], ['  ', ''], ['b@x.com', 'chief']], member, templates)
    expect(r.rows).toEqual([row('a@x.com')])
    expect(r.problems.map((p) => p.line)).toEqual([6])
  })

  it('reports a line without an address', () => {
    const r = parseInviteCsv([['', 'admin', '']], member, templates)
    expect(r).toEqual({ rows: [], problems: [{ line: 1, message: 'No email address.' }] })
  })

  it('keeps duplicates for the server to report per row', () => {
    const r = parseInviteCsv([['a@x.com'], ['A@x.com']], member, templates)
    expect(r.rows).toEqual([row('a@x.com'), row('a@x.com')])
  })

  it('gives nothing for an empty file', () => {
    expect(parseInviteCsv([], member, templates)).toEqual({ rows: [], problems: [] })
    expect(parseInviteCsv([[''], ['']], member, templates)).toEqual({ rows: [], problems: [] })
  })
})

describe('row errors', () => {
  it('validateInviteRows keys errors like the server', () => {
    const e = validateInviteRows([row('a@x.com'), row('bad'), row('')])
    expect(Object.keys(e)).toEqual(['rows.1.email', 'rows.2.email'])
  })

  it('offsetRowErrors moves row keys by the offset and leaves others', () => {
    expect(offsetRowErrors({ 'rows.0.email': ['a'], 'rows.12.baseRole': ['b'], crmAccess: ['c'], rows: ['d'] }, 100)).toEqual({
      'rows.100.email': ['a'],
      'rows.112.baseRole': ['b'],
      crmAccess: ['c'],
      rows: ['d'],
    })
  })

  it('splitRowErrors groups by row, without repeats, and collects the rest', () => {
    const { byRow, other } = splitRowErrors({ 'rows.1.email': ['x'], 'rows.1.baseRole': ['y', 'x'], rows: ['too many'], _form: ['f'] })
    expect([...byRow]).toEqual([[1, ['x', 'y']]])
    expect(other).toEqual(['too many', 'f'])
  })
})

describe('checkInChunks', () => {
  const rows = Array.from({ length: 250 }, (_, i) => row(`p${i}@x.com`))

  it('checks in chunks with their offsets, re-indexes the errors and reports progress', async () => {
    const check = vi.fn(async (chunk: ParsedInviteRow[], offset: number): Promise<FieldErrors> => ({
      [`rows.${chunk.length - 1}.email`]: [`last of ${offset}`],
    }))
    const progress: number[] = []
    const errors = await checkInChunks(rows, check, { onProgress: (n) => progress.push(n) })
    expect(check.mock.calls.map(([chunk, offset]) => [chunk.length, offset])).toEqual([
      [100, 0],
      [100, 100],
      [50, 200],
    ])
    expect(errors).toEqual({ 'rows.99.email': ['last of 0'], 'rows.199.email': ['last of 100'], 'rows.249.email': ['last of 200'] })
    expect(progress).toEqual([100, 200, 250])
  })

  it('is one call for a small batch', async () => {
    const check = vi.fn(async (): Promise<FieldErrors> => ({}))
    expect(await checkInChunks(rows.slice(0, 100), check)).toEqual({})
    expect(check).toHaveBeenCalledTimes(1)
  })

  it('flags an address repeated across chunks, which no single call can see', async () => {
    const list = [row('a@x.com'), row('b@x.com'), row('c@x.com'), row('a@x.com')]
    const errors = await checkInChunks(list, async () => ({}), { size: 2 })
    expect(errors).toEqual({ 'rows.3.email': ['This address is listed twice.'] })
  })

  it('stops when cancelled', async () => {
    let cancelled = false
    const check = vi.fn(async (): Promise<FieldErrors> => {
      cancelled = true
      return {}
    })
    expect(await checkInChunks(rows, check, { isCancelled: () => cancelled })).toBeNull()
    expect(check).toHaveBeenCalledTimes(1)
  })
})
