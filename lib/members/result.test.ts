import { describe, expect, it } from 'vitest'
import type { MemberTargetRow } from '@/lib/db/members'
import { bulkResult } from './result'

// A bulk change's outcome in words: what the toast says and what the table is told.

const row = (id: string) => ({ membershipId: id, email: `${id}@example.test` }) as MemberTargetRow
const done = (who: string) => `Suspended ${who}`

describe('bulkResult', () => {
  it('one member, or several, changed', () => {
    expect(bulkResult({ ok: true, changed: [row('a')], skipped: [] }, done)).toEqual({
      ok: true,
      message: 'Suspended a@example.test.',
      data: { changed: ['a'], skipped: [] },
    })
    expect(bulkResult({ ok: true, changed: [row('a'), row('b')], skipped: [] }, done).message).toBe('Suspended 2 members.')
  })

  it('the skipped, each with its reason (without its full stop)', () => {
    const skipped = [
      { id: 'c', email: 'c@example.test', reason: 'Already suspended.' },
      { id: 'd', email: 'd@example.test', reason: 'Only an owner can change an owner.' },
      { id: 'e', email: 'e@example.test', reason: 'e@example.test has already joined.' },
    ]
    expect(bulkResult({ ok: true, changed: [row('a')], skipped }, done)).toEqual({
      ok: true,
      message:
        'Suspended a@example.test. Skipped 3: c@example.test (Already suspended); d@example.test (Only an owner can change an owner); e@example.test (e@example.test has already joined).',
      data: { changed: ['a'], skipped },
    })
  })

  it('nothing changed: one refusal is the answer itself; several are listed', () => {
    const one = [{ id: 'c', email: 'c@example.test', reason: 'Already suspended.' }]
    expect(bulkResult({ ok: true, changed: [], skipped: one }, done)).toEqual({
      ok: false,
      code: 'forbidden',
      message: 'Already suspended.',
      fieldErrors: undefined,
    })
    const two = [...one, { id: 'd', email: 'd@example.test', reason: 'Not yet.' }]
    expect(bulkResult({ ok: true, changed: [], skipped: two }, done).message).toBe(
      'Nothing changed. c@example.test: Already suspended. d@example.test: Not yet.',
    )
  })

  it('a failure of the whole call keeps its code, and its field when it names one', () => {
    expect(bulkResult({ ok: false, code: 'not_found', message: 'That member was not found.' }, done)).toEqual({
      ok: false,
      code: 'not_found',
      message: 'That member was not found.',
      fieldErrors: undefined,
    })
    expect(bulkResult({ ok: false, code: 'invalid', message: 'Choose a member who stays in the workspace.', field: 'reassignId' }, done)).toEqual({
      ok: false,
      code: 'invalid',
      message: 'Choose a member who stays in the workspace.',
      fieldErrors: { reassignId: ['Choose a member who stays in the workspace.'] },
    })
  })
})
