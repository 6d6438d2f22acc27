import 'server-only'
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { AuditAction } from '@/lib/audit-labels'
import { clientIp } from '@/lib/auth/client-ip'
import { requireApi, type ApiCaller } from '@/lib/authz/api-gate'
import type { ServerAction } from '@/lib/authz/guards'
import { parseInput, zodFieldErrors } from '@/lib/authz/input'
import type { Requirement } from '@/lib/authz/requirement'
import type { ActionResult } from '@/lib/authz/result'
import type { KeyRead } from '@/lib/db/api-keys'
import { apiKeyActor, recordAudit, type AuditInput } from '@/lib/db/audit'
import { findAnswer, storeAnswer } from '@/lib/db/idempotency'
import { problem } from './problem'

// One route of the API, defined once: its method, path, permission and the zod schemas of its
// path parameters, query, body and answer. The registry (registry.ts) lists them; the OpenAPI
// document, the reference page and the API's security matrix are generated from it, and the
// route file exports `route.handle` (through routeHandlers, which answers 405 for the rest).
//
// A route that changes something does it through the server action the app's form calls
// (`ctx.act`): the same gate, input schema, rules, no-escalation check, audit events and mails, in
// one transaction — the key acts as a principal of its own within what its creator holds.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** The largest request body the API reads. */
export const MAX_BODY_BYTES = 1024 * 1024

type Shape = z.ZodObject

type Definition<B extends z.ZodType | undefined, R extends z.ZodType, P extends Shape | undefined, Q extends Shape | undefined> = {
  method: HttpMethod
  /** The URL path, e.g. /api/v1/members/{memberId} (the route file is app/api/v1/members/[memberId]/route.ts). */
  path: `/api/v1/${string}`
  operationId: string
  summary: string
  description: string
  /** What the key must hold; 'public' for a route without a key (the OpenAPI document). */
  permission: Requirement | 'public'
  /** The path parameters (every `{name}` of the path), e.g. { memberId }. A value they refuse is a 404. */
  params?: P
  /** The query parameters; a value they refuse is a 422 naming the parameter. */
  query?: Q
  /** The JSON body's schema (validated before the handler runs); none for a route without a body. */
  body?: B
  /** A valid body: shown in the OpenAPI document, and what the API's security matrix sends. */
  example?: B extends z.ZodType ? z.input<B> : never
  /** The schema of a successful answer. */
  response: R
  /** 201 Created instead of 200 (a route that makes something); `location` names it. */
  created?: { location?: (answer: z.output<R>) => string }
  /** The audit events the handler itself may write (with the key as the actor); none for most. */
  audits?: readonly AuditAction[]
  /**
   * The server actions the route calls with `ctx.act`: it changes what they change, under their
   * rules, and writes their audit events (the route's `audits` lists them too).
   */
  via?: readonly Pick<ServerAction<unknown>, 'permission' | 'audits' | 'mails'>[]
  /** The answer's version, sent as a strong ETag; updates of the same resource take If-Match. */
  etag?: (answer: z.output<R>) => number
  /**
   * The route's one read, made in the statement that loads the API key (lib/db/api-keys.ts
   * KeyRead): one round trip for the request. Built from the valid body; null: nothing to read.
   * The handler finds the row in `ctx.caller.read`.
   */
  readWithKey?: (input: B extends z.ZodType ? z.output<B> : undefined) => KeyRead | null
  /** The route takes If-Match (ctx.ifMatch): an update of a resource whose GET sends an ETag. */
  ifMatch?: true
  /** A POST that changes something: an Idempotency-Key makes a retry answer what the first call did. */
  idempotent?: true
}

export type AuditDraft = Omit<AuditInput, 'tenantId' | 'actorId' | 'actorKeyId' | 'actorEmail' | 'ip'>

