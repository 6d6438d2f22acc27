import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyPassword } from '@/lib/auth/password'
import { getStarterRole } from '@/lib/authz/starter-roles'
import { getDatabase, db } from '@/lib/db/client'
import { changePlan, enabledModulesOf, listPlans } from '@/lib/db/plans'
import { PLANS } from '@/lib/db/seed'
import { countWorkspaces, createWorkspace as createWorkspaceRow } from '@/lib/db/workspaces'
import { createWorkspace } from '../support/fixtures'

// What `npm run workspace:create` writes (lib/db/workspaces.ts) and the plan functions
// (lib/db/plans.ts), called directly against the database.

const slug = () => `w-${randomBytes(4).toString('hex')}`

describe('createWorkspace (npm run workspace:create)', () => {
  it('a new owner: the address trimmed and lowercased, the password hashed, an active owner with CRM access, the starter roles asked for', async () => {
    const before = await countWorkspaces()
    const email = `Owner-${randomBytes(3).toString('hex')}@Example.com`
    const tenant = await createWorkspaceRow(getDatabase().prisma, {
      name: 'Acme',
      slug: slug(),
      planId: 'business',
      owner: { email: `  ${email} `, name: 'Olive Owner', password: 'a long enough password' },
      starterRoles: ['basic', 'read_only'],
    })
    expect(await countWorkspaces()).toBe(before + 1)
    expect(tenant).toMatchObject({ name: 'Acme', planId: 'business' })
    const user = await db().user.findUniqueOrThrow({ where: { email: email.toLowerCase() } })
    expect(user.name).toBe('Olive Owner')
    expect(await verifyPassword(user.passwordHash, 'a long enough password')).toBe(true)
    expect(await db().membership.findMany({ where: { tenantId: tenant.id }, select: { userId: true, baseRole: true, status: true, crmAccess: true } })).toEqual(
      [{ userId: user.id, baseRole: 'OWNER', status: 'ACTIVE', crmAccess: true }],
    )
    const roles = await db().roleTemplate.findMany({ where: { tenantId: tenant.id }, orderBy: { name: 'asc' }, include: { permissions: true } })
    for (const id of ['basic', 'read_only']) {
      const starter = getStarterRole(id)!
      const made = roles.find((r) => r.name === starter.name)
      expect(made, id).toBeDefined()
      expect(made!.description).toBe(starter.description)
      expect(made!.permissions.map((p) => p.key).sort()).toEqual([...starter.permissions].sort())
    }
    expect(roles).toHaveLength(2)
    expect((await db().plan.findMany({ select: { id: true } })).map((p) => p.id)).toEqual(expect.arrayContaining(PLANS.map((p) => p.id)))
  })

  it('an existing user is reused: one with a password keeps it and their name; one without gets both', async () => {
    const ws = await createWorkspace()
    const existing = await ws.add()
    const tenant = await createWorkspaceRow(getDatabase().prisma, {
      name: 'Second',
      slug: slug(),
      planId: 'free',
      owner: { email: existing.email.toUpperCase(), name: 'New name', password: 'another password here' },
    })
    const user = await db().user.findUniqueOrThrow({ where: { id: existing.userId } })
    expect(user.name).toBe(existing.email.split('@')[0])
    expect(await verifyPassword(user.passwordHash, 'another password here')).toBe(false)
    expect(await db().membership.count({ where: { tenantId: tenant.id, userId: existing.userId, baseRole: 'OWNER' } })).toBe(1)
    expect(await db().roleTemplate.count({ where: { tenantId: tenant.id } })).toBe(0)

    const invited = await db().user.create({ data: { email: `invited-${randomBytes(3).toString('hex')}@example.com`, name: '' } })
    await createWorkspaceRow(getDatabase().prisma, {
      name: 'Third',
      slug: slug(),
      planId: 'free',
      owner: { email: invited.email, name: 'Ivy', password: 'ivy’s password 123' },
    })
    const now = await db().user.findUniqueOrThrow({ where: { id: invited.id } })
    expect(now.name).toBe('Ivy')
    expect(await verifyPassword(now.passwordHash, 'ivy’s password 123')).toBe(true)
  })

  it('an unknown starter role is refused before anything is written', async () => {
    const before = await countWorkspaces()
    const s = slug()
    await expect(
      createWorkspaceRow(getDatabase().prisma, {
        name: 'X',
        slug: s,
        planId: 'free',
        owner: { email: `${s}@example.com`, name: 'X' },
        starterRoles: ['basic', 'no_such_role'],
      }),
    ).rejects.toThrow('Unknown starter role "no_such_role".')
    expect(await countWorkspaces()).toBe(before)
    expect(await db().user.count({ where: { email: `${s}@example.com` } })).toBe(0)
  })
})

