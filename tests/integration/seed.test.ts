import { describe, expect, it } from 'vitest'
import { authenticate } from '@/lib/auth/sign-in'
import { hashToken } from '@/lib/db/invitations'
import { openDatabase, type Database } from '@/lib/db/open'
import { seed } from '@/lib/db/seed'
import { prepareDatabase } from '@/lib/db/startup'
import { STARTER_ROLES } from '@/lib/authz/starter-roles'
import { createPostgresDatabase, onPostgres, testDatabase } from '../support/setup-db'

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

    // The invited member has a live invitation, and its mail waits in the outbox (a real
    // invitation, as the dev mailbox shows it), the link in it matching the stored hash.
    const invited = members.find((m) => m.status === 'INVITED')!
    const invitations = await prisma.invitation.findMany({ where: { membershipId: invited.id } })
    expect(invitations).toHaveLength(1)
    expect(invitations[0]).toMatchObject({ acceptedAt: null, revokedAt: null })
    expect(invitations[0].expiresAt.getTime()).toBeGreaterThan(Date.now())
    const [mail] = await prisma.outboxMail.findMany({ where: { membershipId: invited.id } })
    expect(mail).toMatchObject({ to: invited.user.email, tenantId: r.tenantId, sentAt: null })
    const token = /\/invite\/([\w-]+)/.exec(mail.text)![1]
    expect(hashToken(token)).toBe(invitations[0].tokenHash)

    const again = await seed(prisma, { ownerEmail: 'other@example.com' })
    expect(again.seeded).toBe(false)
    expect(await prisma.user.count({ where: { email: 'other@example.com' } })).toBe(0)
  })
})

describe(onPostgres ? 'instances started at once on an empty PostgreSQL database' : 'an embedded database started twice', () => {
  it.each(Array.from({ length: onPostgres ? 5 : 2 }, (_, i) => i + 1))(
    'round %i: every instance migrates and seeds without an error, the demo workspace exists once, and every one serves',
    async () => {
      // On PostgreSQL: three instances (each its own connection pool) at once on a new database.
      // The embedded database has one process per folder (its lock: lock.test.ts), so there the
      // start-up runs twice in a row, as a restart does.
      let instances: Database[]
      let drop = async () => {}
      if (onPostgres) {
        const created = await createPostgresDatabase()
        drop = created.drop
        instances = [1, 2, 3].map(() => openDatabase({ databaseUrl: created.url }))
      } else {
        const one = openDatabase({ pgliteDir: 'memory://' })
        instances = [one, one]
      }
      try {
        const lines: string[] = []
        const start = (d: Database) => prepareDatabase((l) => lines.push(l), d)
        const results = onPostgres
          ? await Promise.allSettled(instances.map(start))
          : [await start(instances[0]), await start(instances[1])].map(() => ({ status: 'fulfilled' }))
        expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([])
        expect(lines.filter((l) => l.includes('Demo workspace'))).toHaveLength(1)
        for (const d of instances) {
          expect(await d.prisma.tenant.count()).toBe(1)
          expect(await d.prisma.plan.count()).toBe(3)
          expect(await d.prisma.membership.count({ where: { user: { email: 'owner@example.com' } } })).toBe(1)
        }
      } finally {
        await Promise.all([...new Set(instances)].map((d) => d.close()))
        await drop()
      }
    },
    60_000,
  )
})