export type ApiContext<P, Q> = {
  /** The key and the access it acts with (null for a public route). */
  caller: ApiCaller | null
  request: Request
  params: P
  query: Q
  /** Queue an audit event with the key as its actor; written when the handler answers. */
  audit(event: AuditDraft): void
  /**
   * Runs a server action as the key, and builds the answer from its result inside the same
   * transaction (`respond` reads with the transaction's view). An Idempotency-Key is looked up
   * and its answer stored in that transaction too. A failed result ends the request with its
   * problem details (401, 403, 404, 409, 422).
   */
  act<T, O>(action: ServerAction<T>, input: unknown, respond: (data: T | undefined) => Promise<O>, opts?: ActOptions): Promise<O>
  /** The versions named by If-Match (null without the header, or for `*`). */
  ifMatch: number[] | null
}

export type ActOptions = {
  /** The action's field name as the route's body names it (`rows.0.email` → `email`); null: not a body field. */
  field?: (name: string) => string | null
}

export type ApiRoute = Omit<Definition<z.ZodType | undefined, z.ZodType, Shape | undefined, Shape | undefined>, 'example' | 'audits' | 'readWithKey'> & {
  example?: unknown
  /** Every audit event a call may write: the handler's and its actions'. */
  audits: readonly AuditAction[]
  /** The route handler: what app/<path>/route.ts exports as the method. */
  handle(request: Request): Promise<Response>
}

/** Ends a request early with this answer (a problem, or an idempotent replay). */
export class ApiAnswer {
  constructor(readonly response: Response) {}
}

/** The body as text, read until `max` bytes and no further (a body sent without Content-Length too); null when longer. */
async function readAtMost(request: Request, max: number): Promise<string | null> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function readJson(request: Request): Promise<{ body: unknown } | { refused: Response }> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim()))
    return { refused: problem('unsupported_media_type', 'Send the body as JSON, with “Content-Type: application/json”.') }
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) return { refused: problem('body_too_large', `The body may hold at most ${MAX_BODY_BYTES} bytes.`) }
  const text = await readAtMost(request, MAX_BODY_BYTES)
  if (text === null) return { refused: problem('body_too_large', `The body may hold at most ${MAX_BODY_BYTES} bytes.`) }
  try {
    return { body: JSON.parse(text) as unknown }
  } catch {
    return { refused: problem('invalid_json', 'The body is not valid JSON.') }
  }
}

type Body = { data: unknown; text: string } | { refused: (headers: Record<string, string> | undefined) => Response }

/** The JSON body validated by its schema: the input, or the problem to answer (415, 413, 400; 422 with every field error). */
async function readBody(request: Request, schema: z.ZodType): Promise<Body> {
  const read = await readJson(request)
  if ('refused' in read) {
    const refused = read.refused
    return { refused: (headers) => withHeaders(refused, headers) }
  }
  const parsed = parseInput(schema, read.body)
  if ('refused' in parsed) {
    const r = parsed.refused
    return {
      refused: (headers) =>
        problem('invalid_request', 'The request has invalid fields: see errors.', {
          headers,
          errors: !r.ok && r.fieldErrors ? r.fieldErrors : { _form: [r.ok ? '' : r.message] },
        }),
    }
  }
  return { data: parsed.data, text: JSON.stringify(read.body) }
}

