import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { NextRequest } from 'next/server'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Access } from '@/lib/authz/access'
import { isPermission } from '@/lib/authz/catalog'
import type { AccessState } from '@/lib/authz/get-access'
import { actionRegistry, type Requirement } from '@/lib/authz/guards'
import type { ActionResult } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { startSession } from '@/lib/db/sessions'
import { APP, ROOT, discoverActions, schemaFields, walk, type AppAction } from '../support/app-actions'
import { databaseChecksum } from '../support/checksum'
import { accessOf, createWorkspace } from '../support/fixtures'
import { allows, seedPersonas, type Persona } from '../support/personas'
import { ACTION_REQUIREMENTS, API_REQUIREMENTS, BEFORE_TWO_FACTOR, PAGE_REQUIREMENTS, unseparatedPairs } from '../support/requirements'

// The security matrix. Every server action (found in app/ by app-actions.ts, so a new one is
// covered the moment it exists) and every gated route handler, called as each persona. The
// expected outcome comes from the reviewed table (tests/support/requirements.ts) and the catalog
// (an Access built from the persona's spec), never from the code under test: a gate changed in
// the code fails here until the table says the same. Then: ids of another workspace are refused as not found, and change nothing.

// Route handlers read the session through getAccess(); here it returns the persona's state.
const session = vi.hoisted(() => ({ state: { status: 'anonymous' } as AccessState }))
vi.mock('@/lib/authz/get-access', () => ({ getAccess: async () => session.state }))

const actions = await discoverActions()

/** What the reviewed table says an action requires (a name missing from it fails the comparison test). */
function tableRequirement(name: string): Requirement | 'public' {
  return (name in ACTION_REQUIREMENTS ? ACTION_REQUIREMENTS[name] : 'missing from the table') as Requirement | 'public'
}

type Outcome = 'unauthenticated' | 'two_factor_required' | 'forbidden' | 'allowed'

/**
 * What the catalog says a persona gets from a gate with this requirement; `beforeTwoFactor`: the
 * reviewed table lets it in before two-factor sign-in is set up where the workspace requires it.
 */
function expectedOutcome(p: Persona, req: Requirement | 'public', beforeTwoFactor = false): Outcome {
  if (req === 'public') return 'allowed'
  if (p.expected === 'unauthenticated') return 'unauthenticated'
  if (p.expected.twoFactorPending && !beforeTwoFactor) return 'two_factor_required'
  return allows(p.expected, req) ? 'allowed' : 'forbidden'
}

const actionBeforeTwoFactor = (name: string) => (BEFORE_TWO_FACTOR.actions as readonly string[]).includes(name)

/**
 * What an action answered to an empty payload. Past the gate, an empty payload is a validation
 * failure ('invalid') — or, when the schema accepts `{}`, whatever the handler does.
 */
function actionOutcome(r: ActionResult<unknown>, emptyIsValid: boolean): string {
  if (!r.ok && (r.code === 'unauthenticated' || r.code === 'two_factor_required' || r.code === 'forbidden')) return r.code
  if (emptyIsValid) return 'allowed'
  return !r.ok && r.code === 'invalid' ? 'allowed' : `unexpected ${JSON.stringify(r)}`
}

function requirementKeys(req: Requirement | 'public'): string[] {
  return req === null || req === 'public' ? [] : typeof req === 'string' ? [req] : [...req]
}

