import path from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { beforeAll, describe, expect, it } from 'vitest'
import { revokeApiKey } from '@/app/(app)/settings/api-keys/actions'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { API_ROUTES } from '@/lib/api/registry'
import { randomBytes } from 'node:crypto'
import { pathParams, type ApiRoute } from '@/lib/api/define-route'
import { db } from '@/lib/db/client'
import { isPermission } from '@/lib/authz/catalog'
import { holds } from '../../e2e/routes'
import { APP, ROOT, walk } from '../support/files'
import { apiRequest, expectProblem, makeKey, ORIGIN } from '../support/api'
import { accessOf, createWorkspace, keepMailInOutbox, success, type MemberSpec } from '../support/fixtures'
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
const CATCH_ALL = path.join(API_DIR, '[...unknown]', 'route.ts')
for (const abs of walk(API_DIR)
  .filter((f) => /^route\.[jt]s$/.test(path.basename(f)) && f !== CATCH_ALL)
  .sort()) {
  const mod = (await import(abs)) as Record<string, unknown>
  // app/api/v1/members/[memberId] serves /api/v1/members/{memberId}
  const urlPath = `/${path.relative(APP, path.dirname(abs)).split(path.sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}')
  for (const [name, handler] of Object.entries(mod))
    if (HTTP_METHODS.includes(name)) exported.push({ file: path.relative(ROOT, abs), method: name, path: urlPath, handler })
}

keepMailInOutbox()

describe('the route registry', () => {
  it('every route file under app/api/v1 exports its registered routes at their own path and method (405 for the rest), and every registered route has its file', async () => {
    expect(exported.length).toBeGreaterThanOrEqual(2)
    const problems: string[] = []
    for (const e of exported) {
      const route = API_ROUTES.find((r) => r.handle === e.handler)
      if (route) {
        if (route.method !== e.method || route.path !== e.path) problems.push(`${e.file} ${e.method}: exports ${id(route)}`)
        continue
      }
      if (API_ROUTES.some((r) => r.path === e.path && r.method === e.method)) problems.push(`${e.file} ${e.method}: not the registered route's handler`)
      // Any other method of a route file answers 405 with the methods the path has.
      const res = await (e.handler as (r: Request) => Promise<Response>)(apiRequest(e.path, { method: e.method }))
      const allow = API_ROUTES.filter((r) => r.path === e.path).map((r) => r.method)
      if (allow.length === 0) problems.push(`${e.file}: no route of lib/api/registry.ts is at ${e.path}`)
      else {
        await expectProblem(res, 405, 'method_not_allowed')
        expect(res.headers.get('allow')).toBe(allow.join(', '))
      }
    }
    for (const r of API_ROUTES) if (!exported.some((e) => e.handler === r.handle)) problems.push(`${id(r)}: no route file exports it`)
    expect(problems).toEqual([])
    expect(new Set(API_ROUTES.map(id)).size).toBe(API_ROUTES.length)
    expect(new Set(API_ROUTES.map((r) => r.operationId)).size).toBe(API_ROUTES.length)
  })

  it('a path under /api/v1 that no route serves is a 404 in problem details, for every method', async () => {
    const catchAll = (await import(CATCH_ALL)) as Record<string, (r: Request) => Promise<Response>>
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const body = await expectProblem(await catchAll[method](apiRequest('/api/v1/no-such-thing', { method })), 404, 'not_found')
      expect(body.detail).toContain('/api/v1/no-such-thing')
    }
  })

  it('every route that changes something does it through server actions with the route’s own permission, and declares their audit events', () => {
    for (const r of API_ROUTES) {
      if (r.method === 'GET') expect(r.via ?? [], id(r)).toEqual([])
      else if (r.path !== '/api/v1/authorize') expect(r.via?.length, `${id(r)} changes something without an action`).toBeGreaterThan(0)
      for (const a of r.via ?? []) {
        expect(a.permission, id(r)).toEqual(r.permission)
        for (const e of a.audits) expect(r.audits, id(r)).toContain(e)
      }
    }
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
      const codes = new Set([r.created ? '201' : '200', '500'])
      const add = (when: unknown, ...c: string[]) => when && c.forEach((x) => codes.add(x))
      add(keyed, '401', '403', '429')
      add(r.body, '400', '413', '415', '422')
      add(r.params, '404')
      add(r.query, '422')
      add(r.ifMatch, '400', '412')
      add(r.idempotent, '400', '422')
      add(r.via?.length, '409')
      expect(Object.keys(op.responses).sort(), id(r)).toEqual([...codes].sort())
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

/**
 * What a route's path parameters name in the matrix's workspace: a fresh record for each call
 * (a change must find what it changes in the state it needs). A route with a parameter not
 * listed here fails the matrix until it is.
 */
type Fixtures = Record<string, (r: ApiRoute) => Promise<string>>
/** The status a route's member must have for the change to be possible. */
const MEMBER_STATUS_FOR: Record<string, MemberSpec['status']> = {
  reactivateMember: 'SUSPENDED',
  resendInvitation: 'INVITED',
  revokeInvitation: 'INVITED',
}

function urlOf(r: ApiRoute, values: Record<string, string>) {
  return r.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]))
}

