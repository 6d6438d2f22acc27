import 'server-only'
import { headers } from 'next/headers'
import { forbidden, redirect } from 'next/navigation'
import { z } from 'zod'
import { clientIp } from '@/lib/auth/client-ip'
import { takeAccessChanges, trackAccessChanges } from '@/lib/db/access-changes'
import { loadAccessInput } from '@/lib/db/access-input'
import { loadApiKeyById } from '@/lib/db/api-keys'
import { auditActor, recordAudit, type AuditInput } from '@/lib/db/audit'
import type { AuditAction } from '@/lib/audit-labels'
import { lockWorkspace, openUnitOfWork, readOnly } from '@/lib/db/tx'
import { mailsCommitted } from '@/lib/mail/outbox'
import { queueWebhookEvents } from '@/lib/webhooks/queue'
import { Access } from './access'
import { getAccess, type AccessState } from './get-access'
import { checkChange } from './no-escalation'
import { parseInput } from './input'
import { allows, type Requirement } from './requirement'
import { fail, forbiddenResult, TWO_FACTOR_REQUIRED_MESSAGE, twoFactorRequiredResult, type ActionResult } from './result'
import type { Refusal } from './rules'

export { allows, type Requirement }
// The gate of the API (/api/v1): an API key instead of a session.
export { requireApi, type ApiCaller } from './api-gate'

/** Where a member is sent to set up two-factor sign-in when their workspace requires it. */
export const TWO_FACTOR_SETUP_PATH = '/profile/two-factor'

export type GateOptions = {
  /**
   * Reachable while the workspace requires two-factor sign-in and the member has not set it up
   * (access.twoFactorPending): their profile, setting it up, the shell around them. Everything
   * else sends them to set it up first. The reviewed table lists who opts out
   * (tests/support/requirements.ts BEFORE_TWO_FACTOR).
   */
  beforeTwoFactor?: true
}

/** What a page gate decides for an access state: go on with the access, go elsewhere, or the 403 page. */
export type PageOutcome = { access: Access } | { redirect: string } | { forbidden: true }

/**
 * The page gate's decision, from the state alone (requirePage applies it; tests call it with the
 * state a request's cookie gives). `path` is where the visitor is, for sign-in's ?next=.
 */
export function pageOutcome(state: AccessState, req: Requirement, path: string, opts: GateOptions = {}): PageOutcome {
  if (state.status === 'anonymous') return { redirect: `/login?next=${encodeURIComponent(path)}` }
  if (state.status === 'no-workspace') return { redirect: '/select-workspace' }
  if (state.status === 'inactive') return { redirect: `/login?error=${state.reason === 'SUSPENDED' ? 'suspended' : 'invited'}` }
  if (state.access.twoFactorPending && !opts.beforeTwoFactor) return { redirect: TWO_FACTOR_SETUP_PATH }
  if (!allows(state.access, req)) return { forbidden: true }
  return { access: state.access }
}

/**
 * The page gate: one call at the top of every page (or layout) of the signed-in area.
 * Not signed in (or a revoked session) → /login?next=…; suspended → /login with the reason;
 * no workspace chosen → the picker; two-factor required and not set up → setting it up (unless
 * the page opts out: `requirePage(req, { beforeTwoFactor: true })`); lacking the permission →
 * the 403 page.
 */
export async function requirePage(req: Requirement = null, opts: GateOptions = {}): Promise<Access> {
  const state = await getAccess()
  const path = state.status === 'anonymous' ? ((await headers()).get('x-pathname') ?? '/') : ''
  const outcome = pageOutcome(state, req, path, opts)
  if ('redirect' in outcome) redirect(outcome.redirect)
  if ('forbidden' in outcome) forbidden()
  return outcome.access
}

const NO_STORE = { 'Cache-Control': 'no-store' }

/**
 * RFC 9457 problem details for a member whose workspace requires two-factor sign-in they have not
 * set up: a 403 a script can tell from a missing permission by its `type` (a tag URI: it names
 * the problem, nothing to fetch) and `code`, with where to set it up.
 */
export function twoFactorProblem(): Response {
  return Response.json(
    {
      type: 'tag:teamgate,2026:two-factor-required',
      title: 'Two-factor sign-in required',
      status: 403,
      detail: TWO_FACTOR_REQUIRED_MESSAGE,
      code: 'two_factor_required',
      setup: TWO_FACTOR_SETUP_PATH,
    },
    { status: 403, headers: { ...NO_STORE, 'Content-Type': 'application/problem+json' } },
  )
}

/** The route gate's decision, from the state alone (requireRoute applies it to the request's). */
export function routeOutcome(state: AccessState, req: Requirement, opts: GateOptions = {}): Access | Response {
  if (state.status !== 'ok') return Response.json({ error: 'Sign in to continue.' }, { status: 401, headers: NO_STORE })
  if (state.access.twoFactorPending && !opts.beforeTwoFactor) return twoFactorProblem()
  if (!allows(state.access, req)) return Response.json({ error: 'You do not have permission to do that.' }, { status: 403, headers: NO_STORE })
  return state.access
}

