import 'server-only'
import { headers } from 'next/headers'
import { forbidden, redirect } from 'next/navigation'
import { z } from 'zod'
import { clientIp } from '@/lib/auth/client-ip'
import { recordAudit, type AuditInput } from '@/lib/db/audit'
import type { Access } from './access'
import type { Permission } from './catalog'
import { getAccess, type AccessState } from './get-access'
import { fail, forbiddenResult, type ActionResult, type FieldErrors } from './result'

/** `null`: any signed-in active member (their own profile, say). */
export type Requirement = Permission | readonly Permission[] | null

function allows(access: Access, req: Requirement) {
  if (req === null) return true
  return typeof req === 'string' ? access.can(req) : access.canAny(req)
}

/**
 * The page gate: one call at the top of every page (or layout) of the signed-in area.
 * Not signed in (or a revoked session) → /login?next=…; suspended → /login with the reason;
 * no workspace chosen → the picker; lacking the permission → the 403 page.
 */
export async function requirePage(req: Requirement = null): Promise<Access> {
  const state = await getAccess()
  if (state.status === 'anonymous') {
    const path = (await headers()).get('x-pathname') ?? '/'
    redirect(`/login?next=${encodeURIComponent(path)}`)
  }
  if (state.status === 'no-workspace') redirect('/select-workspace')
  if (state.status === 'inactive') redirect(`/login?error=${state.reason === 'SUSPENDED' ? 'suspended' : 'invited'}`)
  if (!allows(state.access, req)) forbidden()
  return state.access
}

/**
 * The gate of a route handler (a CSV export, say): the access, or the response to send instead
 * (401 without an active session, 403 without the permission). Never a redirect: callers are
 * downloads and scripts.
 */
export async function requireRoute(req: Requirement): Promise<Access | Response> {
  const state = await getAccess()
  const headers = { 'Cache-Control': 'no-store' }
  if (state.status !== 'ok') return Response.json({ error: 'Sign in to continue.' }, { status: 401, headers })
  if (!allows(state.access, req)) return Response.json({ error: 'You do not have permission to do that.' }, { status: 403, headers })
  return state.access
}

export type AuditDraft = Omit<AuditInput, 'tenantId' | 'actorId' | 'actorEmail' | 'ip'>
export type ActionContext = {
  access: Access
  /** Queue an audit event; it is written when the handler returns ok. */
  audit(event: AuditDraft): void
  ip: string | null
}

type ActionDefinition<S extends z.ZodType> = { permission: Requirement; schema: S }

/** What the security tests enumerate: every action made through defineAction. */
export const actionRegistry: { permission: Requirement | 'public'; schema: z.ZodType }[] = []

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
function parseInput<S extends z.ZodType>(schema: S, input: unknown): { data: z.infer<S> } | { refused: ActionResult<never> } {
  const raw = input instanceof FormData ? Object.fromEntries(input) : input
  const bad = badTextPaths(raw)
  if (bad.length) return { refused: fail('Check the highlighted fields.', Object.fromEntries(bad.map((p) => [p, ['Contains characters that are not allowed (a NUL or a broken character).']]))) }
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

export type ServerAction<R> = ((input: unknown) => Promise<ActionResult<R>>) & {
  /** The gate after the session is read: what tests call with an access state of their choosing. */
  run(state: AccessState, input: unknown, ip?: string | null): Promise<ActionResult<R>>
  /** What the gate requires (the security matrix reads it); 'public' for definePublicAction. */
  permission: Requirement | 'public'
  schema: z.ZodType
}

/**
 * The action gate. Every server action is made with it, and it runs, in order:
 * session → active membership → permission → input validation (zod) → handler → audit.
 * It returns a typed result with every field error; it never throws an expected failure.
 */
export function defineAction<S extends z.ZodType, R = undefined>(
  def: ActionDefinition<S>,
  handler: (input: z.infer<S>, ctx: ActionContext) => Promise<ActionResult<R>>,
): ServerAction<R> {
  actionRegistry.push({ permission: def.permission, schema: def.schema })
  async function run(state: AccessState, input: unknown, ip: string | null = null): Promise<ActionResult<R>> {
    if (state.status !== 'ok') return { ok: false, code: 'unauthenticated', message: 'Your session has ended. Sign in again.' }
    const access = state.access
    if (!allows(access, def.permission)) return forbiddenResult()
    const parsed = parseInput(def.schema, input)
    if ('refused' in parsed) return parsed.refused
    const queued: AuditDraft[] = []
    const result = await handler(parsed.data, { access, audit: (e) => queued.push(e), ip })
    if (result.ok && queued.length) {
      await recordAudit(queued.map((e) => ({ ...e, tenantId: access.tenantId, actorId: access.userId, actorEmail: access.email, ip })))
    }
    return result
  }
  const action = async (input: unknown) => run(await getAccess(), input, clientIp(await headers()))
  return Object.assign(action, { run, permission: def.permission, schema: def.schema })
}

/**
 * An action for people who are not signed in (accepting an invitation). It still validates its
 * input and returns typed results; the handler proves who is calling (a token, a password)
 * and rate limits itself. Kept here so the registry lists it with the gated actions.
 */
export function definePublicAction<S extends z.ZodType, R = undefined>(
  def: { schema: S },
  handler: (input: z.infer<S>, ctx: { ip: string | null }) => Promise<ActionResult<R>>,
): ServerAction<R> {
  actionRegistry.push({ permission: 'public', schema: def.schema })
  async function run(_state: AccessState, input: unknown, ip: string | null = null): Promise<ActionResult<R>> {
    const parsed = parseInput(def.schema, input)
    if ('refused' in parsed) return parsed.refused
    return handler(parsed.data, { ip })
  }
  const action = async (input: unknown) => run({ status: 'anonymous' }, input, clientIp(await headers()))
  return Object.assign(action, { run, permission: 'public' as const, schema: def.schema })
}
