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

// The keys and teams access is computed from, each as a subquery (an array, null for none): of a
// role template, and of a membership (its direct grants, its teams). Shared by both shapes below.
const templateKeys = (templateId: Prisma.Sql) =>
  Prisma.sql`(SELECT array_agg(rp.key) FROM "RoleTemplatePermission" rp WHERE rp."roleTemplateId" = ${templateId})`
const directKeys = (membershipId: Prisma.Sql) => Prisma.sql`(SELECT array_agg(mp.key) FROM "MembershipPermission" mp WHERE mp."membershipId" = ${membershipId})`
const teamIds = (membershipId: Prisma.Sql) => Prisma.sql`(SELECT array_agg(tm."teamId") FROM "TeamMember" tm WHERE tm."membershipId" = ${membershipId})`

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
           ${templateKeys(Prisma.sql`m."roleTemplateId"`)} AS "templateKeys",
           ${directKeys(Prisma.sql`m.id`)} AS "directKeys",
           ${teamIds(Prisma.sql`m.id`)} AS "teamIds"`
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
 * authorize call asks about), as the parts of ONE statement (lib/db/authorize-context.ts):
 * `WITH ${read.with} SELECT ${read.columns}`, where `tenant` is the workspace's id as SQL (a
 * value, or the API key's column). Members of other workspaces
 * are not found. What members share is sent once: the workspace and its plan (`workspace`) and
 * each role template with its keys (`templates`); each member is one positional JSON array
 * (`members`). For a batch of 100 members that is a tenth of the JSON of 100 full rows (70 kB
 * with every template's keys repeated per member), which PostgreSQL builds and the server parses.
 */
export function memberInputsRead(tenant: Prisma.Sql, ids: readonly string[], emails: readonly string[]): { with: Prisma.Sql; columns: Prisma.Sql } {
  const found = Prisma.sql`found AS MATERIALIZED (
      SELECT m.id, m."userId", m."baseRole"::text AS "baseRole", m.status::text AS status, m."crmAccess", m."roleTemplateId"
        FROM "Membership" m
       WHERE m.id = ANY(ARRAY(
         SELECT n.id FROM ${valueRows(ids)} r(v), LATERAL (SELECT id FROM "Membership" WHERE id = r.v AND "tenantId" = ${tenant} LIMIT 1) n
         UNION ALL
         SELECT n.id FROM ${valueRows(emails)} r(v), LATERAL (SELECT id FROM "Membership" WHERE "tenantId" = ${tenant} AND email = r.v LIMIT 1) n)))`
  const columns = Prisma.sql`
      (SELECT json_agg(json_build_array(m.id, u.id, u.email, u.name, m."baseRole", m.status, m."crmAccess", m."roleTemplateId",
                u."totpEnabledAt" IS NOT NULL, ${directKeys(Prisma.sql`m.id`)}, ${teamIds(Prisma.sql`m.id`)}))
         FROM found m JOIN "User" u ON u.id = m."userId") AS members,
      (SELECT json_object_agg(rt.id, json_build_array(rt.name, ${templateKeys(Prisma.sql`rt.id`)}))
         FROM (SELECT DISTINCT "roleTemplateId" FROM found) f JOIN "RoleTemplate" rt ON rt.id = f."roleTemplateId") AS templates,
      (SELECT json_build_array(t.name, t.slug, t."requireTwoFactor", p.id, p.name, p."enabledModules")
         FROM "Tenant" t JOIN "Plan" p ON p.id = t."planId" WHERE t.id = ${tenant}) AS workspace`
  return { with: found, columns }
}

type MemberTuple = [
  membershipId: string,
  userId: string,
  email: string,
  name: string,
  baseRole: BaseRole,
  status: MembershipStatus,
  crmAccess: boolean,
  roleTemplateId: string | null,
  twoFactorEnabled: boolean,
  directKeys: string[] | null,
  teamIds: string[] | null,
]
type WorkspaceTuple = [tenantName: string, tenantSlug: string, requireTwoFactor: boolean, planId: string, planName: string, enabledModules: string[] | null]

export type MemberInputsColumns = {
  members: Json<MemberTuple[]> | null
  templates: Json<Record<string, [name: string, keys: string[] | null]>> | null
  workspace: Json<WorkspaceTuple> | null
}

/** The members of memberInputsRead's columns as access inputs (members of one template share its key list). */
export function memberInputsOf(tenantId: string, row: MemberInputsColumns): AccessInput[] {
  if (!row.members || !row.workspace) return []
  const [tenantName, tenantSlug, requireTwoFactor, planId, planName, enabledModules] = parsed(row.workspace)
  const templates = row.templates ? parsed(row.templates) : {}
  return parsed(row.members).map(([membershipId, userId, email, name, baseRole, status, crmAccess, roleTemplateId, twoFactorEnabled, direct, teams]) => {
    const template = roleTemplateId ? templates[roleTemplateId] : undefined
    return {
      userId,
      email,
      name,
      membershipId,
      tenantId,
      tenantName,
      tenantSlug,
      baseRole,
      status,
      crmAccess,
      roleTemplateId,
      roleTemplateName: template?.[0] ?? null,
      templateKeys: template?.[1] ?? [],
      directKeys: direct ?? [],
      teamIds: teams ?? [],
      planId,
      planName,
      enabledModules: enabledModules ?? [],
      requireTwoFactor,
      twoFactorEnabled,
    }
  })
}

/** The same members' access inputs in a statement of their own (the API's member access route). */
export async function loadMemberInputs(tenantId: string, ids: readonly string[], emails: readonly string[]): Promise<AccessInput[]> {
  const read = memberInputsRead(Prisma.sql`${tenantId}`, ids, emails)
  const [row] = await db().$queryRaw<MemberInputsColumns[]>`WITH ${read.with} SELECT ${read.columns}`
  return row ? memberInputsOf(tenantId, row) : []
}
