import path from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { revokeApiKey } from '@/app/(app)/settings/api-keys/actions'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { API_ROUTES } from '@/lib/api/registry'
import type { ApiRoute } from '@/lib/api/define-route'
import { isPermission } from '@/lib/authz/catalog'
import { holds } from '../../e2e/routes'
import { APP, ROOT, walk } from '../support/files'
import { apiRequest, expectProblem, makeKey, ORIGIN } from '../support/api'
import { accessOf, createWorkspace, success } from '../support/fixtures'
import { API_ROUTE_REQUIREMENTS } from '../support/requirements'

// The API's security matrix and its document, generated from the route registry
// (lib/api/registry.ts): every route file under app/api/v1 exports a registered route and every
// registered route has its file, so no route can be missed; every route is called with no key, a
// revoked key and keys of several permission sets, and the outcome must be what the reviewed
// table (tests/support/requirements.ts) says for what each key holds; the OpenAPI document lists
// exactly the registered routes and passes a standard OpenAPI 3.1 validator.

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const API_DIR = path.join(APP, 'api', 'v1')
const id = (r: { method: string; path: string }) => `${r.method} ${r.path}`

type Exported = { file: string; method: string; path: string; handler: unknown }
const exported: Exported[] = []
for (const abs of walk(API_DIR)
  .filter((f) => /^route\.[jt]s$/.test(path.basename(f)))
  .sort()) {
  const mod = (await import(abs)) as Record<string, unknown>
  const urlPath = `/${path.relative(APP, path.dirname(abs)).split(path.sep).join('/')}`
  for (const [name, handler] of Object.entries(mod))
    if (HTTP_METHODS.includes(name)) exported.push({ file: path.relative(ROOT, abs), method: name, path: urlPath, handler })
}

describe('the route registry', () => {
  it('every route file under app/api/v1 exports registered routes at their own path and method, and every registered route has its file', () => {
    expect(exported.length).toBeGreaterThanOrEqual(2)
    const problems: string[] = []
    for (const e of exported) {
      const route = API_ROUTES.find((r) => r.handle === e.handler)
      if (!route) problems.push(`${e.file} ${e.method}: not a route of lib/api/registry.ts`)
      else if (route.method !== e.method || route.path !== e.path) problems.push(`${e.file} ${e.method}: exports ${id(route)}`)
    }
    for (const r of API_ROUTES) if (!exported.some((e) => e.handler === r.handle)) problems.push(`${id(r)}: no route file exports it`)
    expect(problems).toEqual([])
    expect(new Set(API_ROUTES.map(id)).size).toBe(API_ROUTES.length)
    expect(new Set(API_ROUTES.map((r) => r.operationId)).size).toBe(API_ROUTES.length)
  })

  it('every route’s permission is the reviewed table’s, and names the catalog', () => {
    expect(Object.fromEntries(API_ROUTES.map((r) => [id(r), r.permission]))).toEqual(API_ROUTE_REQUIREMENTS)
    for (const r of API_ROUTES) {
      const keys = r.permission === null || r.permission === 'public' ? [] : typeof r.permission === 'string' ? [r.permission] : [...r.permission]
      for (const k of keys) expect(isPermission(k), `${id(r)}: ${k}`).toBe(true)
    }
  })

  it('every route with a body has an example its schema accepts (what the matrix sends)', () => {
    for (const r of API_ROUTES) if (r.body) expect(r.body.safeParse(r.example).success, id(r)).toBe(true)
  })
})

