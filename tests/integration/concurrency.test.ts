import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRole, updateRole } from '@/app/(app)/settings/roles/actions'
import { setMemberStatus } from '@/app/(app)/settings/users/actions'
import { inviteMembers } from '@/app/(app)/settings/users/invite-actions'
import { acceptInvite } from '@/app/invite/[token]/actions'
import type { AccessState } from '@/lib/authz/get-access'
import type { ActionResult } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { seatUsage } from '@/lib/db/members'
import { accessOf, createWorkspace, ensurePlans } from '../support/fixtures'
import { onPostgres, testDatabase } from '../support/setup-db'

// Requests that race each other, on PostgreSQL (several connections, real row locks): the
// seat limit, single-use tokens and the last-owner rule must hold when requests arrive at once.
// PGlite is one in-process connection, so nothing there runs concurrently: on PGlite this file
// only checks that it is indeed PGlite.

const savedSmtp = process.env.SMTP_URL
beforeAll(() => {
  delete process.env.SMTP_URL
  vi.spyOn(console, 'info').mockImplementation(() => {}) // the outbox logs each pending mail
})
afterAll(() => {
  vi.restoreAllMocks()
  if (savedSmtp !== undefined) process.env.SMTP_URL = savedSmtp
})

function success<T>(r: ActionResult<T>) {
  if (!r.ok) throw new Error(`expected the action to succeed, it returned ${JSON.stringify(r)}`)
  return r
}
const partition = <T,>(results: ActionResult<T>[]) => ({ won: results.filter((r) => r.ok), lost: results.filter((r) => !r.ok) })

/** A workspace on a plan of its own with `seatLimit` seats, and an active owner. */
async function workspaceWithSeats(seatLimit: number) {
  await ensurePlans()
  const plan = await db().plan.create({ data: { id: `race-${randomBytes(4).toString('hex')}`, name: 'Race', seatLimit, enabledModules: ['contacts', 'inbox', 'settings', 'billing'] } })
  const ws = await createWorkspace({ plan: plan.id })
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner), addr: (n: string) => `${n}@${ws.tag}.test` }
}

async function tokenFor(email: string) {
  const mail = await db().outboxMail.findFirstOrThrow({ where: { to: email } })
  return /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]
}
const PASSWORD = 'a brand new password'
const accept = (token: string) => acceptInvite.run({ status: 'anonymous' }, { mode: 'new', token, name: 'Racer', password: PASSWORD, confirmPassword: PASSWORD })
const suspend = (state: AccessState, id: string) => setMemberStatus.run(state, { memberIds: [id], status: 'SUSPENDED' })

