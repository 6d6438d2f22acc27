import type { z } from 'zod'
import { fail, type ActionResult, type FieldErrors } from './result'

// An action's input as the gate accepts it: text no field may hold is refused first, then the
// action's own zod schema decides, and every field error is returned (never the first only).

// NUL cannot be stored in PostgreSQL text, and a lone UTF-16 surrogate is not valid JSON for the
// audit log: either would turn a bad request into a server error. Refused for every action here.
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The paths of strings in `value` that no field may hold (depth-limited: schemas are shallow). */
export function badTextPaths(value: unknown, path: string[] = [], out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (BAD_TEXT.test(value)) out.push(path.length ? path.join('.') : '_form')
  } else if (value && typeof value === 'object' && depth < 6) {
    for (const [k, v] of Object.entries(value)) badTextPaths(v, [...path, k], out, depth + 1)
  }
  return out
}

/** An action's input, validated: text no field may hold is refused first, then the schema decides. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): { data: z.infer<S> } | { refused: ActionResult<never> } {
  const raw = input instanceof FormData ? Object.fromEntries(input) : input
  const bad = badTextPaths(raw)
  if (bad.length)
    return {
      refused: fail(
        'Check the highlighted fields.',
        Object.fromEntries(bad.map((p) => [p, ['Contains characters that are not allowed (a NUL or a broken character).']])),
      ),
    }
  const parsed = schema.safeParse(raw)
  return parsed.success ? { data: parsed.data } : { refused: fail('Check the highlighted fields.', zodFieldErrors(parsed.error)) }
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}
