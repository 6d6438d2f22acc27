import { describe, expect, it } from 'vitest'
import { openApiDocument } from './openapi'
import { curlOf, referenceOf, resourceOf } from './reference'
import { API_ROUTES } from './registry'

// The API reference page's data, read from the generated document: every route of the registry
// is there once, with its fields, errors and examples as the document says.

const ORIGIN = 'https://teamgate.example.com'
const doc = () => openApiDocument(API_ROUTES, ORIGIN)

describe('referenceOf', () => {
  it('lists every route of the registry once, by method and path, grouped by resource', () => {
    const ref = referenceOf(doc())
    const ops = ref.groups.flatMap((g) => g.operations)
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort())
    expect(ops.map((o) => o.id).sort()).toEqual(API_ROUTES.map((r) => r.operationId).sort())
    for (const g of ref.groups) for (const o of g.operations) expect(resourceOf(o.path)).toBe(g.title)
    expect(new Set(ops.map((o) => o.anchor)).size).toBe(ops.length)
  })

  it('renders the request body and the answer from their JSON Schemas: nested names, types, required, constraints, values', () => {
    const authorize = referenceOf(doc())
      .groups.flatMap((g) => g.operations)
      .find((o) => o.id === 'authorize')!
    const field = (name: string) => authorize.body!.fields.find((f) => f.name === name)
    expect(field('checks')).toMatchObject({ type: 'array of AuthorizeCheck', required: true, constraints: ['1 to 100 items'], depth: 0 })
    expect(field('checks[].member')).toMatchObject({ type: 'string', required: true, constraints: ['1 to 320 characters'], depth: 1 })
    expect(field('checks[].permission')!.values).toContain('contacts.view.team')
    expect(field('checks[].record')).toMatchObject({ required: false, constraints: ['no other fields'] })
    expect(field('checks[].record.ownerId')).toMatchObject({ type: 'string or null', required: false, depth: 2 })
    expect(field('explain')).toMatchObject({ type: 'boolean', required: false, constraints: ['default false'] })
    expect(field('checks[].member')!.description).toMatch(/member id/)
    expect(authorize.response.map((f) => f.name)).toEqual(['results', 'results[].allowed', 'results[].error', 'results[].scope', 'results[].reason'])
    expect(authorize.permission).toEqual([{ key: 'users.view', label: 'View users' }])
    expect(authorize.description.join(' ')).not.toMatch(/Requires:/)
    expect(JSON.parse(authorize.body!.example!)).toEqual(API_ROUTES.find((r) => r.operationId === 'authorize')!.example)
  })

  it('gives each operation its errors with their problem codes, and the key it needs', () => {
    const ops = referenceOf(doc()).groups.flatMap((g) => g.operations)
    const authorize = ops.find((o) => o.id === 'authorize')!
    expect(authorize.errors.map((e) => e.status)).toEqual([400, 401, 403, 413, 415, 422, 429, 500])
    expect(authorize.errors.find((e) => e.status === 401)!.codes).toEqual(expect.arrayContaining(['missing_key', 'revoked_key', 'creator_inactive']))
    const key = ops.find((o) => o.id === 'getKey')!
    expect(key).toMatchObject({ keyed: true, permission: null, body: null })
    expect(key.response.find((f) => f.name === 'permissions')!.values).toContain('users.view')
    const openapi = ops.find((o) => o.id === 'openapi')!
    expect(openapi).toMatchObject({ keyed: false, permission: null })
    expect(openapi.errors.map((e) => e.status)).toEqual([500])
  })

  it('writes a curl command with the base URL, the key and the example body', () => {
    const ops = referenceOf(doc()).groups.flatMap((g) => g.operations)
    const authorize = ops.find((o) => o.id === 'authorize')!.curl
    expect(authorize).toMatch(/^curl -X POST https:\/\/teamgate\.example\.com\/api\/v1\/authorize \\\n/)
    expect(authorize).toContain('-H "Authorization: Bearer $TEAMGATE_KEY"')
    expect(authorize).toContain('-H "Content-Type: application/json"')
    expect(authorize).toContain(`"member": "ada@example.com"`)
    expect(ops.find((o) => o.id === 'getKey')!.curl).toBe('curl https://teamgate.example.com/api/v1/key \\\n  -H "Authorization: Bearer $TEAMGATE_KEY"')
    expect(ops.find((o) => o.id === 'openapi')!.curl).toBe('curl https://teamgate.example.com/api/v1/openapi.json')
    // A body with a quote stays one shell word.
    expect(curlOf('POST', 'https://x/y', false, { name: "O'Brien" })).toContain(`-d '{\n  "name": "O'\\''Brien"\n}'`)
  })

  it('reads what a route declares beyond today’s: tags, path and query parameters, Idempotency-Key, ETag and If-Match', () => {
    const d = doc()
    const extra = {
      patch: {
        operationId: 'updateMember',
        summary: 'Change a member',
        tags: ['members'],
        security: [{ apiKey: [] }],
        'x-permission': ['users.edit', 'users.edit_status'],
        parameters: [
          { name: 'memberId', in: 'path', required: true, schema: { type: 'string', minLength: 1 }, description: 'The member.' },
          { name: 'expand', in: 'query', schema: { type: 'string', enum: ['teams'] } },
          { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } },
          { name: 'If-Match', in: 'header', schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'OK', headers: { ETag: { schema: { type: 'string' } } } }, 404: { description: 'No such member.' } },
      },
    }
    const withExtra = { ...d, paths: { ...d.paths, '/api/v1/members/{memberId}': extra } }
    const op = referenceOf(withExtra).groups.find((g) => g.title === 'members')!.operations[0]
    expect(op.parameters).toEqual([
      { name: 'memberId', in: 'path', type: 'string', required: true, constraints: ['at least 1 character'], description: 'The member.' },
      { name: 'expand', in: 'query', type: 'string, one of 1', required: false, constraints: [], description: '' },
    ])
    expect(op.headers).toEqual({ idempotencyKey: true, ifMatch: true, etag: true })
    expect(op.permission!.map((p) => p.key)).toEqual(['users.edit', 'users.edit_status'])
    expect(op.errors).toEqual([{ status: 404, description: 'No such member.', codes: ['not_found'] }])
  })
})
