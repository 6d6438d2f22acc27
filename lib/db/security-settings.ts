import { createHash } from 'node:crypto'
import { db } from './client'

// The workspace's Security settings: columns of the Tenant row (whether every member must use
// two-factor sign-in, the email domains invitations may go to, the session lifetime and idle
// timeout). The access load reads the two-factor flag and the session limits itself
// (lib/db/access-input.ts); the invitation rule reads the domains here.

export type SecuritySettings = {
  requireTwoFactor: boolean
  /** Lowercase, each once; empty: any address. */
  inviteDomains: string[]
  /** null: the default (30 days). */
  sessionMaxAgeMinutes: number | null
  /** null: none. */
  sessionIdleMinutes: number | null
}

const SELECT = { requireTwoFactor: true, inviteDomains: true, sessionMaxAgeMinutes: true, sessionIdleMinutes: true } as const

/**
 * A fingerprint of the settings: what the form loaded, sent back with a save, which is refused
 * when the settings are no longer those (someone else saved meanwhile). The workspace row keeps
 * no version of its own, and saving the same settings twice changes nothing.
 */
export function settingsVersion(s: SecuritySettings): string {
  const canonical = JSON.stringify([s.requireTwoFactor, [...s.inviteDomains].sort(), s.sessionMaxAgeMinutes, s.sessionIdleMinutes])
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22)
}

export async function getSecuritySettings(tenantId: string): Promise<SecuritySettings> {
  const t = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: SELECT })
  return { ...t, inviteDomains: t.inviteDomains ?? [] }
}

/** The email domains invitations may go to (empty: any). */
export async function inviteDomainsOf(tenantId: string): Promise<string[]> {
  return (await getSecuritySettings(tenantId)).inviteDomains
}

export type SecurityOverview = SecuritySettings & {
  /** Active members, and those of them whose user has not set up two-factor sign-in. */
  activeMembers: number
  withoutTwoFactor: number
}

/** The settings and how many active members lack two-factor sign-in: what the settings page shows, in one statement. */
export async function securityOverview(tenantId: string): Promise<SecurityOverview> {
  const [row] = await db().$queryRaw<(SecurityOverview & { inviteDomains: string[] | null })[]>`
    SELECT t."requireTwoFactor", t."inviteDomains", t."sessionMaxAgeMinutes", t."sessionIdleMinutes",
           count(m.id)::int AS "activeMembers",
           count(m.id) FILTER (WHERE u."totpEnabledAt" IS NULL)::int AS "withoutTwoFactor"
      FROM "Tenant" t
      LEFT JOIN "Membership" m ON m."tenantId" = t.id AND m.status = 'ACTIVE'
      LEFT JOIN "User" u ON u.id = m."userId"
     WHERE t.id = ${tenantId}
     GROUP BY t.id`
  if (!row) throw new Error(`Workspace ${tenantId} not found`)
  return { ...row, inviteDomains: row.inviteDomains ?? [] }
}

export async function saveSecuritySettings(tenantId: string, s: SecuritySettings): Promise<void> {
  await db().tenant.update({
    where: { id: tenantId },
    data: {
      requireTwoFactor: s.requireTwoFactor,
      inviteDomains: s.inviteDomains,
      sessionMaxAgeMinutes: s.sessionMaxAgeMinutes,
      sessionIdleMinutes: s.sessionIdleMinutes,
    },
  })
}
