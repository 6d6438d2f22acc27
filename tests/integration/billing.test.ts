import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { changePlan } from '@/app/(app)/settings/billing/actions'
import { db } from '@/lib/db/client'
import { loadMembersPage } from '@/lib/db/member-list'
import { roleUsage } from '@/lib/db/roles'
import { seatUsage } from '@/lib/db/seats'
import { parseMemberQuery } from '@/lib/validation/members'
import { accessFor, accessOf, createWorkspace, ensurePlans, failure, success } from '../support/fixtures'

// Switching plans through the real server action and a real database: no payment is taken, the
// switch applies at once, and a plan smaller than what the workspace uses is refused with the
// numbers. Only owners (billing.manage) may switch.

const planOf = async (tenantId: string) => (await db().tenant.findUniqueOrThrow({ where: { id: tenantId } })).planId
const audits = (tenantId: string) => db().auditEvent.findMany({ where: { tenantId } })

async function setup(plan: string) {
  const ws = await createWorkspace({ plan })
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner) }
}

describe('changePlan', () => {
  it('an owner upgrades Free → Team: audited, and the enabled modules follow on the next request', async () => {
    const { ws, owner, state } = await setup('free')
    const m = await ws.add({ permissions: ['broadcasts.view', 'users.view'] })
    expect([(await accessFor(owner)).can('broadcasts.view'), (await accessFor(m)).can('broadcasts.view')]).toEqual([false, false])
    const r = success(await changePlan.run(state, { planId: 'team' }, '198.51.100.7'))
    expect(r.message).toMatch(/now on the Team plan/)
    expect(await planOf(ws.tenant.id)).toBe('team')
    expect(await audits(ws.tenant.id)).toEqual([
      expect.objectContaining({
        action: 'plan.change',
        targetId: ws.tenant.id,
        actorEmail: owner.email,
        ip: '198.51.100.7',
        before: { plan: 'Free' },
        after: { plan: 'Team' },
      }),
    ])
    const [ownerAfter, memberAfter] = [await accessFor(owner), await accessFor(m)]
    expect([ownerAfter.can('broadcasts.view'), memberAfter.can('broadcasts.view'), memberAfter.can('users.view')]).toEqual([true, true, true])
    expect(ownerAfter.member).toMatchObject({ planId: 'team', planName: 'Team' })
    expect(ownerAfter.can('integrations.view')).toBe(false) // Business only
  })

  it('refuses a downgrade below the seats used, with the numbers, and leaves the plan as it was', async () => {
    const { ws, state } = await setup('team')
    for (let i = 0; i < 3; i++) await ws.add()
    await ws.add({ status: 'INVITED' }) // 5 seats used: an invitation takes one
    const r = failure(await changePlan.run(state, { planId: 'free' }))
    expect(r.code).toBe('limit')
    expect(r.message).toContain('5 seats are used')
    expect(r.message).toContain('allows 3')
    expect(r.message).toContain('remove 2')
    expect(await planOf(ws.tenant.id)).toBe('team')
    expect(await audits(ws.tenant.id)).toHaveLength(0)
  })

  it('refuses a plan with fewer roles than the workspace has, naming both limits when both are exceeded', async () => {
    await ensurePlans()
    const small = await db().plan.create({
      data: { id: `small-${randomBytes(4).toString('hex')}`, name: 'Small', seatLimit: 1, roleLimit: 1, enabledModules: ['settings', 'billing'] },
    })
    const { ws, state } = await setup('team')
    await ws.add()
    for (const name of ['A', 'B']) await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name } })
    const r = failure(await changePlan.run(state, { planId: small.id }))
    expect(r.code).toBe('limit')
    expect(r.message).toContain('2 seats are used and Small allows 1')
    expect(r.message).toContain('2 role templates exist and Small allows 1')
    expect(await planOf(ws.tenant.id)).toBe('team')
  })

  it('refuses the current plan as invalid and an unknown plan as not found', async () => {
    const { ws, state } = await setup('team')
    const same = failure(await changePlan.run(state, { planId: 'team' }))
    expect(same.code).toBe('invalid')
    expect(same.message).toMatch(/already on the Team plan/)
    expect(failure(await changePlan.run(state, { planId: 'platinum' })).code).toBe('not_found')
    expect(Object.keys(failure(await changePlan.run(state, { planId: '' })).fieldErrors ?? {})).toEqual(['planId'])
    expect(await planOf(ws.tenant.id)).toBe('team')
    expect(await audits(ws.tenant.id)).toHaveLength(0)
  })

  it('an admin (no billing permission) is forbidden; the plan is unchanged', async () => {
    const { ws } = await setup('free')
    const admin = await accessOf(await ws.add({ role: 'ADMIN' }))
    expect(failure(await changePlan.run(admin, { planId: 'business' })).code).toBe('forbidden')
    expect(await planOf(ws.tenant.id)).toBe('free')
    expect(await audits(ws.tenant.id)).toHaveLength(0)
  })
})

describe('the limits offer an upgrade only when a plan allows more', () => {
  it('seats: Team can grow, Business cannot; roles: every plan allows 20, so none can', async () => {
    await ensurePlans()
    const team = await createWorkspace({ plan: 'team' })
    const business = await createWorkspace({ plan: 'business' })
    expect((await seatUsage(team.tenant.id)).upgradable).toBe(true)
    expect((await seatUsage(business.tenant.id)).upgradable).toBe(false)
    expect((await roleUsage(team.tenant.id)).upgradable).toBe(false)
    // The users page reads the same answer in its own statement.
    expect((await loadMembersPage(team.tenant.id, parseMemberQuery({}))).seats.upgradable).toBe(true)
    expect((await loadMembersPage(business.tenant.id, parseMemberQuery({}))).seats.upgradable).toBe(false)
    // A plan allowing more roles makes roles upgradable.
    await db().plan.create({ data: { id: `roles-${randomBytes(3).toString('hex')}`, name: 'Many roles', seatLimit: 5, roleLimit: 50, enabledModules: [] } })
    expect((await roleUsage(team.tenant.id)).upgradable).toBe(true)
  })
})
