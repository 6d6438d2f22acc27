// `npm run bench:members`: server time of the Settings → Users table with 10,000 members in one
// workspace on PostgreSQL, and whether the SQL Prisma runs for it uses Membership's indexes.
// A benchmark, not a test: it prints JSON lines on stdout (diagnostics on stderr) and exits
// non-zero only when it could not run.
//
// It times the real loadMembersPage(tenantId, parseMemberQuery(params)), i.e. what the page
// awaits (one statement: the page with its relations, the total, seats, plan and pickers). That
// function reaches the database through lib/db/client.ts, which imports 'server-only'; run
// with `tsx --conditions=react-server` (package.json does) so that marker resolves to its empty
// react-server export, then setDatabase() swaps in the benchmark database as the tests do.
//
// Env: BENCH_DATABASE_URL or TEST_DATABASE_URL (a server where we may CREATE DATABASE; default
// postgresql://postgres@127.0.0.1:5432/postgres). A database teamgate_bench_<random> is
// created, migrated, filled and dropped at the end, also on failure. BENCH_OTHER_WORKSPACES=<n>
// adds n workspaces of 2,000 members each around the measured one (default 0).
import { randomBytes } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { getStarterRole } from '@/lib/authz/starter-roles'
import { setDatabase } from '@/lib/db/client'
import { PrismaClient } from '@/lib/db/generated/client'
import { loadMembersPage } from '@/lib/db/member-list'
import { migrate } from '@/lib/db/migrations'
import { openDatabase } from '@/lib/db/open'
import { PLANS } from '@/lib/db/seed'
import { parseMemberQuery } from '@/lib/validation/members'

const N = 10_000
const WARMUP = 20
const RUNS = 200
const TARGET_P95_MS = 50
const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
const err = (...a: unknown[]) => console.error('[bench:members]', ...a)
const out = (o: object) => console.log(JSON.stringify(o))

/** mulberry32: seeded, so every run benchmarks the same data. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}
const round2 = (n: number) => Math.round(n * 100) / 100

// Names without "smith" in them; every 250th member is a Smith, so `q=smith` matches 40.
const FIRST =
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Paul Ashley Steven Emily Andrew Donna Joshua Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah Ronald Laura Jason Rebecca Ryan Sharon Jacob Cynthia Gary Kathleen Nicholas Amy Eric Angela Jonathan Anna Aisha Wei Sofia Mateo Priya Kenji Olga Lucas Fatima Noah'.split(
    ' ',
  )
const LAST =
  'Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Kowalski Novak Schmidt Rossi Dubois Tanaka Sato Chen Wang Singh Okafor'.split(
    ' ',
  )
const DOMAINS = ['acme.example', 'mail.example', 'corp.example', 'example.org']

async function seedWorkspace(prisma: PrismaClient) {
  const rand = prng(0x10_000)
  await prisma.plan.createMany({ data: PLANS })
  const tenant = await prisma.tenant.create({ data: { name: 'Bench Inc.', slug: 'bench', planId: 'business' } })
  const templateIds: string[] = []
  for (const key of ['support_agent', 'marketing', 'operations_manager', 'campaign_manager', 'read_only']) {
    const t = getStarterRole(key)!
    const row = await prisma.roleTemplate.create({
      data: { tenantId: tenant.id, name: t.name, permissions: { create: t.permissions.map((k) => ({ key: k })) } },
    })
    templateIds.push(row.id)
  }
  const teamIds: string[] = []
  for (const name of ['Support', 'Sales', 'Marketing', 'Operations', 'EMEA', 'APAC'])
    teamIds.push((await prisma.team.create({ data: { tenantId: tenant.id, name } })).id)

  const now = Date.now()
  const day = 86_400_000
  const users = [],
    memberships = [],
    teamMembers = [],
    invitations = []
  for (let i = 0; i < N; i++) {
    const first = FIRST[Math.floor(rand() * FIRST.length)]
    const last = i % 250 === 17 ? 'Smith' : LAST[Math.floor(rand() * LAST.length)]
    const id = `bench${String(i).padStart(5, '0')}${randomBytes(6).toString('hex')}`
    const r = rand()
    const status = i === 0 ? 'ACTIVE' : r < 0.85 ? 'ACTIVE' : r < 0.95 ? 'INVITED' : 'SUSPENDED'
    const baseRole = i === 0 ? 'OWNER' : rand() < 0.03 ? 'ADMIN' : 'MEMBER'
    const template = baseRole === 'MEMBER' && rand() < 1 / 3 ? templateIds[Math.floor(rand() * templateIds.length)] : null
    const createdAt = new Date(now - Math.floor(rand() * 3 * 365 * day))
    // Invited members never signed in; about 10% of the others have not yet either.
    const lastLoginAt = status === 'INVITED' || rand() < 0.1 ? null : new Date(now - Math.floor(rand() * 365 * day))
    users.push({
      id,
      email: `${first}.${last}.${i}@${DOMAINS[i % DOMAINS.length]}`.toLowerCase(),
      name: status === 'INVITED' && rand() < 0.5 ? '' : `${first} ${last}`,
      createdAt,
    })
    memberships.push({
      id,
      tenantId: tenant.id,
      userId: id,
      baseRole,
      status,
      crmAccess: rand() < 0.7,
      roleTemplateId: template,
      lastLoginAt,
      createdAt,
    } as const)
    if (rand() < 0.4)
      for (const t of new Set([teamIds[i % teamIds.length], teamIds[Math.floor(rand() * teamIds.length)]])) teamMembers.push({ teamId: t, membershipId: id })
    if (status === 'INVITED')
      invitations.push({ membershipId: id, tokenHash: randomBytes(32).toString('hex'), expiresAt: new Date(now + (rand() * 14 - 7) * day) })
  }
  const chunks = <T>(xs: T[], size = 2000) => Array.from({ length: Math.ceil(xs.length / size) }, (_, k) => xs.slice(k * size, (k + 1) * size))
  for (const c of chunks(users)) await prisma.user.createMany({ data: c })
  for (const c of chunks(memberships)) await prisma.membership.createMany({ data: c })
  for (const c of chunks(teamMembers)) await prisma.teamMember.createMany({ data: c })
  for (const c of chunks(invitations)) await prisma.invitation.createMany({ data: c })
  return { tenantId: tenant.id, templateId: templateIds[0] }
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }
/** Every scan of a plan, e.g. "Index Scan on Membership using Membership_pkey" ("Bitmap Index Scan using …" has no relation). */
function scans(node: PlanNode, acc: string[] = []): string[] {
  const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : ''
  if (on || node['Index Name']) acc.push(`${node['Node Type']}${on}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`)
  for (const child of node.Plans ?? []) scans(child, acc)
  return acc
}

