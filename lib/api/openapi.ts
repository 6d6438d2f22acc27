import { z } from 'zod'
import { pathParams, type ApiRoute } from './define-route'
import { problemSchema } from './problem'

// The OpenAPI 3.1 document of the API, generated from the route registry: each route's method,
// path, permission and the zod schemas it validates its body with and answers with (zod's own
// JSON Schema output, draft 2020-12, which OpenAPI 3.1 uses). Nothing here is written by hand
// but the words around the schemas: a route added to the registry is in the document.

type JsonSchema = Record<string, unknown>
type Components = Record<string, JsonSchema>

/** A zod schema as JSON Schema; schemas with a `meta({ id })` go to components and are referred to. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Components): JsonSchema {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema
  const defs = (json.$defs ?? {}) as Components
  delete json.$defs
  delete json.$schema
  for (const [id, def] of Object.entries(defs)) {
    const moved = refsToComponents(def) as JsonSchema
    if (components[id] && JSON.stringify(components[id]) !== JSON.stringify(moved)) throw new Error(`Two different schemas are named ${id} in the API document`)
    components[id] = moved
  }
  return refsToComponents(json) as JsonSchema
}

function refsToComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(refsToComponents)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : refsToComponents(v)]),
  )
}

const RATE_HEADERS = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimit-Limit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimit-Remaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimit-Reset' },
  'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
}

const problemResponse = (description: string, headers: Record<string, unknown> = {}) => ({
  description,
  headers,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

/** The group of a route in the document and the reference: its first segment after /api/v1. */
export function tagOf(path: string): string {
  const first = path.split('/')[3] ?? ''
  return first
    .replace(/\.json$/, '')
    .replaceAll('-', ' ')
    .replace(/^./, (c) => c.toUpperCase())
}

