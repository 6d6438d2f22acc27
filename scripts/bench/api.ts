// `npm run bench:api`: the API's authorize call next to the lightest authenticated route,
// GET /api/v1/key, in the same run, on PostgreSQL. Builds a fresh database with a workspace of
// BENCH_MEMBERS members (default 400: templates with their starter permissions, direct grants,
// teams, invited and suspended people) among 20 other workspaces of the same size, makes an API
// key and then calls the routes' handlers in this process, as `app/api/v1/…/route.ts` exports
// them: `route.handle(new Request(…))`, the key's gate included (one statement: the key, its creator's
// access, the rate-limit count, and authorize's members), nothing of Next.js's HTTP server around it.
//
//  1. Server time: BENCH_RUNS (default 2,000) calls per case after 200 warm-up calls, the cases
//     interleaved call by call so a change in the machine's load hits all of them alike; p50/p95
//     of the time `handle` takes. Cases: GET /api/v1/key; authorize with 1 check (a permission),
//     1 check with a record, 100 checks (100 members by id or email, a third with records), and
//     100 checks with `explain`. Target: p95 ≤ 5 ms for 100 checks. Then, on its own, 100 checks
//     each right after a change of access (the process's copy out of date: read again), not judged.
//  2. Requests/s, in this process: BENCH_CONCURRENCY (default 8) callers at once, for alternating
//     slices of BENCH_SLICE_MS (default 2,000 ms) per route, 6 each: calls per second and the CPU
//     time per call of this process and of the database's backends. What the route itself costs.
//  3. Requests/s over HTTP (needs `npm run build`; BENCH_HTTP=0 skips it): `next start` on the
//     same database, autocannon with BENCH_CONCURRENCY connections, 4 alternating runs of
//     BENCH_HTTP_SLICE_S (default 5 s) per route after 3 s of warm-up each; requests/s and the
//     CPU per request of the server process and of the database. Target: authorize with 1 check
//     ≥ 0.8 × GET /api/v1/key. Judged here, where a client meets it: every API request pays for
//     the HTTP server and Next's routing, and leaving that out (part 2) overstates what one more
//     statement costs (docs/benchmarks.md, "API"). With BENCH_HTTP=0 part 2's ratio is judged.
//
// A benchmark, not a test: JSON lines on stdout (diagnostics on stderr); exit code 1 when a
// target is missed or a call answered anything but 200.
// Env: BENCH_DATABASE_URL or TEST_DATABASE_URL (a server where we may CREATE DATABASE; default
// postgresql://postgres@127.0.0.1:5432/postgres), BENCH_KEEP=1 keeps the database.
// The routes import 'server-only': run with `tsx --conditions=react-server`.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import type { ApiRoute } from '@/lib/api/define-route'
import { authorizeRoute } from '@/lib/api/routes/authorize'
import { keyRoute } from '@/lib/api/routes/key'
import { newApiKeySecret } from '@/lib/auth/api-key-secret'
import { LEAVES } from '@/lib/authz/catalog'
import { getStarterRole } from '@/lib/authz/starter-roles'
import { createApiKey } from '@/lib/db/api-keys'
import { setDatabase } from '@/lib/db/client'
import { migrate } from '@/lib/db/migrations'
import { openDatabase } from '@/lib/db/open'
import { PLANS } from '@/lib/db/seed'
import { membersSql, SCALE_PLAN_SQL, workspaceSql, type Ws } from './dataset'
import { requireBuild, startServer } from './server.mjs'

const MEMBERS = Number(process.env.BENCH_MEMBERS) || 400
const WARMUP = 200
const RUNS = Number(process.env.BENCH_RUNS) || 2000
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || 8
const SLICE_MS = Number(process.env.BENCH_SLICE_MS) || 2000
const SLICES = 6
const HTTP = process.env.BENCH_HTTP !== '0'
const HTTP_SLICE_S = Number(process.env.BENCH_HTTP_SLICE_S) || 5
const HTTP_SLICES = 4
const TARGET_P95_MS = 5
const TARGET_RATIO = 0.8
const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
const ORIGIN = 'http://localhost:3000'
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100

const err = (...a: unknown[]) => console.error('[bench:api]', ...a)
const out = (o: object) => console.log(JSON.stringify(o))
const round2 = (n: number) => Math.round(n * 100) / 100
const load = () => round2(os.loadavg()[0])
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]

/** mulberry32: the same checks every run. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ─── The data set ───────────────────────────────────────────────────────────────────────────

/** The starter roles whose permissions the generated templates (dataset.ts TEMPLATES, in this order) get. */
const TEMPLATE_ROLES = ['support_agent', 'marketing', 'operations_manager', 'campaign_manager', 'read_only']

