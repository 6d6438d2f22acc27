import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createRole, updateRole } from '@/app/(app)/settings/roles/actions'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { deleteMembers, setMemberStatus } from '@/app/(app)/settings/users/actions'
import { inviteMembers } from '@/app/(app)/settings/users/invite-actions'
import { acceptInvite } from '@/app/invite/[token]/actions'
import type { AccessState } from '@/lib/authz/get-access'
import type { ActionResult } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { getMember } from '@/lib/db/member-detail'
import { seatUsage } from '@/lib/db/seats'
import { accessOf, createWorkspace, ensurePlans, success, keepMailInOutbox, inviteTokens, seatCounterDrift } from '../support/fixtures'
import { onPostgres } from '../support/setup-db'

// Requests that race each other, on PostgreSQL (several connections, real row locks): the
// seat and role limits, single-use tokens, the last-owner rule and role versions must hold when
// requests arrive at once — in every one of REPETITIONS runs, each against a time budget so a
// deadlock fails by name instead of hanging the run.
// PGlite is one in-process connection, so nothing there runs concurrently: on PGlite this file
// only checks that it is indeed PGlite.

/** How many times each race runs, and how many requests storm a single free slot. */
const REPETITIONS = Array.from({ length: onPostgres ? 20 : 3 }, (_, i) => i + 1)
const FAN_OUT = 50
/** Well inside the workspace lock's transaction timeout (30 s) and its wait for a connection (15 s). */
const BUDGET_MS = 15_000
const TEST_TIMEOUT_MS = BUDGET_MS + 5_000

keepMailInOutbox()

// After every race, the seat counters on the workspace rows (kept by triggers in each change's
// transaction) equal a count of the memberships.
afterEach(async () => {
  expect(await seatCounterDrift()).toEqual([])
})

const partition = <T>(results: ActionResult<T>[]) => ({ won: results.filter((r) => r.ok), lost: results.filter((r) => !r.ok) })

/**
 * Runs one repetition within BUDGET_MS, measured: a deadlock, or a lock queue that does not
 * drain, fails the repetition with its name (the pending requests are abandoned) rather than
 * hanging until the transaction timeout.
 */
