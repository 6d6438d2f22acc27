import { randomBytes } from 'node:crypto'
import { hashPassword } from '@/lib/auth/password'
import { newSealedWebhookSecret } from '@/lib/auth/webhook-secret'
import { moduleIds } from '@/lib/authz/catalog'
import { getStarterRole } from '@/lib/authz/starter-roles'
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events'
import type { PrismaClient } from './generated/client'
import { newInvitation } from './invitation-tokens'
import { MIGRATION_LOCK_KEY } from './migrations'

export const PLANS = [
  { id: 'free', name: 'Free', seatLimit: 3, roleLimit: 20, sortOrder: 1, enabledModules: ['contacts', 'inbox', 'settings', 'billing'] },
  {
    id: 'team',
    name: 'Team',
    seatLimit: 25,
    roleLimit: 20,
    sortOrder: 2,
    enabledModules: ['contacts', 'inbox', 'broadcasts', 'workflows', 'analytics', 'settings', 'billing'],
  },
  { id: 'business', name: 'Business', seatLimit: 100, roleLimit: 20, sortOrder: 3, enabledModules: moduleIds() },
]

export type SeedOptions = { ownerEmail?: string; ownerPassword?: string; demoPassword?: string; log?: (line: string) => void }
export type SeedResult =
  { seeded: false } | { seeded: true; tenantId: string; owner: { email: string; password: string }; demo: { emails: string[]; password: string } }

const generated = () => randomBytes(12).toString('base64url')

/**
 * The demo members of Acme Inc. (the e2e suite signs in as them): [email, name, role, status,
 * template id, CRM access, teams, direct grants]. Between them they hold every page's permission
 * without another one (tests/unit/requirements.test.ts): the auditor, with direct grants only,
 * is the one who sees the security settings (and the webhooks) without managing people or roles.
 */
export const PEOPLE = [
  ['admin@example.com', 'Ada Admin', 'ADMIN', 'ACTIVE', null, true, ['Support', 'Sales'], []],
  ['agent@example.com', 'Sam Support', 'MEMBER', 'ACTIVE', 'support_agent', true, ['Support'], []],
  ['marketing@example.com', 'Mia Marketing', 'MEMBER', 'ACTIVE', 'marketing', true, ['Sales'], []],
  ['ops@example.com', 'Oscar Operations', 'MEMBER', 'ACTIVE', 'operations_manager', true, [], []],
  ['readonly@example.com', 'Rita Reader', 'MEMBER', 'ACTIVE', 'read_only', false, [], []],
  ['invited@example.com', '', 'MEMBER', 'INVITED', 'support_agent', true, [], []],
  ['suspended@example.com', 'Sid Suspended', 'MEMBER', 'SUSPENDED', 'marketing', true, ['Sales'], []],
  ['auditor@example.com', 'Ava Auditor', 'MEMBER', 'ACTIVE', null, false, [], ['security.view', 'audit.view', 'webhooks.view']],
] as const

const SEEDED_TEMPLATES = ['support_agent', 'marketing', 'operations_manager', 'campaign_manager', 'read_only']

async function isEmpty(client: Pick<PrismaClient, 'user' | 'tenant'>) {
  return (await client.user.count()) === 0 && (await client.tenant.count()) === 0
}

/**
 * Seeds plans and a demo workspace, only into an empty database (no user and no workspace):
 * it never touches a database that already has data.
 */
