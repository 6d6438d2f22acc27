import type { AccessInput, BaseRole, MembershipStatus } from '@/lib/authz/access'
import type { PrismaClient } from './generated/client'
import { db, type Tx } from './client'
import { MAX_SESSION_LIFETIME_MINUTES } from '@/lib/validation/security-constants'
import { SEEN_EVERY_MINUTES } from './sessions'

type Row = Omit<AccessInput, 'templateKeys' | 'directKeys' | 'teamIds' | 'enabledModules'> & {
  sessionVersion: number
  sessionLive: boolean
  sessionStale: boolean
  sessionExpired: boolean
  templateKeys: string[] | null
  directKeys: string[] | null
  teamIds: string[] | null
  enabledModules: string[] | null
}

export type LoadedAccess = AccessInput & { sessionVersion: number; sessionLive: boolean; sessionStale: boolean; sessionExpired: boolean }

/**
 * Everything access is computed from, for one user in one workspace, in ONE database round
 * trip: membership, user (for the session version and whether they use two-factor sign-in),
 * tenant (its plan and whether it requires two-factor), plan, template permissions, direct
 * grants and teams, whether the session `sessionId` is still open (true without one), whether it
 * has outlived the workspace's limits (older than its session lifetime, or unused for longer than
 * its idle timeout: `sessionExpired`) and whether it was last seen long enough ago to be
 * refreshed (lib/db/sessions.ts touchSession): this query only reads.
 * loadAccessInputWith takes the client, for scripts and benchmarks outside Next.js.
 */
export function loadAccessInput(userId: string, tenantId: string, sessionId: string | null = null): Promise<LoadedAccess | null> {
  return loadAccessInputWith(db(), userId, tenantId, sessionId)
}

export async function loadAccessInputWith(
  client: PrismaClient | Tx,
  userId: string,
  tenantId: string,
  sessionId: string | null = null,
): Promise<LoadedAccess | null> {
  const rows = await client.$queryRaw<Row[]>`
    SELECT m.id AS "membershipId", m."tenantId", m."baseRole"::text AS "baseRole", m.status::text AS status,
           m."crmAccess", m."roleTemplateId", rt.name AS "roleTemplateName",
           u.id AS "userId", u.email, u.name, u."sessionVersion",
           (${sessionId}::text IS NULL OR s.id IS NOT NULL) AS "sessionLive",
           COALESCE(s."lastSeenAt" < now() - make_interval(mins => ${SEEN_EVERY_MINUTES}::int), false) AS "sessionStale",
           COALESCE(s."createdAt" < now() - make_interval(mins => COALESCE(t."sessionMaxAgeMinutes", ${MAX_SESSION_LIFETIME_MINUTES}::int))
                    OR s."lastSeenAt" < now() - make_interval(mins => t."sessionIdleMinutes"), false) AS "sessionExpired",
           u."totpEnabledAt" IS NOT NULL AS "twoFactorEnabled",
           t.name AS "tenantName", t.slug AS "tenantSlug", t."requireTwoFactor",
           p.id AS "planId", p.name AS "planName", p."enabledModules",
           (SELECT array_agg(rp.key) FROM "RoleTemplatePermission" rp WHERE rp."roleTemplateId" = m."roleTemplateId") AS "templateKeys",
           (SELECT array_agg(mp.key) FROM "MembershipPermission" mp WHERE mp."membershipId" = m.id) AS "directKeys",
           (SELECT array_agg(tm."teamId") FROM "TeamMember" tm WHERE tm."membershipId" = m.id) AS "teamIds"
      FROM "Membership" m
      JOIN "User" u ON u.id = m."userId"
      JOIN "Tenant" t ON t.id = m."tenantId"
      JOIN "Plan" p ON p.id = t."planId"
      LEFT JOIN "RoleTemplate" rt ON rt.id = m."roleTemplateId"
      LEFT JOIN "Session" s ON s.id = ${sessionId} AND s."userId" = u.id AND s."endedAt" IS NULL
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