if (!onPostgres) {
  it('runs on PostgreSQL only (PGlite is a single connection)', () => {
    expect(testDatabase().kind).toBe('pglite')
  })
} else {
  describe('concurrent requests on PostgreSQL', () => {
    it('runs against a PostgreSQL server', () => {
      expect(testDatabase().kind).toBe('postgres')
    })

    it.each([1, 2, 3, 4, 5])('seat race %i: 20 invites for the last seat, exactly one gets it', async () => {
      const { ws, state, addr } = await workspaceWithSeats(4)
      await ws.add()
      await ws.add({ status: 'SUSPENDED' }) // 3 of 4 seats used
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => inviteMembers.run(state, { rows: [{ email: addr(`p${i}`) }] })))
      const { won, lost } = partition(results)
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(19)
      for (const r of lost) expect(!r.ok && r.fieldErrors?.['rows.0.email']?.join(' ')).toMatch(/No seat left/)
      expect(await seatUsage(ws.tenant.id)).toMatchObject({ used: 4, limit: 4 })
      expect(await db().invitation.count({ where: { membership: { tenantId: ws.tenant.id } } })).toBe(1)
      expect(await db().outboxMail.count({ where: { to: { endsWith: `@${ws.tag}.test` } } })).toBe(1)
    })

    it.each([1, 2, 3])('token race %i: one link accepted 5 times at once joins once', async () => {
      const { ws, state, addr } = await workspaceWithSeats(10)
      success(await inviteMembers.run(state, { rows: [{ email: addr('x') }] }))
      const token = await tokenFor(addr('x'))
      const { won, lost } = partition(await Promise.all(Array.from({ length: 5 }, () => accept(token))))
      expect(won).toHaveLength(1)
      for (const r of lost) expect(r.message).toMatch(/already been used/)
      const m = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, user: { email: addr('x') } } })
      expect(m.status).toBe('ACTIVE')
      expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.join' } })).toBe(1)
    })

    it('token race on a full plan: the losers are told the link was used, not that there is no seat', async () => {
      const { ws, state, addr } = await workspaceWithSeats(2)
      success(await inviteMembers.run(state, { rows: [{ email: addr('x') }] })) // 2 of 2 seats used
      const token = await tokenFor(addr('x'))
      const { won, lost } = partition(await Promise.all(Array.from({ length: 5 }, () => accept(token))))
      expect(won).toHaveLength(1)
      expect(lost.map((r) => !r.ok && r.code)).toEqual(['conflict', 'conflict', 'conflict', 'conflict'])
      for (const r of lost) expect(r.message).toMatch(/already been used/)
      expect(await seatUsage(ws.tenant.id)).toMatchObject({ used: 2, limit: 2 })
    })

    it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('owner race %i: two owners suspending each other, one active owner remains', async () => {
      const { ws, owner: a, state: stateA } = await workspaceWithSeats(10)
      const b = await ws.add({ role: 'OWNER' })
      const stateB = await accessOf(b)
      const { won, lost } = partition(await Promise.all([suspend(stateA, b.id), suspend(stateB, a.id)]))
      expect(won).toHaveLength(1)
      expect(lost[0].message).toMatch(/at least one active owner/)
      expect(await db().membership.count({ where: { tenantId: ws.tenant.id, baseRole: 'OWNER', status: 'ACTIVE' } })).toBe(1)
    })

    it.each([1, 2, 3])('address race %i: one new address invited to two workspaces at once gets one user, two invitations', async () => {
      const [one, two] = [await workspaceWithSeats(10), await workspaceWithSeats(10)]
      const email = `both-${randomBytes(4).toString('hex')}@shared.test`
      const results = await Promise.all([one, two].map((w) => inviteMembers.run(w.state, { rows: [{ email }] })))
      expect(results.map((r) => r.ok)).toEqual([true, true])
      const users = await db().user.findMany({ where: { email }, include: { memberships: true } })
      expect(users).toHaveLength(1)
      expect(users[0].memberships.map((m) => m.tenantId).sort()).toEqual([one.ws.tenant.id, two.ws.tenant.id].sort())
    })

    it.each([1, 2, 3, 4, 5])('role limit race %i: 20 new roles for the last free slot, exactly one is created', async () => {
      const { ws, state } = await workspaceWithSeats(10)
      for (const name of ['One', 'Two']) await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name } })
      await db().plan.update({ where: { id: ws.tenant.planId }, data: { roleLimit: 3 } }) // 2 of 3 roles used
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => createRole.run(state, { name: `Racer ${i}`, description: '', permissions: ['users.view'] })))
      const { won, lost } = partition(results)
      expect(won).toHaveLength(1)
      expect(lost.map((r) => !r.ok && r.code)).toEqual(Array(19).fill('limit'))
      for (const r of lost) expect(r.message).toMatch(/allows 3 roles/)
      expect(await db().roleTemplate.count({ where: { tenantId: ws.tenant.id } })).toBe(3)
      expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'role.create' } })).toBe(1)
    })

    it.each([1, 2, 3, 4, 5])('role edit race %i: two admins save the same version at once, one wins, the other gets a conflict', async () => {
      const { ws } = await workspaceWithSeats(10)
      const role = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'Support', permissions: { create: [{ key: 'users.view' }] } } })
      const admins = [await accessOf(await ws.add({ role: 'ADMIN' })), await accessOf(await ws.add({ role: 'ADMIN' }))]
      const saves = [['Support A', 'inbox.view.own'], ['Support B', 'contacts.view.own']].map(([name, key], i) =>
        updateRole.run(admins[i], { roleId: role.id, version: 1, name, description: '', permissions: ['users.view', key] }))
      const { won, lost } = partition(await Promise.all(saves))
      expect(won).toHaveLength(1)
      expect(won[0].ok && won[0].data).toEqual({ version: 2 })
      expect(lost.map((r) => !r.ok && r.code)).toEqual(['conflict'])
      expect(lost[0].message).toMatch(/changed by someone else/)
      const stored = await db().roleTemplate.findUniqueOrThrow({ where: { id: role.id }, include: { permissions: true } })
      expect(stored.version).toBe(2)
      // The stored role is the winner's whole save: its name with its own permissions, never a mix.
      const winner = stored.name === 'Support A' ? 'inbox.view.own' : 'contacts.view.own'
      expect(['Support A', 'Support B']).toContain(stored.name)
      expect(stored.permissions.map((p) => p.key).sort()).toEqual([winner, 'users.view'].sort())
      expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'role.update' } })).toBe(1)
    })
  })
}