/** Bodies that name records of the workspace: made of fresh fixtures, as the path parameters are. */
const BODY_FOR: Record<string, (fixtures: Fixtures, r: ApiRoute) => Promise<unknown>> = {
  setRoleAssignees: async (f, r) => ({ add: [await f.memberId(r)] }),
  setTeamMembers: async (f, r) => ({ add: [await f.memberId(r)] }),
}

/** The route's example with what must be unique made unique (an invitation's address, a role's or a team's name). */
async function bodyOf(r: ApiRoute, fixtures: Fixtures): Promise<unknown> {
  if (!r.body) return undefined
  if (BODY_FOR[r.operationId]) return BODY_FOR[r.operationId](fixtures, r)
  const example = r.example as Record<string, unknown>
  const unique = randomBytes(5).toString('hex')
  return {
    ...example,
    ...('email' in example && { email: `${unique}@matrix.test` }),
    ...(typeof example.name === 'string' && { name: `${example.name} ${unique}` }),
  }
}

describe('security matrix: every API route × keys of several permission sets', () => {
  let personas: KeyPersona[]
  let fixtures: Fixtures

  beforeAll(async () => {
    const ws = await createWorkspace({ plan: 'business' })
    const owner = await ws.add({ role: 'OWNER', crmAccess: true })
    const ownerState = await accessOf(owner)
    // A key per permission the routes need (and what the catalog makes it hold with it).
    const key = async (name: string, permissions: string[]): Promise<KeyPersona> => {
      const made = await makeKey(ownerState, permissions, name)
      const row = await db().apiKey.findUniqueOrThrow({ where: { id: made.id }, select: { permissions: true } })
      return { name, secret: made.secret, holds: row.permissions }
    }
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
    const needed = [
      ...new Set(Object.values(API_ROUTE_REQUIREMENTS).flatMap((r) => (typeof r === 'string' && r !== 'public' ? [r] : r && r !== 'public' ? [...r] : []))),
    ]
    personas = [
      { name: 'no key', secret: null, holds: null },
      { name: 'revoked', secret: revoked.secret, holds: null },
      await key('teams.view', ['teams.view']),
      await key('api_keys.manage', ['api_keys.manage']),
      ...(await Promise.all(needed.map((p) => key(p, [p])))),
      { name: shrunk.name, secret: shrunk.secret, holds: ['teams.view'] },
    ]
    const unique = () => randomBytes(5).toString('hex')
    fixtures = {
      memberId: async (r) => (await ws.add({ status: MEMBER_STATUS_FOR[r.operationId] ?? 'ACTIVE' })).id,
      // A role no member has and a team without members: what every change of theirs can start from.
      roleId: async () => (await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: `Role ${unique()}` } })).id,
      teamId: async () => (await db().team.create({ data: { tenantId: ws.tenant.id, name: `Team ${unique()}` } })).id,
    }
  })

  // The routes that create (an invitation, a role, a team) first: the fixtures of the others are
  // written straight to the database and would otherwise fill the plan's seats and role limit.
  const creatingFirst = [...API_ROUTES].sort((a, b) => Number(!!b.created) - Number(!!a.created))
  it.each(creatingFirst.map((r) => [id(r), r] as const))('%s', async (_id, r) => {
    const req = API_ROUTE_REQUIREMENTS[id(r)]
    const names = pathParams(r.path)
    for (const n of names) expect(fixtures[n], `the matrix has no fixture for the path parameter ${n}`).toBeDefined()
    const done = r.created ? 201 : 200
    const expected: Record<string, number> = {}
    const actual: Record<string, number> = {}
    for (const p of personas) {
      expected[p.name] = req === 'public' ? done : p.holds === null ? 401 : holds(p.holds, req as string | null) ? done : 403
      const values = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await fixtures[n](r)] as const)))
      const res = await r.handle(apiRequest(urlOf(r, values), { method: r.method, secret: p.secret, ...(r.body && { body: await bodyOf(r, fixtures) }) }))
      actual[p.name] = res.status
      if (res.status === done) expect(r.response.safeParse(await res.json()).success, `${p.name}: the answer matches the route’s schema`).toBe(true)
      else if (res.status === 401 || res.status === 403)
        await expectProblem(res, res.status, res.status === 401 ? (p.secret ? 'revoked_key' : 'missing_key') : 'forbidden')
      else expect(await res.text(), `${p.name}: ${res.status}`).toBe('')
    }
    expect(actual).toEqual(expected)
    // Not vacuous: a keyed route lets some key in and keeps some out, and some without a key;
    // one any working key may call (null) lets every working key in.
    const outcomes = new Set(Object.values(expected))
    if (req === 'public') expect([...outcomes]).toEqual([done])
    else if (req === null) expect([...outcomes].sort()).toEqual([done, 401].sort())
    else expect([...outcomes].sort()).toEqual([done, 401, 403].sort())
  })
})