async function withinBudget(label: string, body: () => Promise<void>) {
  const started = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not finished after ${BUDGET_MS / 1000} s — a deadlock or a lock that is never released`)), BUDGET_MS)
  })
  try {
    await Promise.race([body(), expired])
  } finally {
    clearTimeout(timer)
  }
  const ms = performance.now() - started
  expect(ms, `${label} took ${Math.round(ms)} ms`).toBeLessThan(BUDGET_MS)
}

/** A workspace on a plan of its own with `seatLimit` seats, and an active owner. */
async function workspaceWithSeats(seatLimit: number) {
  await ensurePlans()
  const plan = await db().plan.create({
    data: { id: `race-${randomBytes(4).toString('hex')}`, name: 'Race', seatLimit, enabledModules: ['contacts', 'inbox', 'settings', 'billing'] },
  })
  const ws = await createWorkspace({ plan: plan.id })
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner), addr: (n: string) => `${n}@${ws.tag}.test` }
}

const tokenFor = async (email: string) => (await inviteTokens(email))[0]
const PASSWORD = 'a brand new password'
const accept = (token: string) =>
  acceptInvite.run({ status: 'anonymous' }, { mode: 'new', token, name: 'Racer', password: PASSWORD, confirmPassword: PASSWORD })
const suspend = (state: AccessState, id: string) => setMemberStatus.run(state, { memberIds: [id], status: 'SUSPENDED' })

/** The member edit form as it would be submitted: the member's current fields, with the base role changed. */
async function demoteToAdmin(state: AccessState, tenantId: string, memberId: string) {
  const m = await getMember(tenantId, memberId)
  if (!m) throw new Error(`member ${memberId} not found`)
  return updateMember.run(state, {
    memberId,
    version: m.version,
    baseRole: 'ADMIN',
    roleTemplateId: m.roleTemplate?.id ?? null,
    crmAccess: m.crmAccess,
    teamIds: m.teams.map((t) => t.id),
    permissions: m.directKeys,
  })
}

const activeOwners = (tenantId: string) => db().membership.findMany({ where: { tenantId, baseRole: 'OWNER', status: 'ACTIVE' }, select: { id: true } })

// On PostgreSQL the requests really run at once, each on a connection of its own; the embedded
// database has one connection, so they queue there: the same invariants must hold either way.
describe(onPostgres ? 'concurrent requests on PostgreSQL' : 'concurrent requests on the embedded database (they queue on its one connection)', () => {
  it.each(REPETITIONS)(
    `seat race %i/${REPETITIONS.length}: ${FAN_OUT} invites for the last seat, exactly one gets it`,
    async (n) => {
      const rep = `seat race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws, state, addr } = await workspaceWithSeats(4)
        await ws.add()
        await ws.add({ status: 'SUSPENDED' }) // 3 of 4 seats used
        const results = await Promise.all(Array.from({ length: FAN_OUT }, (_, i) => inviteMembers.run(state, { rows: [{ email: addr(`p${i}`) }] })))
        const { won, lost } = partition(results)
        expect(won, `${rep}: invites that got the seat`).toHaveLength(1)
        expect(lost, `${rep}: invites refused`).toHaveLength(FAN_OUT - 1)
        for (const r of lost) expect(!r.ok && r.fieldErrors?.['rows.0.email']?.join(' '), `${rep}: a refused invite's message`).toMatch(/No seat left/)
        expect(await seatUsage(ws.tenant.id), `${rep}: seat usage`).toMatchObject({ used: 4, limit: 4 })
        expect(await db().invitation.count({ where: { membership: { tenantId: ws.tenant.id } } }), `${rep}: invitation rows`).toBe(1)
        expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.invite' } }), `${rep}: invite audit events`).toBe(1)
        expect(await db().outboxMail.count({ where: { to: { endsWith: `@${ws.tag}.test` } } }), `${rep}: invitation mails`).toBe(1)
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each(REPETITIONS)(
    `seat counter race %i/${REPETITIONS.length}: invites, accepts, suspensions and deletions at once keep the counters exact`,
    async (n) => {
      const rep = `seat counter race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws, state, addr } = await workspaceWithSeats(12)
        const members = await Promise.all([ws.add(), ws.add(), ws.add({ status: 'SUSPENDED' }), ws.add()])
        success(await inviteMembers.run(state, { rows: [{ email: addr('a') }, { email: addr('b') }] }))
        const [ta, tb] = [await tokenFor(addr('a')), await tokenFor(addr('b'))]
        const results = await Promise.all([
          ...Array.from({ length: 8 }, (_, i) => inviteMembers.run(state, { rows: [{ email: addr(`r${i}`) }] })),
          accept(ta),
          accept(tb),
          accept(ta),
          suspend(state, members[0].id),
          setMemberStatus.run(state, { memberIds: [members[2].id], status: 'ACTIVE' }),
          deleteMembers.run(state, { memberIds: [members[1].id] }),
          deleteMembers.run(state, { memberIds: [members[3].id] }),
        ])
        expect(results.filter((r) => r.ok).length, `${rep}: changes that went through`).toBeGreaterThanOrEqual(8)
        expect(await seatCounterDrift([ws.tenant.id]), `${rep}: seat counters`).toEqual([])
        const used = await db().membership.count({ where: { tenantId: ws.tenant.id } })
        expect(used, `${rep}: seats used within the limit`).toBeLessThanOrEqual(12)
        expect(await seatUsage(ws.tenant.id), `${rep}: seat usage`).toMatchObject({ used, limit: 12 })
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each(REPETITIONS)(
    `token race %i/${REPETITIONS.length}: one link accepted 5 times at once joins once`,
    async (n) => {
      const rep = `token race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws, state, addr } = await workspaceWithSeats(10)
        success(await inviteMembers.run(state, { rows: [{ email: addr('x') }] }))
        const token = await tokenFor(addr('x'))
        const { won, lost } = partition(await Promise.all(Array.from({ length: 5 }, () => accept(token))))
        expect(won, `${rep}: accepts that joined`).toHaveLength(1)
        for (const r of lost) expect(r.message, `${rep}: a refused accept's message`).toMatch(/already been used/)
        const m = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, user: { email: addr('x') } } })
        expect(m.status, `${rep}: the membership`).toBe('ACTIVE')
        expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.join' } }), `${rep}: join audit events`).toBe(1)
      })
    },
    TEST_TIMEOUT_MS,
  )

  it(
    'token race on a full plan: the losers are told the link was used, not that there is no seat',
    async () => {
      await withinBudget('token race on a full plan', async () => {
        const { ws, state, addr } = await workspaceWithSeats(2)
        success(await inviteMembers.run(state, { rows: [{ email: addr('x') }] })) // 2 of 2 seats used
        const token = await tokenFor(addr('x'))
        const { won, lost } = partition(await Promise.all(Array.from({ length: 5 }, () => accept(token))))
        expect(won).toHaveLength(1)
        expect(lost.map((r) => !r.ok && r.code)).toEqual(['conflict', 'conflict', 'conflict', 'conflict'])
        for (const r of lost) expect(r.message).toMatch(/already been used/)
        expect(await seatUsage(ws.tenant.id)).toMatchObject({ used: 2, limit: 2 })
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each(REPETITIONS)(
    `owner race %i/${REPETITIONS.length}: two owners suspending each other, one active owner remains`,
    async (n) => {
      const rep = `owner suspend race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws, owner: a, state: stateA } = await workspaceWithSeats(10)
        const b = await ws.add({ role: 'OWNER' })
        const stateB = await accessOf(b)
        const { won, lost } = partition(await Promise.all([suspend(stateA, b.id), suspend(stateB, a.id)]))
        expect(won, `${rep}: suspensions that went through`).toHaveLength(1)
        // The loser's request is judged with their access as it is once the winner committed (the
        // gate reads it again under the workspace lock): suspended, they are signed out.
        expect(lost[0].code, `${rep}: the refused suspension`).toBe('unauthenticated')
        expect(await activeOwners(ws.tenant.id), `${rep}: active owners`).toHaveLength(1)
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each(REPETITIONS)(
    `owner race %i/${REPETITIONS.length}: two owners demoting each other to admin, one active owner remains`,
    async (n) => {
      const rep = `owner demote race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws, owner: a, state: stateA } = await workspaceWithSeats(10)
        const b = await ws.add({ role: 'OWNER' })
        const stateB = await accessOf(b)
        const results = await Promise.all([demoteToAdmin(stateA, ws.tenant.id, b.id), demoteToAdmin(stateB, ws.tenant.id, a.id)])
        const { won, lost } = partition(results)
        expect(won, `${rep}: demotions that went through`).toHaveLength(1)
        expect(lost, `${rep}: demotions refused`).toHaveLength(1)
        // Read again under the lock, the loser is an admin by then, and only owners change owners.
        expect(lost[0].message, `${rep}: the refused demotion's message`).toMatch(/Only an owner can change an owner/)
        const owners = await activeOwners(ws.tenant.id)
        expect(owners, `${rep}: active owners`).toHaveLength(1)
        // The winner is the one still owner; the other is now an active admin.
        const [winner, demoted] = results[0].ok ? [a, b] : [b, a]
        expect(owners[0].id, `${rep}: the remaining owner`).toBe(winner.id)
        expect(
          await db().membership.findUniqueOrThrow({ where: { id: demoted.id }, select: { baseRole: true, status: true } }),
          `${rep}: the demoted owner`,
        ).toEqual({ baseRole: 'ADMIN', status: 'ACTIVE' })
        expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.update' } }), `${rep}: update audit events`).toBe(1)
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each([1, 2, 3])(
    'address race %i: one new address invited to two workspaces at once gets one user, two invitations',
    async (n) => {
      await withinBudget(`address race ${n}`, async () => {
        const [one, two] = [await workspaceWithSeats(10), await workspaceWithSeats(10)]
        const email = `both-${randomBytes(4).toString('hex')}@shared.test`
        const results = await Promise.all([one, two].map((w) => inviteMembers.run(w.state, { rows: [{ email }] })))
        expect(results.map((r) => r.ok)).toEqual([true, true])
        const users = await db().user.findMany({ where: { email }, include: { memberships: true } })
        expect(users).toHaveLength(1)
        expect(users[0].memberships.map((m) => m.tenantId).sort()).toEqual([one.ws.tenant.id, two.ws.tenant.id].sort())
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each(REPETITIONS)(
    `role limit race %i/${REPETITIONS.length}: ${FAN_OUT} new roles for the last free slot, exactly one is created`,
    async (n) => {
      const rep = `role limit race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws, state } = await workspaceWithSeats(10)
        for (const name of ['One', 'Two']) await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name } })
        await db().plan.update({ where: { id: ws.tenant.planId }, data: { roleLimit: 3 } }) // 2 of 3 roles used
        const results = await Promise.all(
          Array.from({ length: FAN_OUT }, (_, i) => createRole.run(state, { name: `Racer ${i}`, description: '', permissions: ['users.view'] })),
        )
        const { won, lost } = partition(results)
        expect(won, `${rep}: roles created`).toHaveLength(1)
        expect(
          lost.map((r) => !r.ok && r.code),
          `${rep}: refusal codes`,
        ).toEqual(Array(FAN_OUT - 1).fill('limit'))
        for (const r of lost) expect(r.message, `${rep}: a refusal's message`).toMatch(/allows 3 role templates/)
        expect(await db().roleTemplate.count({ where: { tenantId: ws.tenant.id } }), `${rep}: roles stored`).toBe(3)
        expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'role.create' } }), `${rep}: create audit events`).toBe(1)
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each(REPETITIONS)(
    `role edit race %i/${REPETITIONS.length}: two admins save the same version at once, one wins, the other gets a conflict`,
    async (n) => {
      const rep = `role edit race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws } = await workspaceWithSeats(10)
        const role = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'Support', permissions: { create: [{ key: 'users.view' }] } } })
        const admins = [await accessOf(await ws.add({ role: 'ADMIN' })), await accessOf(await ws.add({ role: 'ADMIN' }))]
        const edits = [
          { name: 'Support A', key: 'inbox.view.own' },
          { name: 'Support B', key: 'contacts.view.own' },
        ]
        const saves = edits.map(({ name, key }, i) =>
          updateRole.run(admins[i], { roleId: role.id, version: 1, name, description: `Saved by admin ${i}`, permissions: ['users.view', key] }),
        )
        const results = await Promise.all(saves)
        const { won, lost } = partition(results)
        expect(won, `${rep}: saves that went through`).toHaveLength(1)
        expect(won[0].ok && won[0].data, `${rep}: the winner's new version`).toEqual({ version: 2 })
        expect(
          lost.map((r) => !r.ok && r.code),
          `${rep}: refusal codes`,
        ).toEqual(['conflict'])
        expect(lost[0].message, `${rep}: the refused save's message`).toMatch(/changed by someone else/)
        // The stored role is the winner's whole save — name, description and permissions — never a mix.
        const w = results.findIndex((r) => r.ok)
        const stored = await db().roleTemplate.findUniqueOrThrow({ where: { id: role.id }, include: { permissions: true } })
        expect({ version: stored.version, name: stored.name, description: stored.description }, `${rep}: the stored role`).toEqual({
          version: 2,
          name: edits[w].name,
          description: `Saved by admin ${w}`,
        })
        expect(stored.permissions.map((p) => p.key).sort(), `${rep}: the stored permissions`).toEqual([edits[w].key, 'users.view'].sort())
        expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'role.update' } }), `${rep}: update audit events`).toBe(1)
      })
    },
    TEST_TIMEOUT_MS,
  )

  it.each(REPETITIONS)(
    `member edit race %i/${REPETITIONS.length}: two admins save the member form they loaded at once, one is saved, the other is told to reload`,
    async (n) => {
      const rep = `member edit race ${n}/${REPETITIONS.length}`
      await withinBudget(rep, async () => {
        const { ws } = await workspaceWithSeats(10)
        const target = await ws.add({ permissions: ['users.view'] })
        const admins = [await accessOf(await ws.add({ role: 'ADMIN' })), await accessOf(await ws.add({ role: 'ADMIN' }))]
        const { version } = await db().membership.findUniqueOrThrow({ where: { id: target.id }, select: { version: true } })
        const grants = [
          ['users.view', 'inbox.view.own'],
          ['users.view', 'contacts.view.own'],
        ]
        const saves = grants.map((permissions, i) =>
          updateMember.run(admins[i], { memberId: target.id, version, baseRole: 'MEMBER', roleTemplateId: null, crmAccess: false, teamIds: [], permissions }),
        )
        const results = await Promise.all(saves)
        const { won, lost } = partition(results)
        expect(won, `${rep}: saves that went through`).toHaveLength(1)
        expect(
          lost.map((r) => !r.ok && r.code),
          `${rep}: refusal codes`,
        ).toEqual(['conflict'])
        expect(lost[0].message, `${rep}: the refused save's message`).toMatch(/changed by someone else/)
        // What is stored is the winner's form, whole; the loser's grant is nowhere.
        const w = results.findIndex((r) => r.ok)
        const stored = await db().membership.findUniqueOrThrow({ where: { id: target.id }, include: { permissions: true } })
        expect(stored.version, `${rep}: the stored version`).toBe(version + 1)
        expect(stored.permissions.map((p) => p.key).sort(), `${rep}: the stored permissions`).toEqual([...grants[w]].sort())
        expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.update' } }), `${rep}: update audit events`).toBe(1)
      })
    },
    TEST_TIMEOUT_MS,
  )
})
