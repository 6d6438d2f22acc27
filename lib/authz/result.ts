// The result every server action returns. Expected failures (validation, forbidden, not found,
// a unique clash, a limit) are values, never thrown; unexpected errors go to error.tsx.
export type FieldErrors = Record<string, string[]>
export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | {
      ok: false
      message: string
      fieldErrors?: FieldErrors
      code?: 'unauthenticated' | 'two_factor_required' | 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'limit'
    }

export function ok<T = undefined>(message?: string, data?: T): ActionResult<T> {
  return { ok: true, message, data }
}
export function fail(message: string, fieldErrors?: FieldErrors, code: Extract<ActionResult, { ok: false }>['code'] = 'invalid'): ActionResult<never> {
  return { ok: false, message, fieldErrors, code }
}
export function forbiddenResult(): ActionResult<never> {
  return { ok: false, code: 'forbidden', message: 'You do not have permission to do that.' }
}
/** The workspace requires two-factor sign-in and the caller has not set it up (the gate's answer; see guards.ts). */
export const TWO_FACTOR_REQUIRED_MESSAGE = 'This workspace requires two-factor sign-in. Set it up on your profile first, then try again.'
export function twoFactorRequiredResult(): ActionResult<never> {
  return { ok: false, code: 'two_factor_required', message: TWO_FACTOR_REQUIRED_MESSAGE }
}
export function notFoundResult(what = 'That record'): ActionResult<never> {
  return { ok: false, code: 'not_found', message: `${what} was not found.` }
}

/** Why a rule refuses a change. `invalid`: the request names something that does not exist; otherwise it is not allowed. */
export type Refusal = { message: string; field?: string; code?: 'invalid' }
