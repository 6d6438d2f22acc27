import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { API_ROUTES } from '@/lib/api/registry'
import { db } from '@/lib/db/client'
import { apiRequest, expectProblem, makeKey } from '../support/api'
import { databaseChecksum } from '../support/checksum'
import { accessOf, createWorkspace } from '../support/fixtures'

// Property-based bodies for every API route with a body (seeded, bounded): JSON its schema
// rejects — any JSON value, the example with one field broken, unknown fields, huge strings —
// and text that is not JSON. Each is answered with problem details (422 with field errors, or
// 400), never a 500; and nothing is written (the key's lastUsedAt and the rate limiter's counters
// are the request's own bookkeeping).

const RUNS = 150
const SEED = 7
const routes = API_ROUTES.filter((r) => r.body)

let secret: string
let before: string
/** What the path parameters name: records of the fuzzed workspace (a query or a body is judged at a real address). */
let values: Record<string, string>
const at = (r: (typeof API_ROUTES)[number]) => r.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name])

beforeAll(async () => {
  vi.stubEnv('API_RATE_LIMIT_PER_MINUTE', '100000')
  const ws = await createWorkspace({ plan: 'business' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const role = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'Fuzzed' } })
  const team = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Fuzzed' } })
  values = { memberId: owner.id, roleId: role.id, teamId: team.id }
  // A key that passes every route's gate, so that the body or the query is what is judged.
  const needed = API_ROUTES.flatMap((r) =>
    r.permission === 'public' || r.permission === null ? [] : typeof r.permission === 'string' ? [r.permission] : r.permission,
  )
  ;({ secret } = await makeKey(await accessOf(owner), [...new Set(needed)]))
  // The first request sets the key's lastUsedAt; from then on a refused body writes nothing.
  await routes[0].handle(apiRequest(routes[0].path, { method: routes[0].method, secret, body: routes[0].example }))
  before = await databaseChecksum()
})
afterAll(() => {
  vi.unstubAllEnvs()
})

const broken = (example: Record<string, unknown>) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.tuple(fc.constantFrom(...Object.keys(example)), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ ...example, [k]: v })),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })).map(([k, v]) => ({ ...example, [`x${k}`]: v })),
    fc.string({ minLength: 5000, maxLength: 20000 }).map((s) => ({ ...example, checks: [{ member: s, permission: s }] })),
    fc
      .array(fc.record({ member: fc.string(), permission: fc.string(), record: fc.jsonValue({ maxDepth: 1 }) }), { maxLength: 120 })
      .map((checks) => ({ checks })),
  )

describe('fuzzing every API route’s body', () => {
  it('finds the routes with a body', () => {
    expect(routes.length).toBeGreaterThanOrEqual(1)
  })

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: a body its schema rejects is a 422 (or 400), never a 500', async (_id, r) => {
    let runs = 0
    await fc.assert(
      fc.asyncProperty(
        broken(r.example as Record<string, unknown>).filter((b) => !r.body!.safeParse(b).success),
        async (body) => {
          const res = await r.handle(apiRequest(at(r), { method: r.method, secret, raw: JSON.stringify(body) }))
          const problem = await expectProblem(res, 422, 'invalid_request')
          expect(problem.errors!.length).toBeGreaterThan(0)
          runs++
        },
      ),
      { numRuns: RUNS, seed: SEED },
    )
    expect(runs).toBe(RUNS)
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }).filter((t) => {
          try {
            JSON.parse(t)
            return false
          } catch {
            return true
          }
        }),
        async (text) => {
          await expectProblem(await r.handle(apiRequest(at(r), { method: r.method, secret, raw: text })), 400, 'invalid_json')
        },
      ),
      { numRuns: 50, seed: SEED },
    )
  })

  it.each(API_ROUTES.filter((r) => r.query && r.method === 'GET').map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: any query string is answered 200 or 422 naming a parameter, never a 500',
    async (_id, r) => {
      const names = [...Object.keys(r.query!.shape), 'x']
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 1000, maxLength: 3000 }))),
          async (params) => {
            const res = await r.handle(apiRequest(`${at(r)}?${new URLSearchParams(params).toString()}`, { secret }))
            if (res.status === 200) expect(r.response.safeParse(await res.json()).success).toBe(true)
            else expect((await expectProblem(res, 422, 'invalid_request')).errors?.[0].parameter).toBeTruthy()
          },
        ),
        { numRuns: RUNS, seed: SEED },
      )
    },
  )

  it('the database is unchanged', async () => {
    expect(await databaseChecksum()).toBe(before)
  })
})