/** The workspace and its neighbours; the templates get their starter permissions, a fifth of the members direct grants. */
async function build(c: pg.Client): Promise<{ w: Ws; members: { id: string; email: string }[]; teams: string[] }> {
  await c.query(SCALE_PLAN_SQL)
  const w: Ws = { key: 'api', tenantId: 'wapi', n: MEMBERS, teams: 12 }
  const others: Ws[] = Array.from({ length: 20 }, (_, k) => ({ key: `o${k}`, tenantId: `o${String(k).padStart(2, '0')}`, n: MEMBERS, teams: 12 }))
  for (const x of [w, ...others]) await c.query(workspaceSql(x, x.key === 'api' ? 'Acme API' : `Other ${x.key}`))
  await c.query(membersSql([w, ...others]))
  for (const [k, role] of TEMPLATE_ROLES.entries()) {
    const starter = getStarterRole(role)!
    await c.query(
      `INSERT INTO "RoleTemplatePermission" ("roleTemplateId", key)
       SELECT t.id || '-rt' || $1::int, p FROM "Tenant" t CROSS JOIN unnest($2::text[]) p WHERE t."planId" = 'scale'`,
      [k + 1, starter.permissions],
    )
  }
  const grants = ['users.view', 'teams.view', 'contacts.view.team', 'contacts.edit.own', 'audit.view', 'analytics.view']
  await c.query(
    `INSERT INTO "MembershipPermission" ("membershipId", key)
     SELECT m.id, g FROM "Membership" m CROSS JOIN unnest($1::text[]) g
      WHERE m."baseRole" = 'MEMBER' AND abs(hashtext(m.id || g)) % 15 = 0`,
    [grants],
  )
  await c.query('VACUUM ANALYZE')
  const { rows: members } = await c.query<{ id: string; email: string }>(`SELECT id, email FROM "Membership" WHERE "tenantId" = $1 ORDER BY id`, [w.tenantId])
  const { rows: teams } = await c.query<{ id: string }>(`SELECT id FROM "Team" WHERE "tenantId" = $1 ORDER BY id`, [w.tenantId])
  return { w, members, teams: teams.map((t) => t.id) }
}

// ─── The cases ──────────────────────────────────────────────────────────────────────────────

type Case = {
  name: string
  route: ApiRoute
  checks: number
  request: () => Request
  http: { method: string; path: string; headers: Record<string, string>; body?: string }[]
  /** Done before each timed call, outside the timing. */
  before?: () => Promise<unknown>
}

function cases(secret: string, members: { id: string; email: string }[], teams: string[], change: () => Promise<unknown>): Case[] {
  const rand = prng(42)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const permissions = LEAVES.map((l) => l.key as string).concat(['contacts.view', 'contacts.edit', 'inbox.view'])
  const scoped = ['contacts.view', 'contacts.edit', 'contacts.view.team', 'contacts.edit.own', 'inbox.view']
  // The member named by id or by email, as a host product does; one in 50 is nobody.
  const ref = () => (rand() < 0.02 ? `nobody${Math.floor(rand() * 1e6)}@example.test` : rand() < 0.5 ? pick(members).id : pick(members).email)
  const record = () => ({ ownerId: rand() < 0.8 ? pick(members).id : null, teamId: rand() < 0.6 ? pick(teams) : null })
  // A pool of bodies per case, used in turn, so the database sees many members, not one.
  const bodies = (n: number, make: () => object) => Array.from({ length: n }, () => JSON.stringify(make()))
  const one = bodies(500, () => ({ checks: [{ member: ref(), permission: pick(permissions) }] }))
  const oneRecord = bodies(500, () => ({ checks: [{ member: ref(), permission: pick(scoped), record: record() }] }))
  const batch = (explain: boolean) =>
    bodies(50, () => ({
      checks: Array.from({ length: 100 }, (_, i) =>
        i % 3 === 0 ? { member: ref(), permission: pick(scoped), record: record() } : { member: ref(), permission: pick(permissions) },
      ),
      explain,
    }))
  const hundred = batch(false)
  const hundredExplained = batch(true)
  const auth = { authorization: `Bearer ${secret}` }
  const post = (pool: string[]) => {
    let i = 0
    return () =>
      new Request(`${ORIGIN}/api/v1/authorize`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: pool[i++ % pool.length] })
  }
  // The same requests for autocannon (each connection goes through the list in turn).
  const httpPost = (pool: string[]) =>
    pool.map((body) => ({ method: 'POST', path: '/api/v1/authorize', headers: { ...auth, 'content-type': 'application/json' }, body }))
  return [
    {
      name: 'GET /api/v1/key',
      route: keyRoute,
      checks: 0,
      request: () => new Request(`${ORIGIN}/api/v1/key`, { headers: auth }),
      http: [{ method: 'GET', path: '/api/v1/key', headers: auth }],
    },
    { name: 'authorize, 1 check', route: authorizeRoute, checks: 1, request: post(one), http: httpPost(one) },
    { name: 'authorize, 1 check with a record', route: authorizeRoute, checks: 1, request: post(oneRecord), http: httpPost(oneRecord) },
    { name: 'authorize, 100 checks', route: authorizeRoute, checks: 100, request: post(hundred), http: httpPost(hundred) },
    { name: 'authorize, 100 checks, explain', route: authorizeRoute, checks: 100, request: post(hundredExplained), http: httpPost(hundredExplained) },
    // Every call right after a change of access in the workspace: the process's copy of the
    // workspace (lib/db/access-cache.ts) is at an older version, so everything is read again.
    { name: 'authorize, 100 checks, after a change', route: authorizeRoute, checks: 100, request: post(hundred), http: httpPost(hundred), before: change },
  ]
}