describe('the action registry', () => {
  it("every action registered through defineAction is exported from a 'use server' file, and vice versa", () => {
    expect(actions.length).toBeGreaterThan(20)
    expect(actions.length).toBe(actionRegistry.length)
    const unmatched = [...actionRegistry]
    const notRegistered: string[] = []
    for (const a of actions) {
      const i = unmatched.findIndex((r) => r.schema === a.action.schema && r.permission === a.action.permission)
      if (i === -1) notRegistered.push(a.id)
      else unmatched.splice(i, 1)
    }
    expect(notRegistered).toEqual([])
    expect(unmatched).toEqual([])
  })

  it('export names are unique across files (the tables below are keyed by them)', () => {
    const names = actions.map((a) => a.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('every action’s gate is the one the reviewed table states, and the table names no action that does not exist', () => {
    const stated = Object.fromEntries(actions.map((a) => [a.name, a.action.permission]))
    expect(stated).toEqual(ACTION_REQUIREMENTS)
  })

  it('the actions callable before two-factor sign-in is set up (where a workspace requires it) are those the table states', () => {
    const stated = actions
      .filter((a) => a.action.permission !== 'public' && a.action.beforeTwoFactor)
      .map((a) => a.name)
      .sort()
    expect(stated).toEqual([...BEFORE_TWO_FACTOR.actions].sort())
    // A public action needs no session, so no second factor either.
    expect(actions.filter((a) => a.action.permission === 'public').every((a) => a.action.beforeTwoFactor)).toBe(true)
  })

  it('every requirement names a permission of the catalog; only the invitation, email-change and password-reset links (and asking for one) are public', () => {
    const unknown = actions.flatMap((a) =>
      requirementKeys(a.action.permission)
        .filter((k) => !isPermission(k))
        .map((k) => `${a.id}: ${k}`),
    )
    expect(unknown).toEqual([])
    expect(
      actions
        .filter((a) => a.action.permission === 'public')
        .map((a) => a.name)
        .sort(),
    ).toEqual(['acceptInvite', 'confirmEmailChange', 'requestPasswordReset', 'resetPassword'])
  })
})

// Seeded once for the file: the actions are called with payloads that fail validation and the
// routes only read, so the personas are the same for both matrices.
let seeded: ReturnType<typeof seedPersonas> | undefined
const personasOnce = () => (seeded ??= seedPersonas())

describe('security matrix: every action × every persona', () => {
  let personas: Persona[]
  beforeAll(async () => {
    ;({ personas } = await personasOnce())
  })

  it('each persona’s access, as loaded for a request, is what the catalog computes for it', () => {
    expect(personas.length).toBeGreaterThanOrEqual(15)
    for (const p of personas) {
      if (p.expected === 'unauthenticated') {
        expect(p.state.status, p.name).not.toBe('ok')
        continue
      }
      expect(p.state.status, p.name).toBe('ok')
      const loaded = (p.state as { access: Access }).access
      expect(loaded.keys(), p.name).toEqual(p.expected.keys())
      expect(loaded.twoFactorPending, p.name).toBe(p.expected.twoFactorPending)
    }
  })

  it('the personas tell apart every two requirements of the table (a persona holds one and not the other)', () => {
    const holders = personas.map((p) => ({ name: p.name, holds: (keys: string[]) => p.expected !== 'unauthenticated' && p.expected.canAny(keys) }))
    expect(unseparatedPairs(holders)).toEqual([])
  })

  it.each(actions.map((a) => [a.id, a] as const))('%s', async (_id, { action, name }) => {
    const emptyIsValid = action.schema.safeParse({}).success
    const expected: Record<string, Outcome> = {}
    const actual: Record<string, string> = {}
    for (const p of personas) {
      expected[p.name] = expectedOutcome(p, tableRequirement(name), actionBeforeTwoFactor(name))
      actual[p.name] = actionOutcome(await action.run(p.state, {}), emptyIsValid)
    }
    expect(actual).toEqual(expected)
    // Not vacuous: a gated action lets someone in and keeps someone out.
    const outcomes = new Set(Object.values(expected))
    if (tableRequirement(name) === 'public') expect([...outcomes]).toEqual(['allowed'])
    else {
      expect(outcomes.has('allowed') && outcomes.has('unauthenticated')).toBe(true)
      if (tableRequirement(name) !== null) expect(outcomes.has('forbidden')).toBe(true)
      expect(outcomes.has('two_factor_required')).toBe(!actionBeforeTwoFactor(name))
    }
  })
})

// ─── Route handlers ──────────────────────────────────────────────────────────────────────

/** Routes that are not the app's to gate: next-auth's own endpoints (sign-in, session, CSRF). */
const UNGATED_ROUTES = [path.join('app', 'api', 'auth', '[...nextauth]', 'route.ts')]

type Route = { file: string; requirement: Requirement; GET: (req: NextRequest) => Promise<Response> }

function routeRequirement(file: string, source: string): Requirement | undefined {
  const calls = [...source.matchAll(/requireRoute\(\s*([^)]*?)\s*\)/g)]
  if (calls.length > 1) throw new Error(`${file}: more than one requireRoute call`)
  if (calls.length === 1) return JSON.parse(calls[0][1].replaceAll("'", '"')) as Requirement
  // Not requireRoute: a route reading the access itself answers any active member (null).
  if (/\bgetAccess\(\)/.test(source)) return null
  return undefined
}

/** The API's routes answer for a key, not a session: its own matrix covers them, from its registry (api-matrix.test.ts). */
const API_DIR = path.join('app', 'api', 'v1') + path.sep

const routeFiles = walk(APP).filter((f) => /^route\.[jt]s$/.test(path.basename(f)))
const routes: Route[] = []
const ungated: string[] = []
for (const abs of routeFiles.sort()) {
  const file = path.relative(ROOT, abs)
  if (file.startsWith(API_DIR)) continue
  const requirement = routeRequirement(file, fs.readFileSync(abs, 'utf8'))
  if (requirement === undefined) {
    ungated.push(file)
    continue
  }
  const mod = (await import(abs)) as { GET?: Route['GET'] }
  if (!mod.GET) throw new Error(`${file}: a gated route without GET`)
  routes.push({ file, requirement, GET: mod.GET })
}

/** What the reviewed table says a route handler requires. */
function tableRoute(file: string): Requirement {
  const stated = file in API_REQUIREMENTS ? API_REQUIREMENTS[file] : file in PAGE_REQUIREMENTS ? PAGE_REQUIREMENTS[file].at(-1) : 'missing from the table'
  return stated as Requirement
}

describe('security matrix: every route handler × every persona', () => {
  let personas: Persona[]
  beforeAll(async () => {
    ;({ personas } = await personasOnce())
  })

  it('every route handler’s gate is the one the reviewed table states', () => {
    const table = {
      ...API_REQUIREMENTS,
      ...Object.fromEntries(
        Object.entries(PAGE_REQUIREMENTS)
          .filter(([f]) => f.endsWith('route.ts'))
          .map(([f, gates]) => [f, gates.at(-1)]),
      ),
    }
    expect(Object.fromEntries(routes.map((r) => [r.file, r.requirement]))).toEqual(table)
  })

  it('finds the gated routes; the only ungated one is next-auth’s', () => {
    expect(routes.length).toBeGreaterThanOrEqual(4)
    expect(ungated).toEqual(UNGATED_ROUTES)
    expect(routes.flatMap((r) => requirementKeys(r.requirement)).filter((k) => !isPermission(k))).toEqual([])
  })

  it.each(routes.map((r) => [r.file, r] as const))('%s', async (_file, route) => {
    const status = { unauthenticated: 401, two_factor_required: 403, forbidden: 403, allowed: 200 } as const
    const expected: Record<string, number> = {}
    const actual: Record<string, number> = {}
    const beforeTwoFactor = (BEFORE_TWO_FACTOR.files as readonly string[]).includes(route.file)
    for (const p of personas) {
      session.state = p.state
      const res = await route.GET(new NextRequest('http://localhost/export?q=&page=1'))
      const want = expectedOutcome(p, tableRoute(route.file), beforeTwoFactor)
      expected[p.name] = status[want]
      actual[p.name] = res.status
      expect(res.headers.get('cache-control'), `${p.name}: no-store`).toBe('no-store')
      // Held back for two-factor sign-in: problem details that say so, not the plain 403.
      if (want === 'two_factor_required') expect(res.headers.get('content-type'), `${p.name}: problem details`).toBe('application/problem+json')
      if (res.status === 200 && res.headers.get('content-type')?.startsWith('application/json')) {
        // /api/me/access: the permissions it reports are the catalog's for this persona.
        const body = (await res.json()) as { permissions: string[] }
        expect(body.permissions, p.name).toEqual((p.expected as Access).keys())
      } else {
        await res.arrayBuffer()
      }
    }
    session.state = { status: 'anonymous' }
    expect(actual).toEqual(expected)
    expect(Object.values(expected)).toContain(200)
    expect(Object.values(expected)).toContain(401)
    if (tableRoute(route.file) !== null) expect(Object.values(expected)).toContain(403)
  })
})

// ─── Ids of another workspace ────────────────────────────────────────────────────────────

/** The records of one workspace that actions take ids of. */
type Ids = { member: string; invited: string; team: string; role: string; contact: string; session: string; apiKey: string; endpoint: string; delivery: string }

type Expect = 'not_found' | { fieldError: string } | { reportedError: string }
type CrossCase = { field: string; expect: Expect; payload: (own: Ids, foreign: Ids) => Record<string, unknown> }

/** Ids that are shared by every workspace, so "another workspace's" does not apply. */
const GLOBAL_ID_FIELDS: Record<string, string> = { planId: 'plans are global (Free, Team, Business)' }

const isIdField = (field: string) => /(Id|Ids)$|^(add|remove)$/.test(field.split('.').at(-1)!)

const member = (m: string, change: Record<string, unknown> = {}) => ({
  memberId: m,
  version: 1,
  baseRole: 'MEMBER',
  roleTemplateId: null,
  crmAccess: false,
  teamIds: [],
  permissions: [],
  ...change,
})

/**
 * For the owner of workspace A: a payload valid in shape whose `field` holds an id of workspace
 * B (the other ids are A's own). Primary ids are not found; secondary ones (where something
 * goes, who owns it) are a field error on that field.
 */
const CROSS: Record<string, CrossCase[]> = {
  createContact: [
    { field: 'ownerId', expect: { fieldError: 'ownerId' }, payload: (_a, x) => ({ name: 'Mallory', ownerId: x.member }) },
    { field: 'teamId', expect: { fieldError: 'teamId' }, payload: (a, x) => ({ name: 'Mallory', ownerId: a.member, teamId: x.team }) },
  ],
  updateContact: [{ field: 'contactId', expect: 'not_found', payload: (_a, x) => ({ contactId: x.contact, name: 'Renamed', email: '' }) }],
  assignContact: [
    { field: 'contactId', expect: 'not_found', payload: (a, x) => ({ contactId: x.contact, ownerId: a.member, teamId: a.team }) },
    { field: 'ownerId', expect: { fieldError: 'ownerId' }, payload: (a, x) => ({ contactId: a.contact, ownerId: x.member, teamId: null }) },
    { field: 'teamId', expect: { fieldError: 'teamId' }, payload: (a, x) => ({ contactId: a.contact, ownerId: null, teamId: x.team }) },
  ],
  deleteContact: [{ field: 'contactId', expect: 'not_found', payload: (_a, x) => ({ contactId: x.contact }) }],
  renameTeam: [{ field: 'teamId', expect: 'not_found', payload: (_a, x) => ({ teamId: x.team, name: 'Renamed' }) }],
  deleteTeam: [{ field: 'teamId', expect: 'not_found', payload: (_a, x) => ({ teamId: x.team }) }],
  setTeamMembers: [
    { field: 'teamId', expect: 'not_found', payload: (a, x) => ({ teamId: x.team, add: [a.member] }) },
    { field: 'add', expect: 'not_found', payload: (a, x) => ({ teamId: a.team, add: [x.member] }) },
    { field: 'remove', expect: 'not_found', payload: (a, x) => ({ teamId: a.team, remove: [x.member] }) },
  ],
  setMemberStatus: [
    { field: 'memberIds', expect: 'not_found', payload: (_a, x) => ({ memberIds: [x.member], status: 'SUSPENDED' }) },
    { field: 'memberIds', expect: 'not_found', payload: (a, x) => ({ memberIds: [a.member, x.member], status: 'SUSPENDED' }) },
  ],
  deleteMembers: [
    { field: 'memberIds', expect: 'not_found', payload: (a, x) => ({ memberIds: [a.member, x.member] }) },
    { field: 'reassignId', expect: { fieldError: 'reassignId' }, payload: (a, x) => ({ memberIds: [a.member], reassignTo: 'member', reassignId: x.member }) },
    { field: 'reassignId', expect: { fieldError: 'reassignId' }, payload: (a, x) => ({ memberIds: [a.member], reassignTo: 'team', reassignId: x.team }) },
  ],
  setMembersTemplate: [
    { field: 'memberIds', expect: 'not_found', payload: (a, x) => ({ memberIds: [x.member], roleTemplateId: a.role }) },
    { field: 'roleTemplateId', expect: 'not_found', payload: (a, x) => ({ memberIds: [a.member], roleTemplateId: x.role }) },
  ],
  checkInvites: [
    {
      field: 'rows.roleTemplateId',
      expect: { reportedError: 'rows.0.roleTemplateId' },
      payload: (_a, x) => ({ rows: [{ email: 'new@cross.test', roleTemplateId: x.role }] }),
    },
  ],
  inviteMembers: [
    {
      field: 'rows.roleTemplateId',
      expect: { fieldError: 'rows.0.roleTemplateId' },
      payload: (_a, x) => ({ rows: [{ email: 'new@cross.test', roleTemplateId: x.role }] }),
    },
  ],
  resendInvite: [{ field: 'memberId', expect: 'not_found', payload: (_a, x) => ({ memberId: x.invited }) }],
  resendInvites: [{ field: 'memberIds', expect: 'not_found', payload: (_a, x) => ({ memberIds: [x.invited] }) }],
  requestEmailChange: [{ field: 'memberId', expect: 'not_found', payload: (_a, x) => ({ memberId: x.member, email: 'moved@example.test' }) }],
  cancelEmailChange: [{ field: 'memberId', expect: 'not_found', payload: (_a, x) => ({ memberId: x.member }) }],
  sendMemberPasswordReset: [{ field: 'memberId', expect: 'not_found', payload: (_a, x) => ({ memberId: x.member }) }],
  resetMemberTwoFactor: [{ field: 'memberId', expect: 'not_found', payload: (_a, x) => ({ memberId: x.member }) }],
  endMemberSessions: [{ field: 'memberId', expect: 'not_found', payload: (_a, x) => ({ memberId: x.member }) }],
  revokeInvites: [{ field: 'memberIds', expect: 'not_found', payload: (_a, x) => ({ memberIds: [x.invited] }) }],
  updateMember: [
    { field: 'memberId', expect: 'not_found', payload: (_a, x) => member(x.member) },
    { field: 'roleTemplateId', expect: { fieldError: 'roleTemplateId' }, payload: (a, x) => member(a.member, { roleTemplateId: x.role }) },
    { field: 'teamIds', expect: { fieldError: 'teamIds' }, payload: (a, x) => member(a.member, { roleTemplateId: a.role, teamIds: [a.team, x.team] }) },
  ],
  duplicateRole: [{ field: 'roleId', expect: 'not_found', payload: (_a, x) => ({ roleId: x.role }) }],
  updateRole: [
    {
      field: 'roleId',
      expect: 'not_found',
      payload: (_a, x) => ({ roleId: x.role, version: 1, name: 'Renamed', description: '', permissions: ['users.view'] }),
    },
  ],
  previewRoleImpact: [{ field: 'roleId', expect: 'not_found', payload: (_a, x) => ({ roleId: x.role, permissions: ['users.view'] }) }],
  deleteRole: [
    { field: 'roleId', expect: 'not_found', payload: (_a, x) => ({ roleId: x.role, removeFromMembers: 0 }) },
    { field: 'replacementId', expect: { fieldError: 'replacementId' }, payload: (a, x) => ({ roleId: a.role, replacementId: x.role }) },
  ],
  setRoleAssignees: [
    { field: 'roleId', expect: 'not_found', payload: (a, x) => ({ roleId: x.role, add: [a.member] }) },
    { field: 'add', expect: 'not_found', payload: (a, x) => ({ roleId: a.role, add: [x.member] }) },
    { field: 'remove', expect: 'not_found', payload: (a, x) => ({ roleId: a.role, remove: [x.member] }) },
  ],
  findAssignees: [{ field: 'roleId', expect: 'not_found', payload: (_a, x) => ({ roleId: x.role, q: '' }) }],
  endSession: [{ field: 'sessionId', expect: 'not_found', payload: (_a, x) => ({ sessionId: x.session }) }],
  revokeApiKey: [{ field: 'keyId', expect: 'not_found', payload: (_a, x) => ({ keyId: x.apiKey }) }],
  updateWebhookEndpoint: [
    { field: 'endpointId', expect: 'not_found', payload: (_a, x) => ({ endpointId: x.endpoint, url: 'http://127.0.0.1:9/x', eventTypes: ['role.created'] }) },
  ],
  setWebhookEnabled: [{ field: 'endpointId', expect: 'not_found', payload: (_a, x) => ({ endpointId: x.endpoint, enabled: false }) }],
  deleteWebhookEndpoint: [{ field: 'endpointId', expect: 'not_found', payload: (_a, x) => ({ endpointId: x.endpoint }) }],
  revealWebhookSecret: [{ field: 'endpointId', expect: 'not_found', payload: (_a, x) => ({ endpointId: x.endpoint }) }],
  rollWebhookSecret: [{ field: 'endpointId', expect: 'not_found', payload: (_a, x) => ({ endpointId: x.endpoint }) }],
  sendTestWebhook: [{ field: 'endpointId', expect: 'not_found', payload: (_a, x) => ({ endpointId: x.endpoint }) }],
  redeliverWebhook: [{ field: 'deliveryId', expect: 'not_found', payload: (_a, x) => ({ deliveryId: x.delivery }) }],
}

const idFields = (a: AppAction) => [...new Set(schemaFields(a.action.schema).filter(isIdField))].filter((f) => !(f in GLOBAL_ID_FIELDS))
const withIds = actions.filter((a) => idFields(a).length > 0)

function checkExpectation(r: ActionResult<unknown>, e: Expect, label: string) {
  if (e === 'not_found') {
    expect(r, label).toMatchObject({ ok: false, code: 'not_found' })
  } else if ('fieldError' in e) {
    expect(r.ok, label).toBe(false)
    expect(r.ok ? undefined : r.code, label).not.toMatch(/^(unauthenticated|forbidden)$/)
    expect(r.ok ? {} : (r.fieldErrors ?? {}), label).toHaveProperty([e.fieldError])
  } else {
    // checkInvites reports each row's problems as data, without writing.
    expect(r.ok, label).toBe(true)
    expect((r.ok && (r.data as { errors?: Record<string, string[]> } | undefined)?.errors) || {}, label).toHaveProperty([e.reportedError])
  }
}

describe('ids of another workspace are refused as not found, and change nothing', () => {
  let own: Ids
  let foreign: Ids
  let ghost: Ids
  let ownerState: AccessState

  async function workspaceWithRecords(): Promise<{ ids: Ids; owner: { userId: string; tenantId: string } }> {
    const ws = await createWorkspace({ plan: 'business' })
    const owner = await ws.add({ role: 'OWNER', crmAccess: true })
    const team = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Support' } })
    const role = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'Viewer', permissions: { create: [{ key: 'users.view' }] } } })
    const m = await ws.add({ crmAccess: true, templateId: role.id })
    await db().teamMember.create({ data: { teamId: team.id, membershipId: m.id } })
    const invited = await ws.add({ status: 'INVITED' })
    const contact = await db().contact.create({ data: { tenantId: ws.tenant.id, name: 'Customer', ownerId: m.id, teamId: team.id } })
    const session = await startSession(m.userId, null, 'test')
    const apiKey = await db().apiKey.create({
      data: {
        tenantId: ws.tenant.id,
        name: 'Backend',
        prefix: 'tg_live_x',
        secretHash: randomBytes(32).toString('hex'),
        permissions: ['users.view'],
        createdById: owner.id,
      },
    })
    const endpoint = await db().webhookEndpoint.create({
      data: { tenantId: ws.tenant.id, url: 'http://127.0.0.1:9/hook', eventTypes: ['role.created'], secret: 'sealed', createdById: owner.id },
    })
    const message = await db().webhookMessage.create({ data: { tenantId: ws.tenant.id, type: 'role.created', orderingKey: role.id, payload: '{}' } })
    const delivery = await db().webhookDelivery.create({
      data: { tenantId: ws.tenant.id, messageId: message.id, endpointId: endpoint.id, orderingKey: role.id, seq: message.seq, deliveredAt: new Date() },
    })
    return {
      ids: {
        member: m.id,
        invited: invited.id,
        team: team.id,
        role: role.id,
        contact: contact.id,
        session,
        apiKey: apiKey.id,
        endpoint: endpoint.id,
        delivery: delivery.id,
      },
      owner,
    }
  }

  beforeAll(async () => {
    const a = await workspaceWithRecords()
    const b = await workspaceWithRecords()
    own = a.ids
    foreign = b.ids
    ownerState = await accessOf(a.owner)
    const none = 'cm0000000000000000000000'
    ghost = { member: none, invited: none, team: none, role: none, contact: none, session: none, apiKey: none, endpoint: none, delivery: none }
  })

  it('the table names only existing actions and fields, and covers every id field of every action', () => {
    expect(withIds.length).toBeGreaterThanOrEqual(15)
    const byName = new Map(actions.map((a) => [a.name, a]))
    const problems: string[] = []
    for (const [name, cases] of Object.entries(CROSS)) {
      const a = byName.get(name)
      if (!a) problems.push(`${name}: no such action`)
      else for (const c of cases) if (!schemaFields(a.action.schema).includes(c.field)) problems.push(`${name}: no field ${c.field}`)
    }
    for (const a of withIds) {
      const covered = new Set((CROSS[a.name] ?? []).map((c) => c.field))
      for (const f of idFields(a)) if (!covered.has(f)) problems.push(`${a.id}: add a case for ${f} to CROSS`)
    }
    expect(problems).toEqual([])
  })

  it.each(withIds.map((a) => [a.id, a] as const))('%s', async (_id, a) => {
    const cases = CROSS[a.name]
    expect(cases, `${a.id} takes ids (${idFields(a).join(', ')}): add its cases to CROSS`).toBeDefined()
    for (const c of cases) {
      const label = `${a.name} with another workspace's ${c.field}`
      const before = await databaseChecksum()
      const r = await a.action.run(ownerState, c.payload(own, foreign))
      checkExpectation(r, c.expect, label)
      // Indistinguishable from an id that exists nowhere: no way to probe another workspace.
      const r2 = await a.action.run(ownerState, c.payload(own, ghost))
      expect(r2, `${label}: same answer as for an unknown id`).toEqual(r)
      expect(await databaseChecksum(), `${label}: the database is unchanged`).toBe(before)
    }
  })
})