/** The document for these routes. `serverUrl`: where the API is (the request's origin). */
export function openApiDocument(routes: readonly ApiRoute[], serverUrl?: string) {
  const components: Components = {}
  schemaOf(problemSchema, 'output', components)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const keyed = r.permission !== 'public'
    const permission =
      r.permission === null ? 'any working key, whatever it holds' : typeof r.permission === 'string' ? r.permission : r.permission?.join(' or ')
    const okHeaders: Record<string, unknown> = { ...(keyed ? RATE_HEADERS : {}) }
    if (r.etag) okHeaders.ETag = { $ref: '#/components/headers/ETag' }
    if (r.created?.location) okHeaders.Location = { description: 'Where the new resource is.', schema: { type: 'string' } }
    if (r.idempotent) okHeaders['Idempotent-Replayed'] = { $ref: '#/components/headers/Idempotent-Replayed' }
    const responses: Record<string, unknown> = {
      [r.created ? 201 : 200]: {
        description: r.created ? 'Created' : 'OK',
        headers: okHeaders,
        content: { 'application/json': { schema: schemaOf(r.response, 'output', components) } },
      },
    }
    const parameters: unknown[] = []
    for (const name of pathParams(r.path)) {
      const schema = r.params?.shape[name] as z.ZodType | undefined
      if (!schema) throw new Error(`${r.method} ${r.path}: the path parameter ${name} has no schema (defineApiRoute params)`)
      parameters.push({ name, in: 'path', required: true, schema: schemaOf(schema, 'input', components) })
    }
    if (r.query)
      for (const [name, schema] of Object.entries(r.query.shape as Record<string, z.ZodType>)) {
        const json = schemaOf(schema, 'input', components)
        parameters.push({
          name,
          in: 'query',
          required: !schema.safeParse(undefined).success,
          ...(json.description ? { description: json.description } : {}),
          schema: json,
        })
      }
    if (r.ifMatch) parameters.push({ $ref: '#/components/parameters/IfMatch' })
    if (r.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' })
    if (r.params) responses[404] = { $ref: '#/components/responses/NotFound' }
    if (r.query) responses[422] = { $ref: '#/components/responses/InvalidRequest' }
    if (r.ifMatch || r.idempotent) responses[400] = { $ref: '#/components/responses/InvalidHeader' }
    if (r.ifMatch) responses[412] = { $ref: '#/components/responses/PreconditionFailed' }
    if (r.idempotent) responses[422] = { $ref: '#/components/responses/InvalidRequest' }
    if (r.via?.length) responses[409] = { $ref: '#/components/responses/Conflict' }
    if (r.body) {
      responses[400] = { $ref: '#/components/responses/InvalidJson' }
      responses[413] = { $ref: '#/components/responses/BodyTooLarge' }
      responses[415] = { $ref: '#/components/responses/UnsupportedMediaType' }
      responses[422] = { $ref: '#/components/responses/InvalidRequest' }
    }
    if (keyed) {
      responses[401] = { $ref: '#/components/responses/Unauthorized' }
      responses[403] = { $ref: '#/components/responses/Forbidden' }
      responses[429] = { $ref: '#/components/responses/TooManyRequests' }
    }
    responses[500] = { $ref: '#/components/responses/InternalError' }
    ;(paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      description: keyed ? `${r.description}\n\nRequires: ${permission}.` : r.description,
      tags: [tagOf(r.path)],
      security: keyed ? [{ apiKey: [] }] : [],
      ...(parameters.length && { parameters }),
      'x-permission': keyed ? (r.permission ?? null) : null,
      ...(r.body && {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(r.body, 'input', components), ...(r.example !== undefined && { example: r.example }) } },
        },
      }),
      responses,
    }
  }
  const header = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } })
  return {
    openapi: '3.1.0' as const,
    info: {
      title: 'Teamgate API',
      version: '1',
      description:
        'The host product’s side of Teamgate: ask what members may do. Authenticate with an API key of the workspace (Settings › API keys) as `Authorization: Bearer <key>`. Errors are RFC 9457 problem details; every key has a rate limit, told in the RateLimit headers.',
    },
    ...(serverUrl && { servers: [{ url: serverUrl }] }),
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'tg_live_…',
          description:
            'An API key of the workspace. It acts with its own permissions, within what the plan enables and what the member who created it holds at the time of the request.',
        },
      },
      headers: {
        'RateLimit-Limit': header('Requests the key may make in the window.'),
        'RateLimit-Remaining': header('Requests left in the window.'),
        'RateLimit-Reset': header('Seconds until the window ends.'),
        'RateLimit-Policy': { description: 'The limit and its window, e.g. `600;w=60`.', schema: { type: 'string' } },
        'Retry-After': header('Seconds to wait before trying again.'),
        ETag: {
          description: 'The version of the resource, e.g. `"3"`: send it back as If-Match to update only that version.',
          schema: { type: 'string' },
        },
        'Idempotent-Replayed': {
          description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
      parameters: {
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description:
            'The version (ETag) the change was made from, e.g. `"3"`. When the resource has changed since, the answer is 412 and nothing is written. Without it, the change applies to the current version.',
          schema: { type: 'string' },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'A unique key per request (a UUID, say). Sent again with the same request within 24 hours, the first answer is returned and nothing is done twice; with another request, 422.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      responses: {
        Unauthorized: problemResponse('No key, or one that does not work: unknown, revoked, expired, or its creator is no longer an active member.', {
          'WWW-Authenticate': { description: 'Bearer realm="teamgate", with error="invalid_token" for a key that does not work.', schema: { type: 'string' } },
        }),
        Forbidden: problemResponse('The key does not hold the permission the route needs (or its creator no longer does).', RATE_HEADERS),
        TooManyRequests: problemResponse('The key’s rate limit is reached.', { ...RATE_HEADERS, 'Retry-After': { $ref: '#/components/headers/Retry-After' } }),
        InvalidJson: problemResponse('The body is not JSON.'),
        InvalidHeader: problemResponse('If-Match or Idempotency-Key is malformed.'),
        NotFound: problemResponse('Nothing of the key’s workspace is at this address.', RATE_HEADERS),
        Conflict: problemResponse(
          'The change cannot be made as things are: it would break a rule of the workspace (`conflict`: the last owner, a name in use, a change made meanwhile) or reach a limit of the plan (`limit_reached`).',
          RATE_HEADERS,
        ),
        PreconditionFailed: problemResponse('If-Match names a version that is no longer the current one: read the resource again.', RATE_HEADERS),
        BodyTooLarge: problemResponse('The body is larger than 1 MiB.'),
        UnsupportedMediaType: problemResponse('The body is not sent as application/json.'),
        InvalidRequest: problemResponse(
          'Fields of the body or query parameters are invalid: `errors` lists each, with a JSON pointer into the body or the parameter’s name; or an Idempotency-Key was reused for another request.',
          RATE_HEADERS,
        ),
        InternalError: problemResponse('Something went wrong on the server. The answer holds no detail of it.'),
      },
    },
  }
}