let failures = 0
/** One call; the time `handle` took (ms). The answer is read outside the timing, and must be a 200. */
async function call(c: Case): Promise<number> {
  await c.before?.()
  const req = c.request()
  const t = performance.now()
  const res = await c.route.handle(req)
  const ms = performance.now() - t
  if (res.status !== 200) {
    if (failures++ < 5) err(`${c.name}: ${res.status} ${await res.text()}`)
  } else await res.arrayBuffer()
  return ms
}

async function latency(all: Case[]) {
  for (let i = 0; i < WARMUP; i++) for (const c of all) await call(c)
  const times = all.map(() => [] as number[])
  // A new order each round: the garbage a batch of 100 leaves is collected during whichever call
  // comes next, and that must not always be the same case.
  const rand = prng(7)
  const order = all.map((_, k) => k)
  for (let i = 0; i < RUNS; i++) {
    for (let j = order.length - 1; j > 0; j--) {
      const r = Math.floor(rand() * (j + 1))
      ;[order[j], order[r]] = [order[r], order[j]]
    }
    for (const k of order) times[k].push(await call(all[k]))
  }
  return all.map((c, k) => {
    const s = times[k].sort((a, b) => a - b)
    const mean = s.reduce((a, b) => a + b, 0) / s.length
    return { c, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), mean }
  })
}

/**
 * CPU time (ms, user + system) each of the processes `pids` has used so far, from /proc: the app
 * server and the PostgreSQL backends serving it run on this machine in the bench's set-up.
 */
function procCpuMs(pids: number[]): Map<number, number> {
  const ms = new Map<number, number>()
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ms.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / TICKS)
    } catch {
      // gone, or not on this machine
    }
  }
  return ms
}

/** CPU used between two readings by the processes seen in both; null when none was (a database elsewhere). */
function cpuSpent(before: Map<number, number>, after: Map<number, number>): number | null {
  let sum = 0
  let seen = 0
  for (const [pid, ms] of after)
    if (before.has(pid)) {
      sum += ms - before.get(pid)!
      seen++
    }
  return seen ? sum : null
}

/** CONCURRENCY callers for `ms`; calls completed, this process's CPU time and the database's. */
async function slice(c: Case, ms: number, backends: () => Promise<number[]>) {
  const pids = await backends()
  const db0 = procCpuMs(pids)
  const end = performance.now() + ms
  let done = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await call(c)
        done++
      }
    }),
  )
  const cpu = process.cpuUsage(cpu0)
  return { done, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, dbCpuMs: cpuSpent(db0, procCpuMs(pids)) }
}

async function throughput(pair: Case[], backends: () => Promise<number[]>) {
  for (const c of pair) await slice(c, 1000, backends) // warm-up at this concurrency (and the pool's connections opened)
  const sums = pair.map(() => ({ done: 0, ms: 0, cpuMs: 0, dbCpuMs: 0 as number | null }))
  for (let s = 0; s < SLICES; s++)
    for (const idx of s % 2 ? [1, 0] : [0, 1]) {
      const r = await slice(pair[idx], SLICE_MS, backends)
      const sum = sums[idx]
      sum.done += r.done
      sum.ms += r.ms
      sum.cpuMs += r.cpuMs
      sum.dbCpuMs = sum.dbCpuMs === null || r.dbCpuMs === null ? null : sum.dbCpuMs + r.dbCpuMs
    }
  return pair.map((c, k) => ({
    c,
    rps: (sums[k].done / sums[k].ms) * 1000,
    calls: sums[k].done,
    cpuMsPerCall: sums[k].cpuMs / sums[k].done,
    dbCpuMsPerCall: sums[k].dbCpuMs === null ? null : sums[k].dbCpuMs / sums[k].done,
  }))
}

