import { beforeAll, describe, expect, it } from 'vitest'
import { POST as authorize } from '@/app/api/v1/authorize/route'
import { dropCopies } from '@/lib/db/access-cache'
import { db } from '@/lib/db/client'
import { moduleIds } from '@/lib/authz/catalog'
import { apiRequest, makeKey } from '../support/api'
import { accessOf, createWorkspace } from '../support/fixtures'

// The workspace's access version (migration access_version) and the copy of authorize's reads
// kept at it (lib/db/access-cache.ts). Every change below is made in SQL, as another instance, a
// script or an operator would: no code of ours is told about it. The version moves exactly once
// per transaction that changes what access is computed from, and the next authorize call answers
// from the rows as they are now, although the call before it was answered from the copy.

type Result = { allowed: boolean; error?: string; scope?: string | null; reason?: string }
type Check = { member: string; permission: string; record?: { ownerId?: string | null; teamId?: string | null } }

let w: Awaited<ReturnType<typeof world>>
let secret: string
let n = 0

async function world() {
  const plan = `versioned-${Date.now().toString(36)}`
  await db().plan.create({ data: { id: plan, name: 'Versioned', seatLimit: 100, enabledModules: moduleIds() } })
  const ws = await createWorkspace({ plan, name: 'Acme' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const other = await createWorkspace({ plan })
  const otherOwner = await other.add({ role: 'OWNER', crmAccess: true })
  return { plan, ws, owner, other, otherOwner }
}

const version = async (tenantId: string) => Number((await db().accessVersion.findUnique({ where: { tenantId }, select: { version: true } }))?.version ?? 0)

async function one(check: Check, explain = true): Promise<Result> {
  const res = await authorize(apiRequest('/api/v1/authorize', { secret, body: { checks: [check], explain } }))
  expect(res.status, await res.clone().text()).toBe(200)
  return ((await res.json()) as { results: Result[] }).results[0]
}

/** A member of their own for one case (so that cases do not change each other's answers). */
async function member(spec: Parameters<typeof w.ws.add>[0] = {}) {
  return w.ws.add({ crmAccess: true, email: `m${++n}-${w.ws.tag}@${w.ws.tag}.test`, ...spec })
}
async function team(name: string, ...memberIds: string[]) {
  const t = await db().team.create({ data: { tenantId: w.ws.tenant.id, name: `${name} ${++n}` } })
  if (memberIds.length) await db().teamMember.createMany({ data: memberIds.map((membershipId) => ({ teamId: t.id, membershipId })) })
  return t
}
async function template(keys: string[]) {
  return db().roleTemplate.create({ data: { tenantId: w.ws.tenant.id, name: `Template ${++n}`, permissions: { create: keys.map((key) => ({ key })) } } })
}

/**
 * The answer to `check` before and after `change`: asked twice before (the second from the
 * copy), then once after. The version moved by exactly one; the other workspace's did not.
 */
async function across(check: () => Check, change: () => Promise<unknown>, other: 'stands' | 'moves' = 'stands'): Promise<[Result, Result]> {
  const before = await one(check())
  expect(await one(check())).toEqual(before)
  const [v, vOther] = [await version(w.ws.tenant.id), await version(w.other.tenant.id)]
  await change()
  expect(await version(w.ws.tenant.id)).toBe(v + 1)
  expect(await version(w.other.tenant.id)).toBe(other === 'stands' ? vOther : vOther + 1)
  return [before, await one(check())]
}

beforeAll(async () => {
  w = await world()
  ;({ secret } = await makeKey(await accessOf(w.owner), ['users.view']))
})

describe('a change made in SQL holds on the next authorize call', () => {
  it('a direct grant added, then removed', async () => {
    const m = await member()
    const check = () => ({ member: m.id, permission: 'users.invite' })
    expect(
      (await across(check, () => db().$executeRaw`INSERT INTO "MembershipPermission" ("membershipId", key) VALUES (${m.id}, 'users.invite')`)).map(
        (r) => r.allowed,
      ),
    ).toEqual([false, true])
    expect((await across(check, () => db().$executeRaw`DELETE FROM "MembershipPermission" WHERE "membershipId" = ${m.id}`)).map((r) => r.allowed)).toEqual([
      true,
      false,
    ])
  })

  it('a template’s key removed and added; a template given; a template renamed', async () => {
    const t = await template(['users.invite'])
    const m = await member({ templateId: t.id })
    const check = () => ({ member: m.email, permission: 'users.invite' })
    expect((await across(check, () => db().$executeRaw`DELETE FROM "RoleTemplatePermission" WHERE "roleTemplateId" = ${t.id}`)).map((r) => r.allowed)).toEqual([
      true,
      false,
    ])
    expect(
      (await across(check, () => db().$executeRaw`INSERT INTO "RoleTemplatePermission" ("roleTemplateId", key) VALUES (${t.id}, 'users.invite')`)).map(
        (r) => r.allowed,
      ),
    ).toEqual([false, true])
    const [, renamed] = await across(check, () => db().$executeRaw`UPDATE "RoleTemplate" SET name = 'Renamed' || ${String(++n)} WHERE id = ${t.id}`)
    expect(renamed.reason).toMatch(/^Yes — template Renamed\d+$/)
    const other = await template(['users.delete'])
    const [before, after] = await across(
      () => ({ member: m.id, permission: 'users.delete' }),
      () => db().$executeRaw`UPDATE "Membership" SET "roleTemplateId" = ${other.id} WHERE id = ${m.id}`,
    )
    expect([before.allowed, after.allowed]).toEqual([false, true])
  })

  it('the base role, the status, CRM access', async () => {
    const m = await member()
    expect(
      (
        await across(
          () => ({ member: m.id, permission: 'users.invite' }),
          () => db().membership.update({ where: { id: m.id }, data: { baseRole: 'ADMIN' } }),
        )
      ).map((r) => r.allowed),
    ).toEqual([false, true])
    const [, suspended] = await across(
      () => ({ member: m.id, permission: 'users.invite' }),
      () => db().membership.update({ where: { id: m.id }, data: { status: 'SUSPENDED' } }),
    )
    expect(suspended).toEqual({ allowed: false, reason: 'No — member is suspended' })
    const c = await member({ permissions: ['contacts.view.own'] })
    expect(
      (
        await across(
          () => ({ member: c.id, permission: 'contacts.view' }),
          () => db().membership.update({ where: { id: c.id }, data: { crmAccess: false } }),
        )
      ).map((r) => r.allowed),
    ).toEqual([true, false])
  })

  it('a member deleted; a member added under an email nobody had; an email changed', async () => {
    const m = await member({ permissions: ['users.view'] })
    const gone = await across(
      () => ({ member: m.id, permission: 'users.view' }),
      () => db().membership.delete({ where: { id: m.id } }),
    )
    expect(gone.map((r) => r.error ?? r.allowed)).toEqual([true, 'member_not_found'])
    const email = `late-${w.ws.tag}@${w.ws.tag}.test`
    const added = await across(
      () => ({ member: email, permission: 'users.view' }),
      () => member({ email, permissions: ['users.view'] }),
    )
    expect(added.map((r) => r.error ?? r.allowed)).toEqual(['member_not_found', true])
    const moved = await member({ permissions: ['users.view'] })
    const renamed = await across(
      () => ({ member: moved.email, permission: 'users.view' }),
      () => db().user.update({ where: { id: moved.userId }, data: { email: `moved-${moved.email}` } }),
    )
    expect(renamed.map((r) => r.error ?? r.allowed)).toEqual([true, 'member_not_found'])
  })

  it('teams: joined, left, renamed, deleted; an owner renamed', async () => {
    const viewer = await member({ permissions: ['contacts.view.team'] })
    const owner = await member()
    const t = await team('Sales')
    const record = () => ({ member: viewer.id, permission: 'contacts.view', record: { ownerId: owner.id, teamId: t.id } })
    const joined = await across(record, () => db().teamMember.create({ data: { teamId: t.id, membershipId: viewer.id } }))
    expect(joined.map((r) => r.allowed)).toEqual([false, true])
    const [, renamed] = await across(record, () => db().team.update({ where: { id: t.id }, data: { name: `Closers ${++n}` } }))
    expect(renamed.reason).toMatch(/team Closers \d+ is one of their teams/)
    const left = await across(record, () => db().teamMember.deleteMany({ where: { teamId: t.id, membershipId: viewer.id } }))
    expect(left.map((r) => r.allowed)).toEqual([true, false])
    // The owner's teams: a teammate's record, then the team gone.
    const mates = await team('Mates', viewer.id, owner.id)
    const mateRecord = () => ({ member: viewer.id, permission: 'contacts.view', record: { ownerId: owner.id } })
    const [before, afterRename] = await across(mateRecord, () => db().user.update({ where: { id: owner.userId }, data: { name: `Renamed${++n}` } }))
    expect(before.allowed).toBe(true)
    expect(afterRename.reason).toMatch(/owner Renamed\d+ is in their team Mates/)
    const deleted = await across(mateRecord, () => db().team.delete({ where: { id: mates.id } }))
    expect(deleted.map((r) => r.allowed)).toEqual([true, false])
  })

  it('the workspace’s plan changed, and the plan’s modules changed', async () => {
    const m = await member({ permissions: ['contacts.view.own'] })
    const check = () => ({ member: m.id, permission: 'contacts.view.own' })
    const free = await across(check, () => db().$executeRaw`UPDATE "Tenant" SET "planId" = 'free' WHERE id = ${w.ws.tenant.id}`)
    expect(free.map((r) => r.allowed)).toEqual([true, true]) // the free plan has contacts
    const broadcasts = await member({ permissions: ['broadcasts.view'] })
    const gone = await across(
      () => ({ member: broadcasts.id, permission: 'broadcasts.view' }),
      () => db().tenant.update({ where: { id: w.ws.tenant.id }, data: { planId: w.plan } }),
    )
    expect(gone.map((r) => r.allowed)).toEqual([false, true])
    // The plan itself: every workspace on it moves.
    const modules = await across(
      () => ({ member: broadcasts.id, permission: 'broadcasts.view' }),
      () => db().plan.update({ where: { id: w.plan }, data: { enabledModules: moduleIds().filter((id) => id !== 'broadcasts') } }),
      'moves',
    )
    expect(modules.map((r) => r.allowed)).toEqual([true, false])
  })
})

describe('the version', () => {
  it('moves once per transaction, however many rows it changes; not for a rollback; not for other columns', async () => {
    const a = await member()
    const b = await member()
    const v = await version(w.ws.tenant.id)
    await db().$transaction([
      db().membershipPermission.createMany({ data: ['users.view', 'users.invite', 'teams.view'].map((key) => ({ membershipId: a.id, key })) }),
      db().membership.update({ where: { id: b.id }, data: { baseRole: 'ADMIN' } }),
      db().team.create({ data: { tenantId: w.ws.tenant.id, name: `Once ${++n}` } }),
    ])
    expect(await version(w.ws.tenant.id)).toBe(v + 1)
    await expect(
      db().$transaction(async (tx) => {
        await tx.membership.update({ where: { id: a.id }, data: { status: 'SUSPENDED' } })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await version(w.ws.tenant.id)).toBe(v + 1)
    // Columns access is not computed from.
    await db().membership.update({ where: { id: a.id }, data: { lastLoginAt: new Date() } })
    await db().user.update({ where: { id: a.userId }, data: { sessionVersion: { increment: 1 } } })
    await db().tenant.update({ where: { id: w.ws.tenant.id }, data: { inviteDomains: ['example.test'] } })
    expect(await version(w.ws.tenant.id)).toBe(v + 1)
    // Columns it is: the workspace's name and two-factor requirement, a user's two-factor sign-in.
    await db().tenant.update({ where: { id: w.ws.tenant.id }, data: { requireTwoFactor: true } })
    await db().tenant.update({ where: { id: w.ws.tenant.id }, data: { name: 'Acme 2', requireTwoFactor: false } })
    await db().user.update({ where: { id: a.userId }, data: { totpEnabledAt: new Date() } })
    expect(await version(w.ws.tenant.id)).toBe(v + 4)
  })

  it('a workspace deleted takes its version with it, and the transaction commits', async () => {
    const gone = await createWorkspace()
    await gone.add({ role: 'OWNER' })
    expect(await version(gone.tenant.id)).toBeGreaterThan(0)
    await db().tenant.delete({ where: { id: gone.tenant.id } })
    expect(await db().accessVersion.count({ where: { tenantId: gone.tenant.id } })).toBe(0)
  })
})

describe('the copy', () => {
  it('answers while the version stands, and is left the moment it moves', async () => {
    const m = await member()
    const check = { member: m.id, permission: 'users.invite' }
    expect((await one(check)).allowed).toBe(false)
    // A grant written with the triggers off (as no path of ours can): the version stands, so the
    // copy's answer stands. This is what shows the copy answers at all.
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL session_replication_role = replica`
      await tx.$executeRaw`INSERT INTO "MembershipPermission" ("membershipId", key) VALUES (${m.id}, 'users.invite')`
    })
    expect((await one(check)).allowed).toBe(false)
    await db().$executeRaw`SELECT access_version_bump(ARRAY[${w.ws.tenant.id}])`
    expect((await one(check)).allowed).toBe(true)
  })

  it('a process without a copy reads everything again, and answers the same', async () => {
    const m = await member({ permissions: ['contacts.view.own'] })
    const t = await team('Fresh', m.id)
    const check = { member: m.email, permission: 'contacts.view', record: { ownerId: m.id, teamId: t.id } }
    const warm = await one(check)
    dropCopies()
    expect(await one(check)).toEqual(warm)
    expect(warm).toMatchObject({ allowed: true, scope: 'own' })
  })

  it('with calls racing each other, every answer after a change commits shows it', async () => {
    const m = await member()
    const check = { member: m.id, permission: 'users.invite' }
    let stop = false
    // Callers filling and refilling the copy while the changes commit (some read before, store after).
    const racers = Array.from({ length: 3 }, async () => {
      while (!stop) await one(check, false)
    })
    try {
      for (let i = 0; i < 20; i++) {
        const grant = i % 2 === 0
        if (grant) await db().$executeRaw`INSERT INTO "MembershipPermission" ("membershipId", key) VALUES (${m.id}, 'users.invite')`
        else await db().$executeRaw`DELETE FROM "MembershipPermission" WHERE "membershipId" = ${m.id}`
        expect((await one(check, false)).allowed, `after change ${i}`).toBe(grant)
      }
    } finally {
      stop = true
      await Promise.all(racers)
    }
  })
})