export async function seed(prisma: PrismaClient, opts: SeedOptions = {}): Promise<SeedResult> {
  if (!(await isEmpty(prisma))) return { seeded: false }

  const ownerEmail = (opts.ownerEmail || 'owner@example.com').toLowerCase()
  const ownerPassword = opts.ownerPassword || generated()
  const demoPassword = opts.demoPassword || generated()
  const [ownerHash, demoHash] = await Promise.all([hashPassword(ownerPassword), hashPassword(demoPassword)])

  const tenantId = await prisma.$transaction(
    async (tx) => {
      // Instances started at once on an empty database: the first seeds, the others wait here
      // (the lock migrations take: lib/db/migrations.ts), then find it seeded and leave it.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`)
      if (!(await isEmpty(tx))) return null
      for (const p of PLANS) await tx.plan.upsert({ where: { id: p.id }, create: p, update: {} })
      const tenant = await tx.tenant.create({ data: { name: 'Acme Inc.', slug: 'acme', planId: 'team' } })
      const templates = new Map<string, string>()
      for (const id of SEEDED_TEMPLATES) {
        const t = getStarterRole(id)!
        const row = await tx.roleTemplate.create({
          data: { tenantId: tenant.id, name: t.name, description: t.description, permissions: { create: t.permissions.map((key) => ({ key })) } },
        })
        templates.set(id, row.id)
      }
      const teams = new Map<string, string>()
      for (const name of ['Support', 'Sales']) teams.set(name, (await tx.team.create({ data: { tenantId: tenant.id, name } })).id)

      const owner = await tx.user.create({ data: { email: ownerEmail, name: 'Olivia Owner', passwordHash: ownerHash } })
      const ownerM = await tx.membership.create({ data: { tenantId: tenant.id, userId: owner.id, baseRole: 'OWNER', status: 'ACTIVE', crmAccess: true } })
      const members: string[] = [ownerM.id]
      for (const [email, name, baseRole, status, template, crmAccess, teamNames, grants] of PEOPLE) {
        const user = await tx.user.create({ data: { email, name, passwordHash: status === 'INVITED' ? null : demoHash } })
        const m = await tx.membership.create({
          data: {
            tenantId: tenant.id,
            userId: user.id,
            baseRole,
            status,
            crmAccess,
            invitedById: ownerM.id,
            roleTemplateId: template ? templates.get(template) : null,
            teams: { create: teamNames.map((t) => ({ teamId: teams.get(t)! })) },
            permissions: { create: grants.map((key) => ({ key })) },
          },
        })
        members.push(m.id)
        // An invited member has an invitation, and its mail waits in the outbox (the dev mailbox shows it).
        if (status === 'INVITED') {
          const inviter = { membershipId: ownerM.id, name: owner.name ?? '', email: ownerEmail, workspaceName: tenant.name }
          const { row, mail } = newInvitation(m.id, email, inviter)
          await tx.invitation.create({ data: row })
          await tx.outboxMail.create({ data: { ...mail, tenantId: tenant.id } })
        }
      }
      // Sample contacts: owned by members, by teams only, and unassigned (the record-scope example).
      const contacts = Array.from({ length: 24 }, (_, i) => {
        const owner = i % 4 === 3 ? null : (members[(i % 4) + (i % 3)] ?? null)
        const team = i % 5 === 0 ? teams.get('Support')! : i % 5 === 1 ? teams.get('Sales')! : null
        return {
          tenantId: tenant.id,
          name: `Sample Contact ${String(i + 1).padStart(2, '0')}`,
          email: `contact${i + 1}@customer.example`,
          ownerId: owner,
          teamId: team,
        }
      })
      await tx.contact.createMany({ data: contacts })
      // A disabled example webhook endpoint, so Settings › Webhooks shows what one looks like (its
      // secret is sealed under the server secret: without one, there is no example).
      if (process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET) {
        await tx.webhookEndpoint.create({
          data: {
            tenantId: tenant.id,
            url: 'https://hooks.example.com/teamgate',
            description: 'Example: the permission cache of your product (disabled)',
            eventTypes: [...WEBHOOK_EVENT_TYPES],
            secret: newSealedWebhookSecret(),
            enabled: false,
            createdById: ownerM.id,
          },
        })
      }
      return tenant.id
    },
    { timeout: 30_000 },
  )
  if (tenantId === null) return { seeded: false }

  return {
    seeded: true,
    tenantId,
    owner: { email: ownerEmail, password: ownerPassword },
    demo: { emails: PEOPLE.filter((p) => p[3] === 'ACTIVE').map((p) => p[0]), password: demoPassword },
  }
}
