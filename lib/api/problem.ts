import { z } from 'zod'
import type { FieldErrors } from '@/lib/authz/result'

// Errors of the API as RFC 9457 problem details (application/problem+json): `type` names the
// HTTP status's definition, `title` its phrase, `detail` what went wrong in words, and the
// extension member `code` a stable, finer name a client can switch on. Validation problems list
// every field error in `errors`, each with a JSON pointer into the request body. Never a stack.

export const PROBLEM_CODES = [
  'missing_key',
  'invalid_key',
  'revoked_key',
  'expired_key',
  'creator_inactive',
  'creator_two_factor_required',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'limit_reached',
  'precondition_failed',
  'idempotency_key_reused',
  'invalid_header',
  'invalid_json',
  'body_too_large',
  'unsupported_media_type',
  'invalid_request',
  'rate_limited',
  'internal_error',
] as const
export type ProblemCode = (typeof PROBLEM_CODES)[number]

const STATUS: Record<ProblemCode, number> = {
  missing_key: 401,
  invalid_key: 401,
  revoked_key: 401,
  expired_key: 401,
  creator_inactive: 401,
  creator_two_factor_required: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  limit_reached: 409,
  precondition_failed: 412,
  idempotency_key_reused: 422,
  invalid_header: 400,
  invalid_json: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  invalid_request: 422,
  rate_limited: 429,
  internal_error: 500,
}

/** When each problem is answered, in words (the API reference page and docs/integrating.md). */
export const PROBLEM_MEANINGS: Record<ProblemCode, string> = {
  missing_key: 'No “Authorization: Bearer …” header.',
  invalid_key: 'The header holds no key of this Teamgate, or not a key at all.',
  revoked_key: 'The key was revoked.',
  expired_key: 'The key’s last day is past.',
  creator_inactive: 'The member who created the key is no longer an active member.',
  creator_two_factor_required: 'The workspace requires two-factor sign-in, which the key’s creator has not set up.',
  forbidden: 'The key (or, now, its creator) does not hold the permission the route needs.',
  not_found: 'Nothing of the key’s workspace has this id.',
  method_not_allowed: 'The path exists, with another method (Allow lists them).',
  conflict: 'The change cannot be made as things are: the last owner, a name in use, a change made meanwhile.',
  limit_reached: 'A limit of the plan is reached.',
  precondition_failed: 'If-Match names a version that is no longer the current one (the ETag given is).',
  idempotency_key_reused: 'The Idempotency-Key was used with another request in the last 24 hours.',
  invalid_header: 'If-Match or Idempotency-Key is malformed.',
  invalid_json: 'The body is not JSON.',
  body_too_large: 'The body is over 1 MiB.',
  unsupported_media_type: 'The body is not sent as application/json.',
  invalid_request: 'Fields of the body or query parameters are invalid: `errors` lists each, with a JSON pointer or the parameter’s name.',
  rate_limited: 'The key’s rate limit is reached: wait Retry-After seconds.',
  internal_error: 'Something failed on Teamgate’s side; the answer holds no detail of it.',
}

/** Each status's definition and phrase (RFC 9110; 429 is RFC 6585's). */
const STATUSES: Record<number, { type: string; title: string }> = {
  400: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1', title: 'Bad Request' },
  401: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2', title: 'Unauthorized' },
  403: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4', title: 'Forbidden' },
  404: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5', title: 'Not Found' },
  405: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6', title: 'Method Not Allowed' },
  409: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10', title: 'Conflict' },
  412: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13', title: 'Precondition Failed' },
  413: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14', title: 'Content Too Large' },
  415: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16', title: 'Unsupported Media Type' },
  422: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21', title: 'Unprocessable Content' },
  429: { type: 'https://www.rfc-editor.org/rfc/rfc6585#section-4', title: 'Too Many Requests' },
  500: { type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1', title: 'Internal Server Error' },
}

export const problemSchema = z
  .object({
    type: z.string().describe('What kind of problem: the definition of its HTTP status.'),
    title: z.string().describe('The status’s phrase.'),
    status: z.number().int(),
    detail: z.string().describe('What went wrong, in words for a person.'),
    code: z.enum(PROBLEM_CODES).describe('A stable name for the problem, to switch on.'),
    errors: z
      .array(
        z.object({
          pointer: z.string().optional().describe('A JSON pointer into the request body (RFC 6901), e.g. #/checks/0/permission.'),
          parameter: z.string().optional().describe('A query parameter, e.g. status.'),
          detail: z.string(),
        }),
      )
      .optional()
      .describe('Every field error of an invalid request (422), or the fields a conflict is about (409: a name taken).'),
  })
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 problem details.' })
export type Problem = z.infer<typeof problemSchema>

export const PROBLEM_TYPE = 'application/problem+json'

/** A problem details response. Every API response is `Cache-Control: no-store`. */
export function problem(
  code: ProblemCode,
  detail: string,
  opts: { headers?: Record<string, string>; errors?: FieldErrors; parameters?: FieldErrors } = {},
): Response {
  const status = STATUS[code]
  const body: Problem = { ...STATUSES[status], status, detail, code }
  if (opts.errors) body.errors = pointers(opts.errors)
  if (opts.parameters) body.errors = Object.entries(opts.parameters).flatMap(([parameter, messages]) => messages.map((detail) => ({ parameter, detail })))
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': PROBLEM_TYPE, 'Cache-Control': 'no-store', ...opts.headers } })
}

/** Field errors (`checks.0.permission`) as RFC 9457 `errors` with JSON pointers (`#/checks/0/permission`). */
export function pointers(errors: FieldErrors): NonNullable<Problem['errors']> {
  return Object.entries(errors).flatMap(([field, messages]) => {
    const pointer =
      field === '_form'
        ? '#'
        : `#/${field
            .split('.')
            .map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
            .join('/')}`
    return messages.map((detail) => ({ pointer, detail }))
  })
}

export function statusOf(code: ProblemCode): number {
  return STATUS[code]
}