async function main() {
  const name = `teamgate_bench_${randomBytes(6).toString('hex')}`
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
  // A second client over its own pool that logs every statement, to EXPLAIN what Prisma runs.
  // It is used once per case, outside the timed runs (event logging costs time).
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 })
  const logging = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: 'event', level: 'query' }] })
  const captured: { query: string; params: string }[] = []
  logging.$on('query', (e) => void captured.push({ query: e.query, params: e.params }))
  try {
    const t0 = performance.now()
    await migrate(database)
    const { tenantId, templateId } = await seedWorkspace(database.prisma)
    // Optionally other workspaces around it (copies of its first 2,000 members, ids sort by
    // index), so the planner faces a multi-tenant table where User and Membership are shared.
    const others = Number(process.env.BENCH_OTHER_WORKSPACES) || 0
    if (others > 0) {
      await database.exec(`
        INSERT INTO "Tenant" (id, name, slug, "planId") SELECT 'other' || t, 'Other ' || t, 'other-' || t, 'team' FROM generate_series(1, ${others}) t;
        INSERT INTO "User" (id, email, name, "updatedAt") SELECT 'u' || t || u.id, t || '.' || u.email, u.name, now() FROM "User" u, generate_series(1, ${others}) t WHERE u.id < 'bench02000';
        INSERT INTO "Membership" (id, "tenantId", "userId", "baseRole", status, "crmAccess", "lastLoginAt", "createdAt", "updatedAt")
          SELECT 'm' || t || m.id, 'other' || t, 'u' || t || m."userId", m."baseRole", m.status, m."crmAccess", m."lastLoginAt", m."createdAt", now() FROM "Membership" m, generate_series(1, ${others}) t WHERE m.id < 'bench02000';`)
    }
    await database.exec('ANALYZE')
    const [{ version }] = await database.query<{ version: string }>('SELECT version()')
    out({
      bench: 'members-setup',
      postgres: version.split(' on ')[0],
      members: N,
      other_workspaces: others,
      other_memberships: others * 2000,
      setup_s: round2((performance.now() - t0) / 1000),
    })

    const cases: [string, Record<string, string>][] = [
      ['first page', {}],
      ['sorted: name desc', { sort: 'name', dir: 'desc' }],
      ['sorted: lastLogin', { sort: 'lastLogin' }],
      ['search: smith', { q: 'smith' }],
      ['filtered: suspended members with a template', { status: 'SUSPENDED', role: 'MEMBER', template: templateId }],
      ['deep page: 200', { page: '200' }],
    ]
    for (const [label, params] of cases) {
      setDatabase(database)
      const run = () => loadMembersPage(tenantId, parseMemberQuery(params))
      for (let i = 0; i < WARMUP; i++) await run()
      const times: number[] = []
      let total = 0
      for (let i = 0; i < RUNS; i++) {
        const a = performance.now()
        total = (await run()).list.total
        times.push(performance.now() - a)
      }
      const p95 = percentile(times, 95)
      out({
        bench: 'members',
        case: label,
        n: N,
        total,
        runs: RUNS,
        p50_ms: round2(percentile(times, 50)),
        p95_ms: round2(p95),
        target_p95_ms: TARGET_P95_MS,
        ok: p95 <= TARGET_P95_MS,
      })

      // The same call once through the logging client, then each SELECT it ran under EXPLAIN
      // with its real parameters (the plan PostgreSQL picks for those values).
      captured.length = 0
      setDatabase({ ...database, prisma: logging })
      await run()
      const nodes: string[] = []
      const statements = captured.filter((c) => /^\s*(SELECT|WITH)\b/i.test(c.query))
      for (const s of statements) {
        const [row] = (await pool.query(`EXPLAIN (FORMAT JSON) ${s.query}`, JSON.parse(s.params))).rows as { 'QUERY PLAN': [{ Plan: PlanNode }] }[]
        nodes.push(...scans(row['QUERY PLAN'][0].Plan))
      }
      // Membership is read through an index when no scan of it is sequential.
      const onMembership = nodes.filter((n) => / on Membership( |$)/.test(n) || n.includes(' using Membership_'))
      const usesIndex = onMembership.length > 0 && !onMembership.some((n) => n.startsWith('Seq Scan'))
      out({ bench: 'members-plan', case: label, statements: statements.length, uses_index: usesIndex, nodes: [...new Set(nodes)] })
    }
  } finally {
    setDatabase(undefined)
    await logging.$disconnect().catch(() => {})
    await pool.end().catch(() => {})
    await database.close().catch(() => {})
    await drop()
  }
}

main().catch((e) => {
  err((e as Error).stack ?? e)
  process.exit(1)
})
