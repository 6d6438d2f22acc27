import type { PrismaClient } from '@/lib/db/generated/client'
import type { AccessInput, BaseRole, MembershipStatus } from './access'

// The query behind loadAccessInput, taking the Prisma client as an argument so it can run
// outside Next.js (scripts, benchmarks) without importing the 'server-only' database module.

type Row = Omit<AccessInput, 'templateKeys' | 'directKeys' | 'teamIds' | 'enabledModules'> & {
  sessionVersion: number
  templateKeys: string[] | null
  directKeys: string[] | null
  teamIds: string[] | null
  enabledModules: string[] | null
}

/**
 * Everything access is computed from, for one user in one workspace, in ONE database round
 * trip: membership, user (for the session version), tenant, plan, template permissions,
 * direct grants and teams.
 */
export async function loadAccessInputWith(prisma: PrismaClient, userId: string, tenantId: string): Promise<(AccessInput & { sessionVersion: number }) | null> {
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT m.id AS "membershipId", m."tenantId", m."baseRole"::text AS "baseRole", m.status::text AS status,
           m."crmAccess", m."roleTemplateId", rt.name AS "roleTemplateName",
           u.id AS "userId", u.email, u.name, u."sessionVersion",
           t.name AS "tenantName", t.slug AS "tenantSlug",
           p.id AS "planId", p.name AS "planName", p."enabledModules",
           (SELECT array_agg(rp.key) FROM "RoleTemplatePermission" rp WHERE rp."roleTemplateId" = m."roleTemplateId") AS "templateKeys",
           (SELECT array_agg(mp.key) FROM "MembershipPermission" mp WHERE mp."membershipId" = m.id) AS "directKeys",
           (SELECT array_agg(tm."teamId") FROM "TeamMember" tm WHERE tm."membershipId" = m.id) AS "teamIds"
      FROM "Membership" m
      JOIN "User" u ON u.id = m."userId"
      JOIN "Tenant" t ON t.id = m."tenantId"
      JOIN "Plan" p ON p.id = t."planId"
      LEFT JOIN "RoleTemplate" rt ON rt.id = m."roleTemplateId"
     WHERE m."userId" = ${userId} AND m."tenantId" = ${tenantId}`
  const r = rows[0]
  if (!r) return null
  return {
    ...r,
    baseRole: r.baseRole as BaseRole,
    status: r.status as MembershipStatus,
    sessionVersion: Number(r.sessionVersion),
    templateKeys: r.templateKeys ?? [],
    directKeys: r.directKeys ?? [],
    teamIds: r.teamIds ?? [],
    enabledModules: r.enabledModules ?? [],
  }
}
