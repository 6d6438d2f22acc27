// `npm run bench:authz`: a benchmark (not a test) of the authorization layer. Prints figures:
//  1. decisions per second of Access.can() on a fixed, deterministic workload of mixed personas;
//  2. the same decisions with @casl/ability v7 built from the same effective permissions, in the
//     same process, after checking that both engines answer identically on the whole workload;
//  3. the cost of loading access (lib/authz/load-access-query.ts + new Access) on PGlite in
//     memory, with the number of SQL queries per load counted, not assumed.
// The last line printed is JSON, for tools: {"ours_ops_per_s":…,"casl_ops_per_s":…,"ratio":…,
// "access_load_queries":…,"access_load_ms_p50":…,"access_load_ms_p95":…}.
//
// It imports no 'server-only' module: the database is opened with lib/db/open.ts directly.
// Run with `node --expose-gc` (e.g. NODE_OPTIONS=--expose-gc) to collect garbage between rounds;
// without it the figures are the same within noise, as the timed loop of ours allocates nothing.
import { PGlite } from '@electric-sql/pglite'
import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { Access, type AccessInput, type BaseRole } from '@/lib/authz/access'
import { LEAVES, isPermission } from '@/lib/authz/catalog'
import { loadAccessInputWith } from '@/lib/db/access-input'
import { getStarterRole } from '@/lib/authz/starter-roles'
import { PrismaClient } from '@/lib/db/generated/client'
import { migrate } from '@/lib/db/migrations'
import { openDatabase } from '@/lib/db/open'
import { PLANS, seed } from '@/lib/db/seed'

const log = (line = '') => console.log(line)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

// ---------------------------------------------------------------------------------------------
// The workload: personas × 200 query keys, drawn with a seeded PRNG (same workload every run).
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, seeded, deterministic PRNG. */
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

function plan(id: string) {
  const p = PLANS.find((x) => x.id === id)
  if (!p) throw new Error(`unknown plan ${id}`)
  return p
}

type Persona = { label: string; baseRole: BaseRole; template?: string; crmAccess: boolean; planId: string; directKeys?: string[] }

// The plan "team" has the integrations module off; one persona is on "free" (only contacts,
// inbox, settings and billing). Members come from the starter templates, with and without CRM.
const PERSONAS: Persona[] = [
  { label: 'owner', baseRole: 'OWNER', crmAccess: true, planId: 'team' },
  { label: 'admin', baseRole: 'ADMIN', crmAccess: true, planId: 'team' },
  { label: 'support_agent+crm', baseRole: 'MEMBER', template: 'support_agent', crmAccess: true, planId: 'team' },
  { label: 'support_agent-crm', baseRole: 'MEMBER', template: 'support_agent', crmAccess: false, planId: 'team' },
  { label: 'marketing+crm', baseRole: 'MEMBER', template: 'marketing', crmAccess: true, planId: 'team' },
  { label: 'marketing-crm', baseRole: 'MEMBER', template: 'marketing', crmAccess: false, planId: 'team' },
  // Direct grants on top of the template, one of them in a module the plan turns off.
  {
    label: 'operations_manager+crm+direct',
    baseRole: 'MEMBER',
    template: 'operations_manager',
    crmAccess: true,
    planId: 'team',
    directKeys: ['users.view', 'inbox.view.all_assigned', 'integrations.view'],
  },
  { label: 'campaign_manager+crm', baseRole: 'MEMBER', template: 'campaign_manager', crmAccess: true, planId: 'team' },
  { label: 'read_only-crm', baseRole: 'MEMBER', template: 'read_only', crmAccess: false, planId: 'team' },
  { label: 'full_access+crm', baseRole: 'MEMBER', template: 'full_access', crmAccess: true, planId: 'team' },
  { label: 'basic+crm (free plan)', baseRole: 'MEMBER', template: 'basic', crmAccess: true, planId: 'free' },
]

