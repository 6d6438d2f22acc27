import type { AccessInput, BaseRole, MembershipStatus } from '@/lib/authz/access'
import { Prisma, type PrismaClient } from './generated/client'
import { db, type Tx } from './client'
import { MAX_SESSION_LIFETIME_MINUTES } from '@/lib/validation/security-constants'
import { SEEN_EVERY_MINUTES } from './sessions'
import { parsed, valueRows, type Json } from './sql-json'

type Row = AccessRow & { sessionVersion: number; sessionLive: boolean; sessionStale: boolean; sessionExpired: boolean }

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
    SELECT ${ACCESS_COLUMNS}, u."sessionVersion",
           (${sessionId}::text IS NULL OR s.id IS NOT NULL) AS "sessionLive",
           COALESCE(s."lastSeenAt" < now() - make_interval(mins => ${SEEN_EVERY_MINUTES}::int), false) AS "sessionStale",
           COALESCE(s."createdAt" < now() - make_interval(mins => COALESCE(t."sessionMaxAgeMinutes", ${MAX_SESSION_LIFETIME_MINUTES}::int))
                    OR s."lastSeenAt" < now() - make_interval(mins => t."sessionIdleMinutes"), false) AS "sessionExpired"
      FROM ${ACCESS_FROM}
      LEFT JOIN "Session" s ON s.id = ${sessionId} AND s."userId" = u.id AND s."endedAt" IS NULL
     WHERE m."userId" = ${userId} AND m."tenantId" = ${tenantId}`
  const r = rows[0]
  if (!r) return null
  return {
    ...accessInputOf(r),
    sessionVersion: Number(r.sessionVersion),
    sessionLive: r.sessionLive,
    sessionStale: r.sessionStale,
    sessionExpired: r.sessionExpired,
  }
}

/**
 * What access is computed from, as SQL over a membership `m`: the columns (select them with
 * ACCESS_FROM) and the row read back (accessInputOf). One definition for the session's access
 * load above, an API key's (lib/db/api-keys.ts) and the members an authorize call asks about.
 */
export const ACCESS_COLUMNS = Prisma.sql`
           m.id AS "membershipId", m."tenantId", m."baseRole"::text AS "baseRole", m.status::text AS status,
           m."crmAccess", m."roleTemplateId", rt.name AS "roleTemplateName",
           u.id AS "userId", u.email, u.name, u."totpEnabledAt" IS NOT NULL AS "twoFactorEnabled",
           t.name AS "tenantName", t.slug AS "tenantSlug", t."requireTwoFactor",
           p.id AS "planId", p.name AS "planName", p."enabledModules",
           (SELECT array_agg(rp.key) FROM "RoleTemplatePermission" rp WHERE rp."roleTemplateId" = m."roleTemplateId") AS "templateKeys",
           (SELECT array_agg(mp.key) FROM "MembershipPermission" mp WHERE mp."membershipId" = m.id) AS "directKeys",
           (SELECT array_agg(tm."teamId") FROM "TeamMember" tm WHERE tm."membershipId" = m.id) AS "teamIds"`
export const ACCESS_FROM = Prisma.sql`"Membership" m
      JOIN "User" u ON u.id = m."userId"
      JOIN "Tenant" t ON t.id = m."tenantId"
      JOIN "Plan" p ON p.id = t."planId"
      LEFT JOIN "RoleTemplate" rt ON rt.id = m."roleTemplateId"`

/** A row of ACCESS_COLUMNS as the input of Access. */
export type AccessRow = Omit<AccessInput, 'templateKeys' | 'directKeys' | 'teamIds' | 'enabledModules'> & {
  templateKeys: string[] | null
  directKeys: string[] | null
  teamIds: string[] | null
  enabledModules: string[] | null
}

export function accessInputOf(r: AccessRow): AccessInput {
  return {
    userId: r.userId,
    email: r.email,
    name: r.name,
    membershipId: r.membershipId,
    tenantId: r.tenantId,
    tenantName: r.tenantName,
    tenantSlug: r.tenantSlug,
    baseRole: r.baseRole as BaseRole,
    status: r.status as MembershipStatus,
    crmAccess: r.crmAccess,
    roleTemplateId: r.roleTemplateId,
    roleTemplateName: r.roleTemplateName,
    templateKeys: r.templateKeys ?? [],
    directKeys: r.directKeys ?? [],
    teamIds: r.teamIds ?? [],
    planId: r.planId,
    planName: r.planName,
    enabledModules: r.enabledModules ?? [],
    requireTwoFactor: r.requireTwoFactor,
    twoFactorEnabled: r.twoFactorEnabled,
  }
}

/**
 * The access inputs of the members of one workspace named by membership id or by email (what an
 * authorize call asks about), as one column `members` of a statement (lib/db/authorize-context.ts):
 * a JSON array built by PostgreSQL of ACCESS_COLUMNS' rows, null when none is found. For a batch
 * of 100 members, parsing it once costs a fraction of decoding 100 rows of 20 columns and their
 * text arrays one by one. Members of other workspaces are not found.
 */
export function memberInputsColumn(tenantId: string, ids: readonly string[], emails: readonly string[]) {
  return Prisma.sql`(SELECT json_agg(a) FROM (
      SELECT ${ACCESS_COLUMNS}
        FROM ${ACCESS_FROM}
       WHERE m.id = ANY(ARRAY(
         SELECT n.id FROM ${valueRows(ids)} r(v), LATERAL (SELECT id FROM "Membership" WHERE id = r.v AND "tenantId" = ${tenantId} LIMIT 1) n
         UNION ALL
         SELECT n.id FROM ${valueRows(emails)} r(v), LATERAL (SELECT id FROM "Membership" WHERE "tenantId" = ${tenantId} AND email = r.v LIMIT 1) n))) a) AS members`
}

export type MemberInputsColumn = { members: Json<AccessRow[]> | null }

export function memberInputsOf(row: MemberInputsColumn): AccessInput[] {
  return row.members ? parsed(row.members).map(accessInputOf) : []
}

/** The same members' access inputs in a statement of their own (the API's member access route). */
export async function loadMemberInputs(tenantId: string, ids: readonly string[], emails: readonly string[]): Promise<AccessInput[]> {
  const [row] = await db().$queryRaw<MemberInputsColumn[]>`SELECT ${memberInputsColumn(tenantId, ids, emails)}`
  return row ? memberInputsOf(row) : []
}