describe('plans', () => {
  it('listPlans: every plan in its order, with its limits and modules', async () => {
    await createWorkspace()
    const plans = await listPlans()
    const want = [...PLANS].sort((a, b) => a.sortOrder - b.sortOrder)
    expect(plans.map((p) => [p.id, p.name, p.seatLimit, p.roleLimit, p.enabledModules])).toEqual(
      want.map((p) => [p.id, p.name, p.seatLimit, p.roleLimit, p.enabledModules]),
    )
  })

  it('changePlan: an unknown plan, the same plan, and a plan too small (with the numbers) are refused; a fitting one switches', async () => {
    const ws = await createWorkspace({ plan: 'business' })
    const plans = await listPlans()
    const small = [...plans].sort((a, b) => a.seatLimit - b.seatLimit)[0]
    const business = plans.find((p) => p.id === 'business')!
    expect(await changePlan(ws.tenant.id, 'no-such-plan')).toEqual({ ok: false, code: 'not_found', message: 'That plan does not exist.' })
    expect(await changePlan(ws.tenant.id, 'business')).toEqual({ ok: false, code: 'invalid', message: `You are already on the ${business.name} plan.` })

    for (let i = 0; i < small.seatLimit + 1; i++) await ws.add()
    for (let i = 0; i < small.roleLimit + 2; i++) await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: `R${i}` } })
    const seats = small.seatLimit + 1
    const roles = small.roleLimit + 2
    expect(await changePlan(ws.tenant.id, small.id)).toEqual({
      ok: false,
      code: 'limit',
      message: `You can’t switch to ${small.name} yet. ${seats} seats are used and ${small.name} allows ${small.seatLimit}: remove 1 members or invitations; ${roles} role templates exist and ${small.name} allows ${small.roleLimit}: delete 2 of them.`,
    })
    expect((await db().tenant.findUniqueOrThrow({ where: { id: ws.tenant.id } })).planId).toBe('business')

    // Exactly at the smaller plan's limits: allowed.
    const fresh = await createWorkspace({ plan: 'business' })
    for (let i = 0; i < small.seatLimit; i++) await fresh.add()
    for (let i = 0; i < small.roleLimit; i++) await db().roleTemplate.create({ data: { tenantId: fresh.tenant.id, name: `R${i}` } })
    expect(await changePlan(fresh.tenant.id, small.id)).toEqual({ ok: true, from: business.name, to: small.name })
    expect((await db().tenant.findUniqueOrThrow({ where: { id: fresh.tenant.id } })).planId).toBe(small.id)
  })

  it('enabledModulesOf: each workspace’s modules now and, where its plan changed, before', async () => {
    const a = await createWorkspace({ plan: 'business' })
    const b = await createWorkspace({ plan: 'free' })
    const plans = new Map((await listPlans()).map((p) => [p.id, p.enabledModules]))
    expect(await enabledModulesOf([a.tenant.id, b.tenant.id], new Map([[b.tenant.id, 'business']]))).toEqual(
      new Map([
        [a.tenant.id, { now: plans.get('business'), before: plans.get('business') }],
        [b.tenant.id, { now: plans.get('free'), before: plans.get('business') }],
      ]),
    )
    expect(await enabledModulesOf(['no-such-workspace'])).toEqual(new Map())
  })
})
