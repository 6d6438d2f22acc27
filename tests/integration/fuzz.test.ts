import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { AccessState } from '@/lib/authz/get-access'
import type { ActionResult } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { discoverActions, topLevelKeys } from '../support/app-actions'
import { databaseChecksum } from '../support/checksum'
import { accessOf, createWorkspace, keepMailInOutbox } from '../support/fixtures'

// Property-based inputs for every server action's schema (bounded, seeded, so it is
// reproducible): payloads the action's own schema rejects — wrong types, huge strings, unicode,
// prototype keys, missing fields, FormData — sent as the workspace owner (who passes every
// permission, so each payload reaches validation; the public action as an anonymous caller).
// Each must come back as a typed validation failure, never a throw (a 500), and afterwards the
// database is exactly as before and no prototype was polluted.

const actions = await discoverActions()

keepMailInOutbox()

/** Payloads per action: 28+ actions × 110 ≈ 3,000, well under a minute on two cores. */
const RUNS = 110
const SEED = 42

/** The payload as the gate will see it: FormData is turned into an object first. */
const asGateSees = (p: unknown) => (p instanceof FormData ? Object.fromEntries(p) : p)

const PROTO_JSON = '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "prototype": {"polluted": true}}'
const protoKeys = () => JSON.parse(PROTO_JSON) as Record<string, unknown>

const unicode = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\u202e', 'ﬀ', '👩‍👩‍👧‍👦', 'Ǆ', '\ud800', 'İ', ' \t\n '),
)
const huge = fc.oneof(
  fc.string({ minLength: 10_000, maxLength: 20_000 }),
  fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 5_000, max: 50_000 })).map(([s, n]) => s.repeat(n)),
)
/** A value of any type but the expected one (often; the filter drops the lucky valid ones). */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.date(),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 4 }),
  fc.object({ maxDepth: 1 }),
  unicode,
  fc.constantFrom('', ' ', 'NaN', '-1', '1e309', 'true', '[]', '{}', 'null', '__proto__', 'constructor'),
)

/** A value the field might accept: built from the zod schema, so payloads are close to valid. */
function plausible(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const s = schema
  if (depth > 4) return fc.constant(undefined)
  if (s instanceof z.ZodOptional) return fc.option(plausible(s.unwrap() as z.ZodType, depth + 1), { nil: undefined })
  if (s instanceof z.ZodNullable) return fc.option(plausible(s.unwrap() as z.ZodType, depth + 1), { nil: null })
  if (s instanceof z.ZodDefault || s instanceof z.ZodCatch) return fc.option(plausible(s.unwrap() as z.ZodType, depth + 1), { nil: undefined })
  if (s instanceof z.ZodPipe) return plausible(s.in as z.ZodType, depth + 1)
  if (s instanceof z.ZodString) return fc.oneof(fc.string({ maxLength: 30 }), fc.emailAddress(), fc.constant('cm0000000000000000000000'))
  if (s instanceof z.ZodNumber) return fc.integer({ min: -2, max: 600 })
  if (s instanceof z.ZodBoolean) return fc.boolean()
  if (s instanceof z.ZodEnum) return fc.constantFrom(...(s.options as string[]))
  if (s instanceof z.ZodLiteral) return fc.constantFrom(...[...s.values])
  if (s instanceof z.ZodArray) return fc.array(plausible(s.element as z.ZodType, depth + 1), { maxLength: 3 })
  if (s instanceof z.ZodUnion) return fc.oneof(...(s.options as z.ZodType[]).map((o) => plausible(o, depth + 1)))
  if (s instanceof z.ZodObject) {
    const shape = s.shape as Record<string, z.ZodType>
    return fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, plausible(v, depth + 1)])))
  }
  return fc.anything({ maxDepth: 2 })
}

const KINDS = [
  'anything',
  'top-level non-object',
  'wrong types',
  'missing field',
  'one wrong field',
  'huge string',
  'unicode',
  'prototype keys',
  'FormData',
] as const
type Kind = (typeof KINDS)[number]

