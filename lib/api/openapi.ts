import { z } from 'zod'
import type { ApiRoute } from './define-route'
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

/** The document for these routes. `serverUrl`: where the API is (the request's origin). */
export function openApiDocument(routes: readonly ApiRoute[], serverUrl?: string) {
  const components: Components = {}
  schemaOf(problemSchema, 'output', components)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const keyed = r.permission !== 'public'
    const permission =
      r.permission === null ? 'any working key, whatever it holds' : typeof r.permission === 'string' ? r.permission : r.permission?.join(' or ')
    const responses: Record<string, unknown> = {
      200: { description: 'OK', headers: keyed ? RATE_HEADERS : {}, content: { 'application/json': { schema: schemaOf(r.response, 'output', components) } } },
    }
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
      security: keyed ? [{ apiKey: [] }] : [],
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
      },
      responses: {
        Unauthorized: problemResponse('No key, or one that does not work: unknown, revoked, expired, or its creator is no longer an active member.', {
          'WWW-Authenticate': { description: 'Bearer realm="teamgate", with error="invalid_token" for a key that does not work.', schema: { type: 'string' } },
        }),
        Forbidden: problemResponse('The key does not hold the permission the route needs (or its creator no longer does).', RATE_HEADERS),
        TooManyRequests: problemResponse('The key’s rate limit is reached.', { ...RATE_HEADERS, 'Retry-After': { $ref: '#/components/headers/Retry-After' } }),
        InvalidJson: problemResponse('The body is not JSON.'),
        BodyTooLarge: problemResponse('The body is larger than 1 MiB.'),
        UnsupportedMediaType: problemResponse('The body is not sent as application/json.'),
        InvalidRequest: problemResponse('Fields of the body are invalid: `errors` lists each, with a JSON pointer.', RATE_HEADERS),
        InternalError: problemResponse('Something went wrong on the server. The answer holds no detail of it.'),
      },
    },
  }
}