function accessFor(p: Persona, i: number): Access {
  const template = p.template ? getStarterRole(p.template) : undefined
  if (p.template && !template) throw new Error(`unknown starter template ${p.template}`)
  const pl = plan(p.planId)
  const input: AccessInput = {
    userId: `u${i}`,
    email: `p${i}@bench.example`,
    name: p.label,
    membershipId: `m${i}`,
    tenantId: 't',
    tenantName: 'Bench',
    tenantSlug: 'bench',
    baseRole: p.baseRole,
    status: 'ACTIVE',
    crmAccess: p.crmAccess,
    roleTemplateId: template?.id ?? null,
    roleTemplateName: template?.name ?? null,
    templateKeys: template?.permissions ?? [],
    directKeys: p.directKeys ?? [],
    teamIds: [],
    planId: pl.id,
    planName: pl.name,
    enabledModules: pl.enabledModules,
    requireTwoFactor: false,
    twoFactorEnabled: false,
  }
  return new Access(input)
}

// Keys no catalog entry has: retired or misspelled actions of real groups, unknown scopes of
// scoped actions, groups of modules that do not exist. `templates.delete` and
// `integrations.delete` sit next to a real `manage` action (see the CASL mapping below).
// Not included: a scope on an unscoped action (`contacts.create.own`): a CASL rule without
// fields allows every field, so CASL would say yes where ours says no; the app never asks it.
const MISSES = [
  'contacts.merge',
  'contacts.view.everyone',
  'contacts.edit.unassigned_team',
  'contact_lists.share',
  'inbox.archive',
  'inbox.send.everyone',
  'inbox.assign.team',
  'saved_replies.share',
  'broadcasts.duplicate',
  'templates.delete',
  'workflows.run',
  'analytics.delete',
  'integrations.delete',
  'users.impersonate',
  'roles.transfer',
  'billing.refund',
  'deals.view',
  'tickets.view.own',
  'invoices.manage',
  'reports.export',
]
for (const k of MISSES) if (isPermission(k)) throw new Error(`${k} is in the catalog: not a miss`)

const LEAF_KEYS = LEAVES.map((l) => l.key as string)
const SCOPED_ACTION_KEYS = [...new Set(LEAVES.filter((l) => l.scope).map((l) => l.action as string))]
const QUERY_COUNT = 200

function buildQueries(): string[] {
  const rand = prng(0x5eed_a11c)
  const pick = (a: readonly string[]) => a[Math.floor(rand() * a.length)]
  const out: string[] = []
  for (let i = 0; i < QUERY_COUNT; i++) {
    const r = rand()
    // 50% leaf keys (contacts.view.own, users.invite), 30% actions at any scope (contacts.view),
    // 20% unknown keys.
    out.push(r < 0.5 ? pick(LEAF_KEYS) : r < 0.8 ? pick(SCOPED_ACTION_KEYS) : pick(MISSES))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// CASL, set up the idiomatic way for the same rules.
//
// Mapping: subject = the permission group key (`contacts`, `inbox`, `users`, …), action = the
// action id (`view`, `send`, `invite`), and a scope is a FIELD of the subject:
//   leaf `users.invite`          → can('invite', 'users')                 check can('invite', 'users')
//   leaves `contacts.view.own`,
//          `contacts.view.team`  → can('view', 'contacts', ['own', 'team'])
//                                  check `contacts.view.own` as           can('view', 'contacts', 'own')
//   action at any scope `contacts.view`                   → check         can('view', 'contacts')
// CASL's own semantics give "any scope" for free: a check without a field passes when a rule
// allows at least one field. One rule per (group, action) the persona holds, built from the
// persona's effective permissions (Access.keys(): plan, CRM flag, role, template and grants
// already applied), which is also how an app using CASL would build its rules.
//
// CASL treats the action `manage` as "any action" (`anyAction`), and our catalog has real
// `manage` actions (templates.manage, integrations.manage, billing.manage): without renaming
// anyAction, `can('manage', 'templates')` would also allow `templates.delete`. So anyAction is
// set to a name the catalog never uses.
//
// The query keys are split into (action, subject, field) once, before timing, as call sites of
// an app written for CASL pass them separately: CASL is not charged for parsing our keys.
// ---------------------------------------------------------------------------------------------

type AppAbility = MongoAbility<[string, string]>
const CASL_OPTIONS = { anyAction: '__any_action__' }

function abilityFor(access: Access): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility)
  const rules = new Map<string, { subject: string; action: string; scopes: string[] }>()
  for (const key of access.keys()) {
    const leaf = LEAVES.find((l) => l.key === key)!
    const action = leaf.action.slice(leaf.groupKey.length + 1)
    const id = `${leaf.groupKey}.${action}`
    const rule = rules.get(id) ?? { subject: leaf.groupKey, action, scopes: [] }
    if (leaf.scope) rule.scopes.push(leaf.scope)
    rules.set(id, rule)
  }
  for (const r of rules.values()) {
    if (r.scopes.length) can(r.action, r.subject, r.scopes)
    else can(r.action, r.subject)
  }
  return build(CASL_OPTIONS)
}

