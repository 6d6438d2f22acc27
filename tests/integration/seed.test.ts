import { describe, expect, it } from 'vitest'
import { authenticate } from '@/lib/auth/sign-in'
import { seed } from '@/lib/db/seed'
import { STARTER_ROLES } from '@/lib/authz/starter-roles'
import { testDatabase } from '../support/setup-db'

describe('seed', () => {
  it('creates plans and a demo workspace with people in every status, then never runs again', async () => {
    const prisma = testDatabase().prisma
    const r = await seed(prisma, { ownerEmail: 'Boss@Example.com', demoPassword: 'demo-password-1' })
    if (!r.seeded) throw new Error('expected a seed')
    expect(r.owner.email).toBe('boss@example.com')
    expect(r.owner.password.length).toBeGreaterThanOrEqual(12) // generated, printed once
    expect((await prisma.plan.findMany({ orderBy: { sortOrder: 'asc' } })).map((p) => [p.name, p.seatLimit, p.roleLimit])).toEqual([
      ['Free', 3, 20],
      ['Team', 25, 20],
      ['Business', 100, 20],
    ])
    const members = await prisma.membership.findMany({ where: { tenantId: r.tenantId }, include: { user: true, roleTemplate: true } })
    expect(new Set(members.map((m) => m.status))).toEqual(new Set(['ACTIVE', 'INVITED', 'SUSPENDED']))
    expect(members.filter((m) => m.baseRole === 'OWNER').map((m) => m.user.email)).toEqual(['boss@example.com'])
    expect(members.some((m) => m.baseRole === 'ADMIN')).toBe(true)
    const templates = await prisma.roleTemplate.findMany({ where: { tenantId: r.tenantId }, include: { permissions: true } })
    expect(templates.map((t) => t.name).sort()).toEqual(['Campaign manager', 'Marketing team member', 'Operations manager', 'Read only', 'Support agent'])
    const support = templates.find((t) => t.name === 'Support agent')!
    expect(support.permissions.map((p) => p.key).sort()).toEqual([...STARTER_ROLES.find((t) => t.id === 'support_agent')!.permissions].sort())
    expect(await prisma.team.count({ where: { tenantId: r.tenantId } })).toBe(2)
    expect(await prisma.contact.count({ where: { tenantId: r.tenantId } })).toBeGreaterThan(10)

    // The printed credentials work; the owner's generated password included.
    expect((await authenticate('boss@example.com', r.owner.password, null)).ok).toBe(true)
    expect((await authenticate('agent@example.com', 'demo-password-1', null)).ok).toBe(true)

    const again = await seed(prisma, { ownerEmail: 'other@example.com' })
    expect(again.seeded).toBe(false)
    expect(await prisma.user.count({ where: { email: 'other@example.com' } })).toBe(0)
  })
})
