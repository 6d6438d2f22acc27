import type { Access } from '@/lib/authz/access'
import { homePanels } from '@/lib/authz/home'
import { db } from './client'
import { Prisma } from './generated/client'
import { newestLinkExpiry, signInCondition } from './member-list'
import type { SeatUsage } from './seats'
import { iso, parsed, type Json } from './sql-json'

/** How many recent audit events Home shows. */
export const HOME_CHANGES = 5

export type HomeCounts = {
  /** Invited people (each has a pending link) and how many of those links have expired. */
  invited: number
  invitedExpired: number
  /** Active members who never signed in, and whose last sign-in is SIGN_IN_STALE_DAYS old or older. */
  neverSignedIn: number
  signedInLongAgo: number
}
export type HomeChange = { id: string; createdAt: string; actorEmail: string; summary: string }

/** What Home shows from the database; a part the member may not see is null (and never read). */
export type HomeData = { seats: SeatUsage | null; members: HomeCounts | null; changes: HomeChange[] | null }

const NULL = Prisma.sql`NULL::json`

type HomeRaw = { seats: Json<SeatUsage> | null; members: Json<HomeCounts> | null; changes: Json<HomeChange[]> | null }

/**
 * Home's numbers in one statement, each part only when the member's access allows it
 * (homePanels, lib/authz/home.ts): seats from the workspace's counter, the invitation and sign-in
 * counts in one pass over its memberships (by the users table's own conditions), and the newest
 * audit events. A member who may see none of them costs no query.
 */
export async function loadHome(access: Access, now = new Date()): Promise<HomeData> {
  const show = homePanels(access)
  if (!show.seats && !show.members && !show.changes) return { seats: null, members: null, changes: null }
  const active = Prisma.sql`m.status = 'ACTIVE'`
  const seats = show.seats
    ? Prisma.sql`json_build_object('used', tn."seatsUsed", 'limit', pl."seatLimit", 'planName', pl.name,
        'upgradable', EXISTS (SELECT 1 FROM "Plan" bigger WHERE bigger."seatLimit" > pl."seatLimit"))`
    : NULL
  const members = show.members
    ? Prisma.sql`(SELECT json_build_object(
        'invited', count(*) FILTER (WHERE m.status = 'INVITED'),
        'invitedExpired', count(*) FILTER (WHERE m.status = 'INVITED' AND ${Prisma.raw(newestLinkExpiry('m'))} < ${now}),
        'neverSignedIn', count(*) FILTER (WHERE ${active} AND ${signInCondition('never', now)}),
        'signedInLongAgo', count(*) FILTER (WHERE ${active} AND ${signInCondition('stale', now)}))
      FROM "Membership" m WHERE m."tenantId" = tn.id)`
    : NULL
  const changes = show.changes
    ? Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', a.id, 'createdAt', ${Prisma.raw(iso('a."createdAt"'))},
          'actorEmail', a."actorEmail", 'summary', a.summary) ORDER BY a."createdAt" DESC, a.id DESC)
        FROM (SELECT * FROM "AuditEvent" a WHERE a."tenantId" = tn.id ORDER BY a."createdAt" DESC, a.id DESC LIMIT ${HOME_CHANGES}) a), '[]'::json)`
    : NULL
  const [row] = await db().$queryRaw<HomeRaw[]>`
    SELECT ${seats} AS seats, ${members} AS members, ${changes} AS changes
    FROM "Tenant" tn JOIN "Plan" pl ON pl.id = tn."planId"
    WHERE tn.id = ${access.tenantId}`
  if (!row) throw new Error(`Workspace ${access.tenantId} not found`)
  const read = <T>(v: Json<T> | null) => (v === null ? null : parsed(v))
  return { seats: read(row.seats), members: read(row.members), changes: read(row.changes) }
}