type CaslQuery = { action: string; subject: string; field: string | undefined }
function toCasl(key: string): CaslQuery {
  const parts = key.split('.')
  if (parts.length < 2 || parts.length > 3) throw new Error(`query key ${key} has no CASL form`)
  return { subject: parts[0], action: parts[1], field: parts[2] }
}

// ---------------------------------------------------------------------------------------------
// Timing helpers
// ---------------------------------------------------------------------------------------------

const gc = (globalThis as { gc?: () => void }).gc
const now = () => process.hrtime.bigint()
const seconds = (from: bigint, to: bigint) => Number(to - from) / 1e9
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

// ---------------------------------------------------------------------------------------------
// 1 + 2: decisions per second
// ---------------------------------------------------------------------------------------------

function benchDecisions() {
  const accesses = PERSONAS.map(accessFor)
  const abilities = accesses.map(abilityFor)
  const keys = buildQueries()
  const casl = keys.map(toCasl)
  // Struct of arrays, so the timed CASL loop reads strings and allocates nothing of ours.
  const cActions = casl.map((q) => q.action)
  const cSubjects = casl.map((q) => q.subject)
  const cFields = casl.map((q) => q.field)

  // Both engines must agree on every decision of the workload before anything is timed.
  let mismatches = 0
  let hits = 0
  for (let p = 0; p < accesses.length; p++) {
    for (let q = 0; q < keys.length; q++) {
      const ours = accesses[p].can(keys[q])
      const theirs = abilities[p].can(cActions[q], cSubjects[q], cFields[q])
      if (ours) hits++
      if (ours !== theirs) {
        if (mismatches++ < 20) console.error(`MISMATCH ${PERSONAS[p].label} ${keys[q]}: ours=${ours} casl=${theirs}`)
      }
    }
  }
  const perPass = accesses.length * keys.length
  const composition = {
    leaf: keys.filter((k) => LEAF_KEYS.includes(k)).length,
    action: keys.filter((k) => SCOPED_ACTION_KEYS.includes(k)).length,
    miss: keys.filter((k) => !isPermission(k)).length,
  }
  log('Authorization decisions')
  log(`  catalog: ${LEAVES.length} leaves, ${SCOPED_ACTION_KEYS.length} scoped actions; ${PERSONAS.length} personas`)
  for (let p = 0; p < PERSONAS.length; p++)
    log(`    ${PERSONAS[p].label.padEnd(32)} ${String(accesses[p].keys().length).padStart(3)} leaves, ${abilities[p].rules.length} CASL rules`)
  log(
    `  workload: ${keys.length} query keys (${composition.leaf} leaf keys, ${composition.action} any-scope action keys, ${composition.miss} unknown keys) × ${PERSONAS.length} personas = ${perPass} decisions per pass`,
  )
  log(`  hit ratio: ${hits}/${perPass} = ${((100 * hits) / perPass).toFixed(1)}% allowed`)
  if (mismatches) {
    console.error(`${mismatches} decision(s) differ between Access.can() and CASL: not timing.`)
    process.exit(1)
  }
  log(`  verified: Access.can() and CASL agree on all ${perPass} decisions`)

  // The timed loops: indexes into prebuilt arrays and a counter, nothing allocated.
  const runOurs = (passes: number) => {
    let n = 0
    for (let r = 0; r < passes; r++) {
      for (let p = 0; p < accesses.length; p++) {
        const a = accesses[p]
        for (let q = 0; q < keys.length; q++) if (a.can(keys[q])) n++
      }
    }
    return n
  }
  const runCasl = (passes: number) => {
    let n = 0
    for (let r = 0; r < passes; r++) {
      for (let p = 0; p < abilities.length; p++) {
        const a = abilities[p]
        for (let q = 0; q < cActions.length; q++) if (a.can(cActions[q], cSubjects[q], cFields[q])) n++
      }
    }
    return n
  }

  type Engine = { name: string; run: (passes: number) => number; passes: number; rates: number[] }
  const engines: Engine[] = [
    { name: 'Access.can()', run: runOurs, passes: 1, rates: [] },
    { name: '@casl/ability', run: runCasl, passes: 1, rates: [] },
  ]
  const timeRound = (e: Engine) => {
    gc?.()
    const t0 = now()
    const n = e.run(e.passes)
    const t1 = now()
    // Checks the result too, so the loop cannot be optimized away and stays correct.
    if (n !== hits * e.passes) throw new Error(`${e.name}: ${n} hits, expected ${hits * e.passes}`)
    return seconds(t0, t1)
  }

  // Warm-up (~0.5 s each, so both are optimized), then size a round to ~250 ms.
  for (const e of engines) {
    const end = now() + 500_000_000n
    while (now() < end) {
      const s = timeRound(e)
      if (s < 0.05) e.passes *= 2
    }
    e.passes = Math.max(1, Math.round((e.passes * 0.25) / timeRound(e)))
  }
  const ROUNDS = 9
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so drift (thermal, other processes) hits both alike.
    for (const e of r % 2 ? [...engines].reverse() : engines) e.rates.push((e.passes * perPass) / timeRound(e))
  }
  const [ours, casl_] = engines.map((e) => median(e.rates))
  log(`  timing: ${ROUNDS} rounds each after warm-up, median${gc ? ', gc between rounds' : ''}`)
  for (const e of engines) {
    log(
      `    ${e.name.padEnd(14)} ${fmt(median(e.rates)).padStart(13)} decisions/s (min ${fmt(Math.min(...e.rates))}, max ${fmt(Math.max(...e.rates))}; ${fmt(e.passes * perPass)} decisions/round)`,
    )
  }
  log(`    ratio ours/casl: ${(ours / casl_).toFixed(1)}×`)
  return { ours, casl: casl_ }
}