describe('the OpenAPI document', () => {
  const get = () => API_ROUTES.find((r) => r.path === '/api/v1/openapi.json')!.handle(apiRequest('/api/v1/openapi.json'))

  it('is served to anyone and passes a standard OpenAPI 3.1 validator', async () => {
    const res = await get()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const doc = (await res.json()) as Record<string, unknown>
    const validator = new Validator()
    const result = await validator.validate(doc)
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
    expect(doc.servers).toEqual([{ url: ORIGIN }])
  })

  it('lists exactly the registered routes, each with the bearer scheme, problem answers and the schemas the route validates with', async () => {
    const doc = (await (await get()).json()) as {
      paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown; 'x-permission': unknown }>>
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown>; responses: Record<string, unknown> }
    }
    const listed = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
    expect(listed.sort()).toEqual(API_ROUTES.map(id).sort())
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.components.schemas.Problem).toMatchObject({ type: 'object', required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']) })
    for (const r of API_ROUTES) {
      const op = doc.paths[r.path][r.method.toLowerCase()]
      const keyed = r.permission !== 'public'
      expect(op.security, id(r)).toEqual(keyed ? [{ apiKey: [] }] : [])
      expect(Object.keys(op.responses).sort(), id(r)).toEqual(
        ['200', '500', ...(keyed ? ['401', '403', '429'] : []), ...(r.body ? ['400', '413', '415', '422'] : [])].sort(),
      )
      expect(!!op.requestBody, id(r)).toBe(!!r.body)
      if (keyed) expect(op['x-permission'], id(r)).toEqual(r.permission)
    }
    // Generated from the zod schemas: the authorize request knows the catalog's permissions and the batch limit.
    expect(JSON.stringify(doc.components.schemas.AuthorizeCheck)).toContain('contacts.view.unassigned')
    expect(doc.components.schemas.AuthorizeRequest).toMatchObject({ properties: { checks: { maxItems: 100, minItems: 1 } } })
  })
})

// ─── Every route × keys of several permission sets ─────────────────────────────────────────

type KeyPersona = { name: string; secret: string | null; /** what it holds now: its keys ∩ its creator's (null: it does not work) */ holds: string[] | null }

const request = (r: ApiRoute, secret: string | null) => r.handle(apiRequest(r.path, { method: r.method, secret, ...(r.body && { body: r.example }) }))

describe('security matrix: every API route × keys of several permission sets', () => {
  let personas: KeyPersona[]

  beforeAll(async () => {
    const ws = await createWorkspace({ plan: 'business' })
    const owner = await ws.add({ role: 'OWNER', crmAccess: true })
    const ownerState = await accessOf(owner)
    const key = async (name: string, permissions: string[], holdsNow: string[] | null = permissions): Promise<KeyPersona> => ({
      name,
      secret: (await makeKey(ownerState, permissions, name)).secret,
      holds: holdsNow,
    })
    const revoked = await makeKey(ownerState, ['users.view'], 'revoked')
    success(await revokeApiKey.run(ownerState, { keyId: revoked.id }))
    // A member's key, whose maker then loses users.view: the key loses it too.
    const maker = await ws.add({ permissions: ['users.view', 'teams.view', 'api_keys.manage'] })
    const shrunk = await makeKey(await accessOf(maker), ['users.view', 'teams.view'], 'maker lost users.view')
    success(
      await updateMember.run(ownerState, {
        memberId: maker.id,
        version: 1,
        baseRole: 'MEMBER',
        roleTemplateId: null,
        crmAccess: false,
        teamIds: [],
        permissions: ['teams.view', 'api_keys.manage'],
      }),
    )
    personas = [
      { name: 'no key', secret: null, holds: null },
      { name: 'revoked', secret: revoked.secret, holds: null },
      await key('users.view', ['users.view']),
      await key('teams.view', ['teams.view']),
      await key('api_keys.manage', ['api_keys.manage']),
      await key('users.invite', ['users.invite'], ['users.view', 'users.invite']),
      { name: shrunk.name, secret: shrunk.secret, holds: ['teams.view'] },
    ]
  })

  it.each(API_ROUTES.map((r) => [id(r), r] as const))('%s', async (_id, r) => {
    const req = API_ROUTE_REQUIREMENTS[id(r)]
    const expected: Record<string, number> = {}
    const actual: Record<string, number> = {}
    for (const p of personas) {
      expected[p.name] = req === 'public' ? 200 : p.holds === null ? 401 : holds(p.holds, req as string | null) ? 200 : 403
      const res = await request(r, p.secret)
      actual[p.name] = res.status
      if (res.status === 200) expect(r.response.safeParse(await res.json()).success, `${p.name}: the answer matches the route’s schema`).toBe(true)
      else await expectProblem(res, res.status, res.status === 401 ? (p.secret ? 'revoked_key' : 'missing_key') : 'forbidden')
    }
    expect(actual).toEqual(expected)
    // Not vacuous: a keyed route lets some key in and keeps some out, and some without a key;
    // one any working key may call (null) lets every working key in.
    const outcomes = new Set(Object.values(expected))
    if (req === 'public') expect([...outcomes]).toEqual([200])
    else if (req === null) expect([...outcomes].sort()).toEqual([200, 401])
    else expect([...outcomes].sort()).toEqual([200, 401, 403])
  })
})
