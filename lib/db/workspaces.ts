import { hashPassword } from '@/lib/auth/password'
import { getStarterRole } from '@/lib/authz/starter-roles'
import type { PrismaClient } from './generated/client'
import { PLANS } from './seed'

export type NewWorkspace = {
  name: string
  slug: string
  planId: string
  owner: { email: string; name: string; password?: string }
  /** Starter roles (lib/authz/starter-roles.ts ids) to create as the workspace's first roles. */
  starterRoles?: string[]
}

/**
 * Creates a workspace with its first owner (an existing user is reused and keeps their
 * password). Used by `npm run workspace:create`; takes the client as an argument so it runs
 * outside Next.js.
 */
export async function createWorkspace(prisma: PrismaClient, w: NewWorkspace) {
  const email = w.owner.email.trim().toLowerCase()
  const passwordHash = w.owner.password ? await hashPassword(w.owner.password) : null
  const starters = (w.starterRoles ?? []).map((id) => {
    const t = getStarterRole(id)
    if (!t) throw new Error(`Unknown starter role "${id}".`)
    return t
  })
  return prisma.$transaction(async (tx) => {
    for (const p of PLANS) await tx.plan.upsert({ where: { id: p.id }, create: p, update: {} })
    const tenant = await tx.tenant.create({ data: { name: w.name, slug: w.slug, planId: w.planId } })
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } })
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: existing.passwordHash ? {} : { passwordHash, name: w.owner.name } })
      : await tx.user.create({ data: { email, name: w.owner.name, passwordHash } })
    await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, baseRole: 'OWNER', status: 'ACTIVE', crmAccess: true } })
    for (const t of starters) {
      await tx.roleTemplate.create({
        data: { tenantId: tenant.id, name: t.name, description: t.description, permissions: { create: t.permissions.map((key) => ({ key })) } },
      })
    }
    return tenant
  })
}

/** How many workspaces this instance holds. */
export async function countWorkspaces(): Promise<number> {
  const { db } = await import('./client')
  return db().tenant.count()
}