// ---------------------------------------------------------------------------------------------
// 3: loading access from PGlite
// ---------------------------------------------------------------------------------------------

// Every statement reaches PGlite through `query` (the Prisma adapter's queries) or `exec`
// (scripts): both are counted, on the prototype since openDatabase keeps its instance private.
// The instance is noted too, for a second Prisma client that logs queries (the cross-check).
const counter = { query: 0, exec: 0, instance: undefined as PGlite | undefined }
const proto = PGlite.prototype
const originalQuery = proto.query
const originalExec = proto.exec
proto.query = function (this: PGlite, ...args: Parameters<PGlite['query']>) {
  counter.query++
  counter.instance ??= this
  return originalQuery.apply(this, args)
} as PGlite['query']
proto.exec = function (this: PGlite, ...args: Parameters<PGlite['exec']>) {
  counter.exec++
  counter.instance ??= this
  return originalExec.apply(this, args)
} as PGlite['exec']

async function benchAccessLoad() {
  const database = openDatabase({ pgliteDir: 'memory://' })
  const t0 = now()
  await migrate(database)
  const seeded = await seed(database.prisma, { ownerPassword: 'bench-owner-password', demoPassword: 'bench-demo-password' })
  if (!seeded.seeded) throw new Error('seed did nothing on a fresh database')
  const tSetup = seconds(t0, now())
  const { tenantId } = seeded
  const members = await database.prisma.membership.findMany({
    where: { tenantId, status: 'ACTIVE' },
    select: { userId: true, baseRole: true, user: { select: { email: true } } },
    orderBy: { createdAt: 'asc' },
  })

  // What getAccess does after reading the session: one load, then the Access object.
  const load = async (prisma: PrismaClient, userId: string) => {
    const input = await loadAccessInputWith(prisma, userId, tenantId)
    if (!input || input.status !== 'ACTIVE') throw new Error(`no active membership for ${userId}`)
    return new Access(input)
  }

  // Sanity: the seeded support agent (team plan, CRM on) has the persona's permissions.
  const agent = members.find((m) => m.user.email === 'agent@example.com')
  if (agent) {
    const fromDb = (await load(database.prisma, agent.userId)).keys().join(',')
    const persona = PERSONAS.findIndex((p) => p.label === 'support_agent+crm')
    const inMemory = accessFor(PERSONAS[persona], persona).keys().join(',')
    if (fromDb !== inMemory) {
      console.error('The seeded support agent loads other permissions than the in-memory persona.')
      process.exit(1)
    }
  }

  // Warm-up: Prisma's first query and PGlite's first query (it reads its array types then).
  for (let i = 0; i < 20; i++) for (const m of members) await load(database.prisma, m.userId)

  const LOADS_PER_MEMBER = 200
  const times: number[] = []
  const perLoad: number[] = []
  for (let i = 0; i < LOADS_PER_MEMBER; i++) {
    for (const m of members) {
      const q0 = counter.query + counter.exec
      const a = now()
      await load(database.prisma, m.userId)
      const b = now()
      perLoad.push(counter.query + counter.exec - q0)
      times.push(seconds(a, b) * 1000)
    }
  }

  // Cross-check the count with Prisma's own query events, on a second client over the same
  // PGlite instance (the app's client is built without logging).
  let prismaEvents = Number.NaN
  if (counter.instance) {
    const logged = new PrismaClient({ adapter: new PrismaPGlite(counter.instance), log: [{ emit: 'event', level: 'query' }] })
    let events = 0
    logged.$on('query', () => void events++)
    await load(logged, members[0].userId) // its first query connects
    events = 0
    for (const m of members) await load(logged, m.userId)
    prismaEvents = events / members.length
    await logged.$disconnect()
  }
  await database.close()

  const queries = perLoad.reduce((s, x) => s + x, 0) / perLoad.length
  const p50 = percentile(times, 50)
  const p95 = percentile(times, 95)
  log()
  log('Loading access (PGlite in memory)')
  log(`  setup: migrate + seed in ${tSetup.toFixed(2)} s; ${members.length} active members (${members.map((m) => m.baseRole.toLowerCase()).join(', ')})`)
  log(`  ${times.length} loads (${LOADS_PER_MEMBER} per member, after 20 warm-up rounds), each loadAccessInputWith + new Access`)
  log(
    `    p50 ${p50.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms, mean ${(times.reduce((s, x) => s + x, 0) / times.length).toFixed(3)} ms, max ${Math.max(...times).toFixed(3)} ms`,
  )
  log(`    SQL statements per load, counted at PGlite (query + exec calls): ${queries} (min ${Math.min(...perLoad)}, max ${Math.max(...perLoad)})`)
  log(`    Prisma query events per load (logging client, cross-check): ${prismaEvents}`)
  if (prismaEvents !== queries) log(`    NOTE: the two counts differ`)
  return { queries, p50, p95 }
}

// ---------------------------------------------------------------------------------------------

const decisions = benchDecisions()
const loads = await benchAccessLoad()
const round3 = (n: number) => Math.round(n * 1000) / 1000
log()
console.log(
  JSON.stringify({
    ours_ops_per_s: Math.round(decisions.ours),
    casl_ops_per_s: Math.round(decisions.casl),
    ratio: Math.round((decisions.ours / decisions.casl) * 10) / 10,
    access_load_queries: round3(loads.queries),
    access_load_ms_p50: round3(loads.p50),
    access_load_ms_p95: round3(loads.p95),
  }),
)