/** One autocannon run of `seconds` against the production server; its requests and the CPU the server and the database spent. */
async function httpSlice(base: string, c: Case, seconds: number, serverPid: number, backends: () => Promise<number[]>) {
  const pids = await backends()
  const cpu0 = procCpuMs([serverPid])
  const db0 = procCpuMs(pids)
  const r = await autocannon({ url: base, connections: CONCURRENCY, duration: seconds, requests: c.http })
  const serverCpuMs = cpuSpent(cpu0, procCpuMs([serverPid])) ?? 0
  const dbCpuMs = cpuSpent(db0, procCpuMs(pids))
  if (r.non2xx || r.errors || r.timeouts) {
    failures += r.non2xx + r.errors + r.timeouts
    err(`${c.name} over HTTP: ${r.non2xx} non-2xx answers, ${r.errors} errors, ${r.timeouts} timeouts`)
  }
  return { requests: r.requests.total, seconds: r.duration, serverCpuMs, dbCpuMs }
}

async function httpThroughput(base: string, pair: Case[], serverPid: number, backends: () => Promise<number[]>) {
  for (const c of pair) await httpSlice(base, c, 3, serverPid, backends) // warm-up: JIT, Next's caches, the pool
  const sums = pair.map(() => ({ requests: 0, seconds: 0, serverCpuMs: 0, dbCpuMs: 0 as number | null }))
  for (let s = 0; s < HTTP_SLICES; s++)
    for (const idx of s % 2 ? [1, 0] : [0, 1]) {
      const r = await httpSlice(base, pair[idx], HTTP_SLICE_S, serverPid, backends)
      const sum = sums[idx]
      sum.requests += r.requests
      sum.seconds += r.seconds
      sum.serverCpuMs += r.serverCpuMs
      sum.dbCpuMs = sum.dbCpuMs === null || r.dbCpuMs === null ? null : sum.dbCpuMs + r.dbCpuMs
    }
  return pair.map((c, k) => ({
    c,
    rps: sums[k].requests / sums[k].seconds,
    requests: sums[k].requests,
    serverCpuMsPerRequest: sums[k].serverCpuMs / sums[k].requests,
    dbCpuMsPerRequest: sums[k].dbCpuMs === null ? null : sums[k].dbCpuMs / sums[k].requests,
  }))
}