/** The path template as a pattern: `{memberId}` matches one segment. */
export function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => (/^\{[A-Za-z]+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}/?$`)
}

/** The path parameters a template names, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1])
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/

/** If-Match: the versions it names, null for none or `*`; undefined for a value that names none (400). */
function parseIfMatch(header: string | null): number[] | null | undefined {
  if (header === null || header.trim() === '*') return null
  const versions = header.split(',').map((t) => /^\s*"(\d{1,9})"\s*$/.exec(t)?.[1])
  return versions.every((v) => v !== undefined) ? versions.map(Number) : undefined
}

/** A failed action result as the problem details of the API. */
export function resultProblem(r: Extract<ActionResult<unknown>, { ok: false }>, headers?: Record<string, string>): Response {
  switch (r.code) {
    case 'unauthenticated':
      return problem('invalid_key', r.message, { headers })
    case 'two_factor_required':
      return problem('creator_two_factor_required', r.message, { headers })
    case 'forbidden':
      return problem('forbidden', r.message, { headers })
    case 'not_found':
      return problem('not_found', r.message, { headers })
    case 'conflict':
      // A name another record has: which field, as for a 422.
      return problem('conflict', r.message, { headers, ...(r.fieldErrors && { errors: r.fieldErrors }) })
    case 'limit':
      return problem('limit_reached', r.message, { headers })
    default:
      return problem('invalid_request', r.message, { headers, ...(r.fieldErrors && { errors: r.fieldErrors }) })
  }
}

/**
 * A route of the API. `handle` runs, in order: the key (requireApi: 401, 429, 403), the path
 * parameters (404), the query (422), If-Match and Idempotency-Key (400), the body (415, 413, 400,
 * then the schema: 422 with every field error), the handler, the audit events it queued; the
 * answer is JSON with the key's RateLimit headers. An unexpected error is logged and answered
 * 500 without its details.
 */
export function defineApiRoute<
  B extends z.ZodType | undefined,
  R extends z.ZodType,
  P extends Shape | undefined = undefined,
  Q extends Shape | undefined = undefined,
>(
  def: Definition<B, R, P, Q>,
  handler: (
    input: B extends z.ZodType ? z.output<B> : undefined,
    ctx: ApiContext<P extends Shape ? z.output<P> : Record<string, never>, Q extends Shape ? z.output<Q> : Record<string, never>>,
  ) => Promise<z.input<R>>,
): ApiRoute {
  const pattern = pathPattern(def.path)
  const status = def.created ? 201 : 200
  async function handle(request: Request): Promise<Response> {
    try {
      // A route that reads with the key reads its body once the gate has seen a key, so that its
      // read rides in the key's statement; a body it refuses is answered after the gate's refusals.
      let body: Body | undefined
      const { body: schema, readWithKey } = def
      const keyRead =
        schema && readWithKey
          ? async () => {
              body = await readBody(request, schema)
              return 'data' in body ? readWithKey(body.data as never) : null
            }
          : null
      const gate = def.permission === 'public' ? null : await requireApi(request, def.permission, keyRead)
      if (gate instanceof Response) return gate
      const caller: ApiCaller | null = gate
      const rate = caller?.headers
      const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...rate }
      const url = new URL(request.url)

      let params: unknown = {}
      if (def.params) {
        const raw = Object.fromEntries(Object.entries(pattern.exec(url.pathname)?.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]))
        const parsed = def.params.safeParse(raw)
        if (!parsed.success) return problem('not_found', 'Nothing of this workspace is at this address.', { headers: rate })
        params = parsed.data
      }
      let query: unknown = {}
      if (def.query) {
        const parsed = def.query.safeParse(Object.fromEntries(url.searchParams))
        if (!parsed.success)
          return problem('invalid_request', 'The request has invalid query parameters: see errors.', {
            headers: rate,
            parameters: zodFieldErrors(parsed.error),
          })
        query = parsed.data
      }
      const ifMatch = def.ifMatch ? parseIfMatch(request.headers.get('if-match')) : null
      if (ifMatch === undefined) return problem('invalid_header', 'If-Match must name versions as the ETag gives them, e.g. If-Match: "3".', { headers: rate })
      const idemKey = def.idempotent ? request.headers.get('idempotency-key') : null
      if (idemKey !== null && !IDEMPOTENCY_KEY.test(idemKey))
        return problem('invalid_header', 'Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID.', { headers: rate })

      let input: unknown = undefined
      let bodyText = ''
      if (def.body) {
        const read: Body = body ?? (await readBody(request, def.body))
        if ('refused' in read) return read.refused(rate)
        bodyText = read.text
        input = read.data
      }

      const queued: AuditDraft[] = []
      const audit = (e: AuditDraft) => {
        if (!def.audits?.includes(e.action)) throw new Error(`The route writes audit event "${e.action}", which it does not declare (defineApiRoute audits).`)
        queued.push(e)
      }
      const fingerprint = createHash('sha256').update(`${def.method} ${url.pathname}\n${bodyText}`).digest('base64url')
      async function act<T, O>(action: ServerAction<T>, actionInput: unknown, respond: (data: T | undefined) => Promise<O>, opts: ActOptions = {}): Promise<O> {
        if (!caller) throw new Error('A public route cannot act.')
        if (!def.via?.includes(action as never)) throw new Error(`${def.method} ${def.path} calls an action it does not list in \`via\`.`)
        let answer: O | undefined
        const keyId = caller.key.id
        const result = await action.run({ status: 'ok', access: caller.access, sessionId: null }, actionInput, clientIp(request.headers), {
          before: idemKey
            ? async () => {
                const prior = await findAnswer(keyId, idemKey)
                if (!prior) return
                if (prior.fingerprint !== fingerprint)
                  throw new ApiAnswer(
                    problem(
                      'idempotency_key_reused',
                      'This Idempotency-Key was used with another request in the last 24 hours. Use a new key for a new request.',
                      {
                        headers: rate,
                      },
                    ),
                  )
                throw new ApiAnswer(Response.json(prior.body, { status: prior.status, headers: { ...headers, 'Idempotent-Replayed': 'true' } }))
              }
            : undefined,
          after: async (result) => {
            answer = await respond(result.data)
            if (idemKey) await storeAnswer(keyId, idemKey, { fingerprint, status, body: answer as unknown })
          },
        })
        if (!result.ok) throw new ApiAnswer(resultProblem(renamed(result, opts.field), rate))
        return answer as O
      }

      const result = await handler(input as never, { caller, request, params: params as never, query: query as never, audit, act, ifMatch })
      if (queued.length && caller)
        await recordAudit(queued.map((e) => ({ ...e, tenantId: caller.key.tenantId, ...apiKeyActor(caller.key), ip: clientIp(request.headers) })))
      const answerHeaders: Record<string, string> = { ...headers }
      if (def.etag) answerHeaders.ETag = `"${def.etag(result as never)}"`
      if (def.created?.location) answerHeaders.Location = def.created.location(result as never)
      return Response.json(result, { status, headers: answerHeaders })
    } catch (e) {
      if (e instanceof ApiAnswer) return e.response
      console.error(`[api] ${def.method} ${def.path} failed:`, e)
      return problem('internal_error', 'Something went wrong on our side. Try again later.')
    }
  }
  const audits = [...new Set([...(def.audits ?? []), ...(def.via ?? []).flatMap((a) => a.audits)])]
  return { ...def, audits, handle } as unknown as ApiRoute
}