/**
 * The gate of a route handler (a CSV export, say): the access, or the response to send instead
 * (401 without an active session; 403 problem details while two-factor sign-in is required and
 * not set up; 403 without the permission). Never a redirect: callers are downloads and scripts.
 */
export async function requireRoute(req: Requirement, opts: GateOptions = {}): Promise<Access | Response> {
  return routeOutcome(await getAccess(), req, opts)
}

export type AuditDraft = Omit<AuditInput, 'tenantId' | 'actorId' | 'actorEmail' | 'ip'>
export type ActionContext = {
  access: Access
  /** Queue an audit event; it is written, in the change's transaction, when the handler returns ok. */
  audit(event: AuditDraft): void
  ip: string | null
  /** The session the request is made in (the profile's session list tells it from the others). */
  sessionId: string | null
}

/** What a change leaves behind besides its rows: the audit events it writes, and whether it sends mail. */
export type SideEffects = {
  /** The audit actions it may write (`member.suspend`…); the gate refuses to write any other. */
  audits: readonly AuditAction[]
  /** 'always': every successful call queues mail; 'maybe': some do; absent: never. */
  mails?: 'always' | 'maybe'
}

type ActionDefinition<S extends z.ZodType> = SideEffects &
  GateOptions & {
    permission: Requirement
    schema: S
    /** Reads only: no workspace lock, and the database refuses any write (SET TRANSACTION READ ONLY). */
    readOnly?: true
  }

/** What the security tests enumerate: every action made through defineAction. */
export const actionRegistry: ({ permission: Requirement | 'public'; schema: z.ZodType; beforeTwoFactor: boolean } & SideEffects)[] = []

export type ServerAction<R> = ((input: unknown) => Promise<ActionResult<R>>) &
  SideEffects & {
    /** The gate after the session is read: what tests call with an access state of their choosing. */
    run(state: AccessState, input: unknown, ip?: string | null, hooks?: ChangeHooks<R>): Promise<ActionResult<R>>
    /** What the gate requires (the security matrix reads it); 'public' for definePublicAction. */
    permission: Requirement | 'public'
    schema: z.ZodType
    /** Callable while the workspace requires two-factor sign-in the caller has not set up (GateOptions). */
    beforeTwoFactor: boolean
  }

const UNAUTHENTICATED = { ok: false, code: 'unauthenticated', message: 'Your session has ended. Sign in again.' } as const
const KEY_UNUSABLE = { ok: false, code: 'unauthenticated', message: 'This API key was revoked or has expired.' } as const

/**
 * Work a caller adds to a change's transaction (the API: an Idempotency-Key looked up under the
 * workspace lock, the answer built and stored before the commit). `before` runs once the actor
 * is re-read and may throw to end the change; `after` runs on success, after the audit events.
 */
export type ChangeHooks<R> = {
  before?: () => Promise<void>
  after?: (result: Extract<ActionResult<R>, { ok: true }>) => Promise<void>
}

/**
 * The actor as they are now, read under the change's lock: the member's access; or, for an API
 * key, the key again (revoked or expired meanwhile: the change stops) within its creator's
 * access now. Null when neither can act any more.
 */
async function reloadActor(was: Access): Promise<Access> {
  const m = was.member
  if (was.apiKey) {
    const key = await loadApiKeyById(was.apiKey.id)
    if (!key || key.revoked || key.expired) throw new Rollback(KEY_UNUSABLE)
    if (!key.creator || key.creator.status !== 'ACTIVE') throw new Rollback(UNAUTHENTICATED)
    return new Access(key.creator, key.permissions, { id: key.id, name: key.name })
  }
  const input = await loadAccessInput(m.userId, m.tenantId)
  if (!input || input.status !== 'ACTIVE') throw new Rollback(UNAUTHENTICATED)
  return new Access(input)
}

/** A result that ends the change's transaction with a rollback. */
class Rollback {
  constructor(readonly result: ActionResult<never>) {}
}

export function refusalResult(r: Refusal): ActionResult<never> {
  return fail(r.message, r.field ? { [r.field]: [r.message] } : undefined, r.code ?? 'forbidden')
}

/**
 * Runs a change: ONE transaction that holds the workspace lock (unless read only), re-reads the
 * actor's access under it, tracks every row of the tables that decide access, runs the handler,
 * then lets checkChange judge what really happened (lib/authz/no-escalation.ts) — a refusal rolls
 * everything back — and writes the audit events and the webhook events derived from them and from
 * the log (lib/webhooks/queue.ts) in the same transaction. Mails queued in it are
 * delivered by the relay after it commits (lib/mail/relay.ts): the request does not wait on SMTP. A handler's failure result commits whatever it recorded (a failed
 * attempt counted, say); a handler that must undo its writes throws.
 */