async function main() {
  if (HTTP) requireBuild()
  // The rate limit is counted as in production (one upsert per call), but never reached here.
  process.env.API_RATE_LIMIT_PER_MINUTE = String(1e9)
  const name = `teamgate_api_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  const drop = async () => {
    const c = new pg.Client({ connectionString: base })
    await c.connect()
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await c.end()
    err(`dropped ${name}`)
  }
  process.once('SIGINT', () => void drop().finally(() => process.exit(130)))

  const database = openDatabase({ databaseUrl: url.toString() })
  const c = new pg.Client({ connectionString: url.toString() })
  await c.connect()
  let missed = false
  try {
    setDatabase(database)
    await migrate(database)
    await database.prisma.plan.createMany({ data: PLANS })
    const t0 = performance.now()
    const { w, members, teams } = await build(c)
    const { secret, prefix, secretHash } = newApiKeySecret()
    await createApiKey(w.tenantId, { name: 'Bench', prefix, secretHash, permissions: ['users.view'], createdById: `${w.tenantId}-1`, expiresAt: null })
    const [{ version }] = (await c.query<{ version: string }>('SELECT version()')).rows
    const [{ memberships }] = (await c.query<{ memberships: string }>('SELECT count(*) AS memberships FROM "Membership"')).rows
    out({
      bench: 'api-setup',
      postgres: version.split(' on ')[0],
      workspace_members: members.length,
      memberships: Number(memberships),
      setup_s: round2((performance.now() - t0) / 1000),
      cpus: os.availableParallelism(),
      loadavg_1m: load(),
    })

    // A change of access (a member's CRM access toggled), committed as any other change is.
    const change = () => c.query(`UPDATE "Membership" SET "crmAccess" = NOT "crmAccess" WHERE id = $1`, [members[0].id])
    const all = cases(secret, members, teams, change)
    err(`server time: ${WARMUP} warm-up and ${RUNS} measured calls per case, interleaved…`)
    // The cases that change access first are timed on their own: between them the copy would be
    // out of date for the others' calls too.
    const steady = all.filter((c) => !c.before)
    for (const r of [...(await latency(steady)), ...(await latency(all.filter((c) => c.before)))]) {
      const target = r.c.checks === 100 && !r.c.before && !r.c.name.includes('explain') ? TARGET_P95_MS : undefined
      if (target !== undefined && r.p95 > target) missed = true
      out({
        bench: 'api-latency',
        case: r.c.name,
        checks: r.c.checks,
        runs: RUNS,
        p50_ms: round2(r.p50),
        p95_ms: round2(r.p95),
        p99_ms: round2(r.p99),
        sequential_rps: Math.round(1000 / r.mean),
        ...(target !== undefined && { target_p95_ms: target, ok: r.p95 <= target }),
        loadavg_1m: load(),
      })
    }
    err(`requests/s: ${CONCURRENCY} callers, ${SLICES} alternating slices of ${SLICE_MS} ms per route…`)
    const backends = async () =>
      (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid)
    for (const other of [all[1], all[2]]) {
      const [key, auth] = await throughput([all[0], other], backends)
      const ratio = auth.rps / key.rps
      // Judged over HTTP below; without it (BENCH_HTTP=0) here.
      const judged = other === all[1] && !HTTP
      if (judged && ratio < TARGET_RATIO) missed = true
      for (const r of [key, auth])
        out({
          bench: 'api-throughput',
          case: r.c.name,
          concurrency: CONCURRENCY,
          calls: r.calls,
          rps: Math.round(r.rps),
          cpu_ms_per_call: round2(r.cpuMsPerCall),
          ...(r.dbCpuMsPerCall !== null && { db_cpu_ms_per_call: round2(r.dbCpuMsPerCall) }),
          loadavg_1m: load(),
        })
      const cpu = (r: typeof key) => r.cpuMsPerCall + (r.dbCpuMsPerCall ?? 0)
      out({
        bench: 'api-throughput-ratio',
        case: auth.c.name,
        versus: key.c.name,
        ratio: round2(ratio),
        // The same ratio from the CPU both routes cost (this process and the database's), which
        // the machine's other work moves far less than requests/s.
        cpu_ratio: round2(cpu(key) / cpu(auth)),
        ...(judged && { target: TARGET_RATIO, ok: ratio >= TARGET_RATIO }),
      })
    }
    if (HTTP) {
      err(
        `requests/s over HTTP: the production server on this database, autocannon with ${CONCURRENCY} connections, ${HTTP_SLICES} alternating runs of ${HTTP_SLICE_S} s per route…`,
      )
      setDatabase(undefined)
      const server = await startServer({ databaseUrl: url.toString() })
      try {
        for (const other of [all[1], all[2]]) {
          const [key, auth] = await httpThroughput(server.base, [all[0], other], server.pid, backends)
          const ratio = auth.rps / key.rps
          const judged = other === all[1]
          if (judged && ratio < TARGET_RATIO) missed = true
          for (const r of [key, auth])
            out({
              bench: 'api-http',
              case: r.c.name,
              connections: CONCURRENCY,
              requests: r.requests,
              rps: Math.round(r.rps),
              server_cpu_ms_per_request: round2(r.serverCpuMsPerRequest),
              ...(r.dbCpuMsPerRequest !== null && { db_cpu_ms_per_request: round2(r.dbCpuMsPerRequest) }),
              loadavg_1m: load(),
            })
          const cpu = (r: typeof key) => r.serverCpuMsPerRequest + (r.dbCpuMsPerRequest ?? 0)
          out({
            bench: 'api-http-ratio',
            case: auth.c.name,
            versus: key.c.name,
            ratio: round2(ratio),
            cpu_ratio: round2(cpu(key) / cpu(auth)),
            ...(judged && { target: TARGET_RATIO, ok: ratio >= TARGET_RATIO }),
          })
        }
      } finally {
        await server.stop()
      }
    }
    if (failures) err(`${failures} calls did not answer 200: the figures are wrong`)
  } finally {
    setDatabase(undefined)
    await c.end().catch(() => {})
    await database.close().catch(() => {})
    if (process.env.BENCH_KEEP) err(`kept ${url} (DROP DATABASE "${name}" when done)`)
    else await drop()
  }
  if (failures || missed) process.exit(1)
}

main().catch((e) => {
  err((e as Error).stack ?? e)
  process.exit(1)
})
