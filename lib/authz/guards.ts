import 'server-only'
import { headers } from 'next/headers'
import { forbidden, redirect } from 'next/navigation'
import { z } from 'zod'
import { clientIp } from '@/lib/auth/client-ip'
import { takeAccessChanges, trackAccessChanges } from '@/lib/db/access-changes'
import { loadAccessInput } from '@/lib/db/access-input'
import { recordAudit, type AuditInput } from '@/lib/db/audit'
import type { AuditAction } from '@/lib/audit-labels'
import { lockWorkspace, openUnitOfWork, readOnly } from '@/lib/db/tx'
import { mailsCommitted } from '@/lib/mail/outbox'
import { Access } from './access'
import { getAccess, type AccessState } from './get-access'
import { checkChange } from './no-escalation'
import { parseInput } from './input'
import { allows, type Requirement } from './requirement'
import { fail, forbiddenResult, type ActionResult } from './result'
import type { Refusal } from './rules'

export { allows, type Requirement }
// The gate of the API (/api/v1): an API key instead of a session.
export { requireApi, type ApiCaller } from './api-gate'

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

type ActionDefinition<S extends z.ZodType> = SideEffects & {
  permission: Requirement
  schema: S
  /** Reads only: no workspace lock, and the database refuses any write (SET TRANSACTION READ ONLY). */
  readOnly?: true
}

/** What the security tests enumerate: every action made through defineAction. */
export const actionRegistry: ({ permission: Requirement | 'public'; schema: z.ZodType } & SideEffects)[] = []

export type ServerAction<R> = ((input: unknown) => Promise<ActionResult<R>>) &
  SideEffects & {
    /** The gate after the session is read: what tests call with an access state of their choosing. */
    run(state: AccessState, input: unknown, ip?: string | null): Promise<ActionResult<R>>
    /** What the gate requires (the security matrix reads it); 'public' for definePublicAction. */
    permission: Requirement | 'public'
    schema: z.ZodType
  }

const UNAUTHENTICATED = { ok: false, code: 'unauthenticated', message: 'Your session has ended. Sign in again.' } as const

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
 * everything back — and writes the audit events in the same transaction. Mails queued in it are
 * delivered by the relay after it commits (lib/mail/relay.ts): the request does not wait on SMTP. A handler's failure result commits whatever it recorded (a failed
 * attempt counted, say); a handler that must undo its writes throws.
 */
async function runChange<R>(
  who: { access: Access; requirement: Requirement } | null,
  opts: { tenantId: string | null; readOnly?: boolean; ip: string | null; audits: readonly AuditAction[] },
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
        const m = who.access.member
        const input = await loadAccessInput(m.userId, m.tenantId)
        if (!input || input.status !== 'ACTIVE') throw new Rollback(UNAUTHENTICATED)
        actor = new Access(input)
        if (!allows(actor, who.requirement)) throw new Rollback(forbiddenResult())
      }
      if (!opts.readOnly) await trackAccessChanges()
      const result = await handler(actor, audit)
      if (opts.readOnly) return result
      const refusal = await checkChange(actor, await takeAccessChanges())
      if (refusal) throw new Rollback(refusalResult(refusal))
      if (result.ok && queued.length && actor) {
        await recordAudit(queued.map((e) => ({ ...e, tenantId: actor.tenantId, actorId: actor.userId, actorEmail: actor.email, ip: opts.ip })))
      }
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
 * session → active membership → permission → input validation (zod) → the change (runChange:
 * handler, checkChange, audit, mail queued) → the relay kicked. It returns a typed result with every field error; it never
 * throws an expected failure.
 */
export function defineAction<S extends z.ZodType, R = undefined>(
  def: ActionDefinition<S>,
  handler: (input: z.infer<S>, ctx: ActionContext) => Promise<ActionResult<R>>,
): ServerAction<R> {
  const effects: SideEffects = { audits: def.audits, mails: def.mails }
  actionRegistry.push({ permission: def.permission, schema: def.schema, ...effects })
  async function run(state: AccessState, input: unknown, ip: string | null = null): Promise<ActionResult<R>> {
    if (state.status !== 'ok') return UNAUTHENTICATED
    if (!allows(state.access, def.permission)) return forbiddenResult()
    const parsed = parseInput(def.schema, input)
    if ('refused' in parsed) return parsed.refused
    return runChange(
      { access: state.access, requirement: def.permission },
      { tenantId: state.access.tenantId, readOnly: def.readOnly, ip, audits: def.audits },
      (access, audit) => handler(parsed.data, { access: access!, audit, ip, sessionId: state.sessionId ?? null }),
    )
  }
  const action = async (input: unknown) => run(await getAccess(), input, clientIp(await headers()))
  return Object.assign(action, { run, permission: def.permission, schema: def.schema, ...effects })
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
  actionRegistry.push({ permission: 'public', schema: def.schema, ...effects })
  async function run(_state: AccessState, input: unknown, ip: string | null = null): Promise<ActionResult<R>> {
    const parsed = parseInput(def.schema, input)
    if ('refused' in parsed) return parsed.refused
    return runChange(null, { tenantId: null, ip, audits: def.audits }, () => handler(parsed.data, { ip }))
  }
  const action = async (input: unknown) => run({ status: 'anonymous' }, input, clientIp(await headers()))
  return Object.assign(action, { run, permission: 'public' as const, schema: def.schema, ...effects })
}