async function runChange<R>(
  who: { access: Access; requirement: Requirement; beforeTwoFactor: boolean } | null,
  opts: { tenantId: string | null; readOnly?: boolean; ip: string | null; audits: readonly AuditAction[]; hooks?: ChangeHooks<R> },
  handler: (access: Access | null, audit: (e: AuditDraft) => void) => Promise<ActionResult<R>>,
): Promise<ActionResult<R>> {
  const queued: AuditDraft[] = []
  const audit = (e: AuditDraft) => {
    // An event the action does not declare is a mistake in the code, not in the request.
    if (!opts.audits.includes(e.action)) throw new Error(`The action writes audit event "${e.action}", which it does not declare (defineAction audits).`)
    queued.push(e)
  }
  let outcome
  try {
    outcome = await openUnitOfWork(async (tx) => {
      if (opts.readOnly) await readOnly(tx)
      else if (opts.tenantId) await lockWorkspace(tx, opts.tenantId)
      let actor: Access | null = null
      if (who) {
        actor = await reloadActor(who.access)
        if (actor.twoFactorPending && !who.beforeTwoFactor) throw new Rollback(twoFactorRequiredResult())
        if (!allows(actor, who.requirement)) throw new Rollback(forbiddenResult())
      }
      await opts.hooks?.before?.()
      if (!opts.readOnly) await trackAccessChanges()
      const result = await handler(actor, audit)
      if (opts.readOnly) return result
      const log = await takeAccessChanges()
      const refusal = await checkChange(actor, log)
      if (refusal) throw new Rollback(refusalResult(refusal))
      if (result.ok && queued.length && actor) {
        await recordAudit(queued.map((e) => ({ ...e, tenantId: actor.tenantId, ...auditActor(actor), ip: opts.ip })))
      }
      await queueWebhookEvents(log, actor)
      if (result.ok) await opts.hooks?.after?.(result)
      return result
    })
  } catch (e) {
    if (e instanceof Rollback) return e.result
    throw e
  }
  const { value: result, work } = outcome
  await mailsCommitted(work.mails)
  return result
}

/**
 * The action gate. Every server action is made with it, and it runs, in order:
 * session → active membership → two-factor sign-in set up where the workspace requires it (unless
 * the definition says `beforeTwoFactor: true`) → permission → input validation (zod) → the change
 * (runChange: handler, checkChange, audit, mail queued) → the relay kicked. It returns a typed
 * result with every field error; it never throws an expected failure.
 */
export function defineAction<S extends z.ZodType, R = undefined>(
  def: ActionDefinition<S>,
  handler: (input: z.infer<S>, ctx: ActionContext) => Promise<ActionResult<R>>,
): ServerAction<R> {
  const effects: SideEffects = { audits: def.audits, mails: def.mails }
  const beforeTwoFactor = def.beforeTwoFactor === true
  actionRegistry.push({ permission: def.permission, schema: def.schema, beforeTwoFactor, ...effects })
  async function run(state: AccessState, input: unknown, ip: string | null = null, hooks?: ChangeHooks<R>): Promise<ActionResult<R>> {
    if (state.status !== 'ok') return UNAUTHENTICATED
    if (state.access.twoFactorPending && !beforeTwoFactor) return twoFactorRequiredResult()
    if (!allows(state.access, def.permission)) return forbiddenResult()
    const parsed = parseInput(def.schema, input)
    if ('refused' in parsed) return parsed.refused
    return runChange(
      { access: state.access, requirement: def.permission, beforeTwoFactor },
      { tenantId: state.access.tenantId, readOnly: def.readOnly, ip, audits: def.audits, hooks },
      (access, audit) => handler(parsed.data, { access: access!, audit, ip, sessionId: state.sessionId ?? null }),
    )
  }
  const action = async (input: unknown) => run(await getAccess(), input, clientIp(await headers()))
  return Object.assign(action, { run, permission: def.permission, schema: def.schema, beforeTwoFactor, ...effects })
}

/**
 * An action for people who are not signed in (accepting an invitation). It still validates its
 * input, returns typed results and runs as a checked change whose actor holds nothing: the only
 * change it may make is an invitee accepting their own invitation. The handler proves who is
 * calling (a token, a password) and rate limits itself.
 */
export function definePublicAction<S extends z.ZodType, R = undefined>(
  def: SideEffects & { schema: S },
  handler: (input: z.infer<S>, ctx: { ip: string | null }) => Promise<ActionResult<R>>,
): ServerAction<R> {
  const effects: SideEffects = { audits: def.audits, mails: def.mails }
  actionRegistry.push({ permission: 'public', schema: def.schema, beforeTwoFactor: true, ...effects })
  async function run(_state: AccessState, input: unknown, ip: string | null = null): Promise<ActionResult<R>> {
    const parsed = parseInput(def.schema, input)
    if ('refused' in parsed) return parsed.refused
    return runChange(null, { tenantId: null, ip, audits: def.audits }, () => handler(parsed.data, { ip }))
  }
  const action = async (input: unknown) => run({ status: 'anonymous' }, input, clientIp(await headers()))
  return Object.assign(action, { run, permission: 'public' as const, schema: def.schema, beforeTwoFactor: true, ...effects })
}
