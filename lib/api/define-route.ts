import 'server-only'
import { z } from 'zod'
import type { AuditAction } from '@/lib/audit-labels'
import { clientIp } from '@/lib/auth/client-ip'
import { requireApi, type ApiCaller } from '@/lib/authz/api-gate'
import { parseInput } from '@/lib/authz/input'
import type { Requirement } from '@/lib/authz/requirement'
import { recordAudit, type AuditInput } from '@/lib/db/audit'
import { problem } from './problem'

// One route of the API, defined once: its method, path, permission and the zod schemas of its
// body and its answer. The registry (registry.ts) lists them; the OpenAPI document and the API's
// security matrix are generated from it, and the route file exports `route.handle`.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The largest request body the API reads. */
export const MAX_BODY_BYTES = 1024 * 1024

type Definition<B extends z.ZodType | undefined, R extends z.ZodType> = {
  method: HttpMethod
  /** The URL path, e.g. /api/v1/authorize (the route file is app/<path>/route.ts). */
  path: `/api/v1/${string}`
  operationId: string
  summary: string
  description: string
  /** What the key must hold; 'public' for a route without a key (the OpenAPI document). */
  permission: Requirement | 'public'
  /** The JSON body's schema (validated before the handler runs); none for a route without a body. */
  body?: B
  /** A valid body: shown in the OpenAPI document, and what the API's security matrix sends. */
  example?: B extends z.ZodType ? z.input<B> : never
  /** The schema of a successful (200) answer. */
  response: R
  /** The audit events a call may write (with the key as the actor). */
  audits: readonly AuditAction[]
}

export type AuditDraft = Omit<AuditInput, 'tenantId' | 'actorId' | 'actorKeyId' | 'actorEmail' | 'ip'>

export type ApiContext = {
  /** The key and the access it acts with (null for a public route). */
  caller: ApiCaller | null
  request: Request
  /** Queue an audit event with the key as its actor; written when the handler answers. */
  audit(event: AuditDraft): void
}

export type ApiRoute = Omit<Definition<z.ZodType | undefined, z.ZodType>, 'example'> & {
  example?: unknown
  /** The route handler: what app/<path>/route.ts exports as the method. */
  handle(request: Request): Promise<Response>
}

/** The audit log's actor for a key: a principal of its own, "API key <name>". */
export function keyActor(key: ApiCaller['key']) {
  return { actorId: null, actorKeyId: key.id, actorEmail: `API key ${key.name}` }
}

async function readJson(request: Request): Promise<{ body: unknown } | { refused: Response }> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim()))
    return { refused: problem('unsupported_media_type', 'Send the body as JSON, with “Content-Type: application/json”.') }
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) return { refused: problem('body_too_large', `The body may hold at most ${MAX_BODY_BYTES} bytes.`) }
  const text = await request.text()
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { refused: problem('body_too_large', `The body may hold at most ${MAX_BODY_BYTES} bytes.`) }
  try {
    return { body: JSON.parse(text) as unknown }
  } catch {
    return { refused: problem('invalid_json', 'The body is not valid JSON.') }
  }
}

/**
 * A route of the API. `handle` runs, in order: the key (requireApi: 401, 429, 403), the body
 * (415, 413, 400, then the schema: 422 with every field error), the handler, the audit events
 * it queued; the answer is JSON with the key's RateLimit headers. An unexpected error is logged
 * and answered 500 without its details.
 */
export function defineApiRoute<B extends z.ZodType | undefined, R extends z.ZodType>(
  def: Definition<B, R>,
  handler: (input: B extends z.ZodType ? z.output<B> : undefined, ctx: ApiContext) => Promise<z.input<R>>,
): ApiRoute {
  async function handle(request: Request): Promise<Response> {
    try {
      const caller = def.permission === 'public' ? null : await requireApi(request, def.permission)
      if (caller instanceof Response) return caller
      const headers = { 'Cache-Control': 'no-store', ...caller?.headers }
      let input: unknown = undefined
      if (def.body) {
        const read = await readJson(request)
        if ('refused' in read) return withHeaders(read.refused, caller?.headers)
        const parsed = parseInput(def.body, read.body)
        if ('refused' in parsed) {
          const r = parsed.refused
          return problem('invalid_request', 'The request has invalid fields: see errors.', {
            headers: caller?.headers,
            errors: !r.ok && r.fieldErrors ? r.fieldErrors : { _form: [r.ok ? '' : r.message] },
          })
        }
        input = parsed.data
      }
      const queued: AuditDraft[] = []
      const audit = (e: AuditDraft) => {
        if (!def.audits.includes(e.action)) throw new Error(`The route writes audit event "${e.action}", which it does not declare (defineApiRoute audits).`)
        queued.push(e)
      }
      const result = await handler(input as never, { caller, request, audit })
      if (queued.length && caller)
        await recordAudit(queued.map((e) => ({ ...e, tenantId: caller.key.tenantId, ...keyActor(caller.key), ip: clientIp(request.headers) })))
      return Response.json(result, { headers })
    } catch (e) {
      console.error(`[api] ${def.method} ${def.path} failed:`, e)
      return problem('internal_error', 'Something went wrong on our side. Try again later.')
    }
  }
  return { ...def, handle } as ApiRoute
}

function withHeaders(response: Response, headers: Record<string, string> | undefined): Response {
  for (const [k, v] of Object.entries(headers ?? {})) response.headers.set(k, v)
  return response
}