/** Payloads the schema rejects, each labelled with how it was made. */
function rejected(schema: z.ZodType): fc.Arbitrary<[Kind, unknown]> {
  const keys = topLevelKeys(schema)
  const base = plausible(schema) as fc.Arbitrary<unknown>
  const asObject = base.map((b) => (b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {}))
  const key = keys.length ? fc.constantFrom(...keys) : fc.string({ maxLength: 8 })
  const tag = <T>(kind: Kind, arb: fc.Arbitrary<T>) => arb.map((p): [Kind, unknown] => [kind, p])
  const variants: fc.WeightedArbitrary<[Kind, unknown]>[] = [
    {
      weight: 4,
      arbitrary: tag(
        'anything',
        fc.anything({
          maxDepth: 3,
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withSparseArray: true,
          withTypedArray: true,
          withBoxedValues: true,
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: tag(
        'top-level non-object',
        fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.double(), fc.boolean(), fc.string(), fc.array(base, { maxLength: 3 })),
      ),
    },
    { weight: 3, arbitrary: tag('wrong types', fc.dictionary(key, wrongValue, { maxKeys: keys.length + 1 })) },
    {
      weight: 3,
      arbitrary: tag(
        'missing field',
        fc.tuple(asObject, key).map(([o, k]) => {
          const copy = { ...o }
          delete copy[k]
          return copy
        }),
      ),
    },
    {
      weight: 3,
      arbitrary: tag(
        'one wrong field',
        fc.tuple(asObject, key, wrongValue).map(([o, k, v]) => ({ ...o, [k]: v })),
      ),
    },
    {
      weight: 1,
      arbitrary: tag(
        'huge string',
        fc.oneof(
          huge,
          fc.tuple(asObject, key, huge).map(([o, k, v]) => ({ ...o, [k]: v })),
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: tag(
        'unicode',
        fc.tuple(asObject, key, unicode).map(([o, k, v]) => ({ ...o, [k]: v })),
      ),
    },
    {
      weight: 2,
      arbitrary: tag(
        'prototype keys',
        fc.tuple(asObject, key, fc.option(wrongValue, { nil: undefined })).map(([o, k, v]) => {
          const p: Record<string, unknown> = { ...protoKeys(), ...o, nested: protoKeys() }
          if (v === undefined) delete p[k]
          else p[k] = v
          // Inside arrays of objects as well (the invite rows).
          for (const [field, value] of Object.entries(p)) if (Array.isArray(value)) p[field] = [...value, protoKeys()]
          return p
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: tag(
        'FormData',
        fc
          .dictionary(key, fc.oneof(fc.string({ maxLength: 30 }), unicode, fc.constantFrom('true', 'false', '1', '', 'null')), { maxKeys: keys.length + 1 })
          .map((entries) => {
            const fd = new FormData()
            for (const [k, v] of Object.entries(entries)) fd.append(k, v)
            return fd
          }),
      ),
    },
  ]
  return fc.oneof(...variants).filter(([, p]) => !schema.safeParse(asGateSees(p)).success)
}

function isFieldErrors(v: unknown): boolean {
  return !!v && typeof v === 'object' && Object.values(v).every((m) => Array.isArray(m) && m.length > 0 && m.every((s) => typeof s === 'string'))
}

let owner: AccessState
let ids: Ids

describe('fuzzing every action’s input', () => {
  let before: string
  let total = 0
  const kinds = new Map<Kind, number>()

  beforeAll(async () => {
    // Some data of every kind, so "unchanged" is about something.
    const ws = await createWorkspace({ plan: 'business' })
    const o = await ws.add({ role: 'OWNER', crmAccess: true })
    const role = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'Viewer', permissions: { create: [{ key: 'users.view' }] } } })
    const m = await ws.add({ templateId: role.id, crmAccess: true })
    const team = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Support', members: { create: [{ membershipId: m.id }] } } })
    await db().contact.create({ data: { tenantId: ws.tenant.id, name: 'Customer', ownerId: m.id, teamId: team.id } })
    await ws.add({ status: 'INVITED' })
    owner = await accessOf(o)
    ids = {
      member: m.id,
      role: role.id,
      team: team.id,
      contact: (await db().contact.findFirstOrThrow({ where: { tenantId: ws.tenant.id } })).id,
      invited: (await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, status: 'INVITED' } })).id,
    }
    before = await databaseChecksum()
  })

  afterAll(() => {
    console.log(`fuzz: ${total} rejected payloads across ${actions.length} actions (${[...kinds].map(([k, n]) => `${k}: ${n}`).join(', ')})`)
  })

  it('finds the actions to fuzz', () => {
    expect(actions.length).toBeGreaterThan(20)
  })

  it.each(actions.map((a) => [a.id, a] as const))('%s', async (_id, { action }) => {
    const state: AccessState = action.permission === 'public' ? { status: 'anonymous' } : owner
    let runs = 0
    await fc.assert(
      fc.asyncProperty(rejected(action.schema), async ([kind, payload]) => {
        let r: ActionResult<unknown>
        try {
          r = await action.run(state, payload)
        } catch (e) {
          throw new Error(`threw (a 500) on a ${kind} payload: ${(e as Error).stack}`)
        }
        expect(r.ok).toBe(false)
        if (r.ok) return
        expect(r.code).toBe('invalid')
        expect(isFieldErrors(r.fieldErrors)).toBe(true)
        expect(typeof r.message).toBe('string')
        runs++
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
      }),
      { numRuns: RUNS, seed: SEED },
    )
    expect(runs).toBe(RUNS)
    total += runs
  })

  it('the database is unchanged, and no prototype was polluted', async () => {
    expect(total).toBeGreaterThanOrEqual(3000)
    for (const k of KINDS) expect(kinds.get(k) ?? 0, k).toBeGreaterThan(0)
    expect(await databaseChecksum()).toBe(before)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>).x).toBeUndefined()
    expect((Array.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined()
  })
})

// ─── Strings the schemas accept but the database cannot store ────────────────────────────
// PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate is not valid UTF-8. Both pass
// `z.string()`, so a payload valid in shape with one of them in any string field reaches the
// handler. It must still get a typed result (a validation failure, not found, …), never a
// throw: a thrown error is a 500 for the caller. Each action starts from a valid payload (ids of
// the workspace above; destructive actions get an id that exists nowhere) and one string field
// at a time gets a hostile character appended.

type Ids = { member: string; role: string; team: string; contact: string; invited: string }
const NOWHERE = 'cm0000000000000000000000'
const HOSTILE: Record<string, string> = { 'U+0000': '\u0000', 'lone high surrogate': '\ud800', 'lone low surrogate': '\udc00' }

/** A valid payload per action; null for an action that takes no string. */
const VALID: Record<string, ((x: Ids) => Record<string, unknown>) | null> = {
  updateProfile: () => ({ name: 'Olivia Owner' }),
  changePassword: () => ({ currentPassword: 'not the password', newPassword: 'a new password 1', confirmPassword: 'a new password 1' }),
  endSession: () => ({ sessionId: NOWHERE }),
  signOutOtherSessions: null,
  startTwoFactor: null,
  confirmTwoFactor: () => ({ code: '123456' }),
  newRecoveryCodeSet: () => ({ code: '123456' }),
  disableTwoFactor: () => ({ proof: 'password', password: 'not the password' }),
  createContact: (x) => ({ name: 'Carla', email: 'carla@example.com', ownerId: x.member, teamId: x.team }),
  updateContact: (x) => ({ contactId: x.contact, name: 'Customer', email: 'customer@example.com' }),
  assignContact: (x) => ({ contactId: x.contact, ownerId: x.member, teamId: x.team }),
  deleteContact: () => ({ contactId: NOWHERE }),
  createTeam: () => ({ name: 'Sales' }),
  renameTeam: (x) => ({ teamId: x.team, name: 'Support desk' }),
  deleteTeam: () => ({ teamId: NOWHERE }),
  setTeamMembers: (x) => ({ teamId: x.team, add: [x.member], remove: [] }),
  setMemberStatus: (x) => ({ memberIds: [x.member], status: 'ACTIVE' }),
  deleteMembers: (x) => ({ memberIds: [NOWHERE], reassignTo: 'member', reassignId: x.member }),
  setMembersTemplate: (x) => ({ memberIds: [x.member], roleTemplateId: x.role }),
  checkInvites: (x) => ({ rows: [{ email: 'new@fuzz.test', baseRole: 'MEMBER', roleTemplateId: x.role }] }),
  inviteMembers: (x) => ({ rows: [{ email: 'new@fuzz.test', baseRole: 'MEMBER', roleTemplateId: x.role }] }),
  resendInvite: (x) => ({ memberId: x.invited }),
  resendInvites: (x) => ({ memberIds: [x.invited] }),
  revokeInvites: () => ({ memberIds: [NOWHERE] }),
  updateMember: (x) => ({
    memberId: x.member,
    version: 1,
    baseRole: 'MEMBER',
    roleTemplateId: x.role,
    crmAccess: true,
    teamIds: [x.team],
    permissions: ['users.view'],
  }),
  changePlan: () => ({ planId: 'business' }),
  // A version no save loaded: refused as a conflict, so the database stays as it was.
  updateSecuritySettings: () => ({
    version: 'fuzz-version',
    requireTwoFactor: false,
    inviteDomains: 'example.com',
    sessionMaxAgeMinutes: 480,
    sessionIdleMinutes: 60,
  }),
  createRole: () => ({ name: 'Fuzz role', description: 'Made by the fuzzer', permissions: ['users.view'] }),
  duplicateRole: (x) => ({ roleId: x.role }),
  updateRole: (x) => ({ roleId: x.role, version: 1, name: 'Viewer', description: '', permissions: ['users.view'] }),
  previewRoleImpact: (x) => ({ roleId: x.role, permissions: ['users.view'] }),
  deleteRole: (x) => ({ roleId: NOWHERE, replacementId: x.role }),
  setRoleAssignees: (x) => ({ roleId: x.role, add: [x.member], remove: [] }),
  findAssignees: (x) => ({ roleId: x.role, q: 'a' }),
  requestEmailChange: (x) => ({ memberId: x.member, email: 'fuzz.new@example.com' }),
  cancelEmailChange: (x) => ({ memberId: x.member }),
  sendMemberPasswordReset: (x) => ({ memberId: x.member }),
  resetMemberTwoFactor: (x) => ({ memberId: x.member }),
  endMemberSessions: (x) => ({ memberId: x.member }),
  confirmEmailChange: () => ({ token: 'x'.repeat(43) }),
  requestPasswordReset: () => ({ email: 'fuzz.reset@example.com' }),
  resetPassword: () => ({ token: 'x'.repeat(43), newPassword: 'a new password 1', confirmPassword: 'a new password 1' }),
  createApiKey: () => ({ name: 'Fuzz key', expiresOn: '', permissions: ['users.view'] }),
  revokeApiKey: () => ({ keyId: NOWHERE }),
  createWebhookEndpoint: () => ({ url: 'http://127.0.0.1:9/fuzz', description: '', eventTypes: ['role.created'] }),
  updateWebhookEndpoint: () => ({ endpointId: NOWHERE, url: 'http://127.0.0.1:9/fuzz', description: '', eventTypes: ['role.created'] }),
  setWebhookEnabled: () => ({ endpointId: NOWHERE, enabled: false }),
  deleteWebhookEndpoint: () => ({ endpointId: NOWHERE }),
  revealWebhookSecret: () => ({ endpointId: NOWHERE }),
  rollWebhookSecret: () => ({ endpointId: NOWHERE }),
  sendTestWebhook: () => ({ endpointId: NOWHERE }),
  redeliverWebhook: () => ({ deliveryId: NOWHERE }),
  acceptInvite: () => ({ mode: 'new', token: 'x'.repeat(43), name: 'New Person', password: 'a new password 1', confirmPassword: 'a new password 1' }),
}

/** Every string in a payload, as a path and a setter on a deep copy. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path]
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]))
  return []
}
function withAppended(payload: Record<string, unknown>, path: (string | number)[], suffix: string): Record<string, unknown> {
  const copy = structuredClone(payload)
  let at: Record<string | number, unknown> = copy
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>
  const last = path[path.length - 1]
  at[last] = `${at[last] as string}${suffix}`
  return copy
}

describe('strings the schemas accept but the database cannot store (U+0000, lone surrogates)', () => {
  it('VALID has a payload for every action, each accepted by its schema', () => {
    const names = actions.map((a) => a.name)
    expect(Object.keys(VALID).sort()).toEqual([...names].sort())
    for (const a of actions) {
      const make = VALID[a.name]
      if (make) expect(a.action.schema.safeParse(make(ids)).success, a.name).toBe(true)
      else expect(a.action.schema.safeParse({}).success, a.name).toBe(true)
    }
  })

  it('no action throws (a 500) on a U+0000 or a lone surrogate in any string field', async () => {
    const threw: string[] = []
    let tried = 0
    let reachedHandler = 0
    for (const { name, action } of actions) {
      const make = VALID[name]
      if (!make) continue
      const state: AccessState = action.permission === 'public' ? { status: 'anonymous' } : owner
      const base = make(ids)
      for (const path of stringPaths(base)) {
        for (const [label, char] of Object.entries(HOSTILE)) {
          const payload = withAppended(base, path, char)
          tried++
          if (action.schema.safeParse(payload).success) reachedHandler++
          try {
            const r = await action.run(state, payload)
            expect(typeof r.ok, `${name} ${path.join('.')} + ${label}`).toBe('boolean')
          } catch (e) {
            const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } }).meta?.driverAdapterError?.cause?.originalCode
            threw.push(`${name}: ${path.join('.')} + ${label} → ${(e as Error).name} ${(e as { code?: string }).code ?? ''} (PostgreSQL ${cause ?? '?'})`)
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(100)
    expect(reachedHandler).toBeGreaterThan(50)
    expect(threw).toEqual([])
  })
})
