import { describe, expect, it } from 'vitest'
import { fail, forbiddenResult, notFoundResult, ok, TWO_FACTOR_REQUIRED_MESSAGE, twoFactorRequiredResult } from './result'

// The results every server action returns: their codes decide the API's status codes
// (lib/api/define-route.ts resultProblem) and their messages are what the forms show.

describe('action results', () => {
  it('success carries its message and data', () => {
    expect(ok('Saved', { id: 'x' })).toEqual({ ok: true, message: 'Saved', data: { id: 'x' } })
    expect(ok()).toEqual({ ok: true, message: undefined, data: undefined })
  })

  it('failures carry a code: invalid by default, or the one given', () => {
    expect(fail('Check the fields.', { email: ['Required.'] })).toEqual({
      ok: false,
      message: 'Check the fields.',
      fieldErrors: { email: ['Required.'] },
      code: 'invalid',
    })
    expect(fail('Taken.', undefined, 'conflict')).toEqual({ ok: false, message: 'Taken.', fieldErrors: undefined, code: 'conflict' })
    expect(forbiddenResult()).toEqual({ ok: false, code: 'forbidden', message: 'You do not have permission to do that.' })
    expect(twoFactorRequiredResult()).toEqual({ ok: false, code: 'two_factor_required', message: TWO_FACTOR_REQUIRED_MESSAGE })
    expect(TWO_FACTOR_REQUIRED_MESSAGE).toMatch(/requires two-factor sign-in/)
    expect(notFoundResult()).toEqual({ ok: false, code: 'not_found', message: 'That record was not found.' })
    expect(notFoundResult('The member')).toEqual({ ok: false, code: 'not_found', message: 'The member was not found.' })
  })
})