/** A failure's field errors under the route's names; errors of fields the body does not have become the form's. */
function renamed<R extends Extract<ActionResult<unknown>, { ok: false }>>(r: R, field: ActOptions['field']): R {
  if (!field || !r.fieldErrors) return r
  const errors: Record<string, string[]> = {}
  for (const [name, messages] of Object.entries(r.fieldErrors)) (errors[field(name) ?? '_form'] ??= []).push(...messages)
  return { ...r, fieldErrors: errors }
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

function withHeaders(response: Response, headers: Record<string, string> | undefined): Response {
  for (const [k, v] of Object.entries(headers ?? {})) response.headers.set(k, v)
  return response
}

/** The problem a throw ends the request with: for handlers that find nothing at the address. */
export function notFound(what: string, headers?: Record<string, string>): ApiAnswer {
  return new ApiAnswer(problem('not_found', `${what} was not found in this workspace.`, { headers }))
}

/** Ends the request with 412 unless If-Match names the version `what` is at (without If-Match: no condition). */
export function precondition(ctx: Pick<ApiContext<unknown, unknown>, 'ifMatch' | 'caller'>, what: string, version: number): void {
  if (ctx.ifMatch && !ctx.ifMatch.includes(version))
    throw new ApiAnswer(
      problem('precondition_failed', `${what} changed since that version: it is at version ${version} now. Read it again.`, {
        headers: { ...ctx.caller?.headers, ETag: `"${version}"` },
      }),
    )
}

/** A list's `cursor` that is not one of its own: 422 naming the parameter. */
export function badCursor(headers?: Record<string, string>): ApiAnswer {
  return new ApiAnswer(
    problem('invalid_request', 'The cursor does not belong to this list: pass a `nextCursor` it gave.', {
      headers,
      parameters: { cursor: ['Not a cursor of this list.'] },
    }),
  )
}
