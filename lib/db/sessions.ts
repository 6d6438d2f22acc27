import { randomBytes } from 'node:crypto'
import { MAX_SESSION_LIFETIME_MINUTES, SESSION_SEEN_EVERY_MINUTES } from '@/lib/validation/security-constants'
import { db } from './client'
import { Prisma } from './generated/client'

// Signed-in sessions. The session cookie (a JWT) carries the id; getAccess refuses a session that
// has ended, so signing out ends that session on the server, not just in the browser.

/**
 * How often a session's lastSeenAt is refreshed: the access load reads whether it is older than
 * this (lib/db/access-input.ts), and only then does a request write it (touchSession). A
 * workspace's idle timeout is therefore measured to within it (its minimum is well above it).
 */
export const SEEN_EVERY_MINUTES = SESSION_SEEN_EVERY_MINUTES
/**
 * How long a session cookie lives (next-auth's maxAge, lib/auth/options.ts), and how long a
 * session may live in a workspace that sets no shorter lifetime (the access load refuses it after).
 */
export const SESSION_MAX_AGE_SECONDS = MAX_SESSION_LIFETIME_MINUTES * 60

/**
 * Starts a session at the user's session version `version` (the one its cookie carries; the
 * user's current one when omitted).
 */
export async function startSession(userId: string, ip: string | null, userAgent: string, version?: number): Promise<string> {
  const id = randomBytes(24).toString('base64url')
  const inserted = await db().$executeRaw`
    INSERT INTO "Session" (id, "userId", ip, "userAgent", version)
    SELECT ${id}, u.id, ${ip}, ${userAgent.slice(0, 300)}, COALESCE(${version ?? null}::int, u."sessionVersion")
      FROM "User" u WHERE u.id = ${userId}`
  if (inserted !== 1) throw new Error('startSession: no such user')
  return id
}

export async function endSession(id: string) {
  await db().session.updateMany({ where: { id, endedAt: null }, data: { endedAt: new Date() } })
}

/**
 * Ends the user's own open session `id`. False when it is not one of theirs or has already ended
 * (nothing changes).
 */
export async function endOwnSession(userId: string, id: string): Promise<boolean> {
  const r = await db().session.updateMany({ where: { id, userId, endedAt: null }, data: { endedAt: new Date() } })
  return r.count === 1
}

/** Ends every open session of the user except `keepId` (the one in use); how many ended. */
export async function endOtherSessions(userId: string, keepId: string | null): Promise<number> {
  const r = await db().session.updateMany({
    where: { userId, endedAt: null, ...(keepId && { id: { not: keepId } }) },
    data: { endedAt: new Date() },
  })
  return r.count
}

/**
 * Records that session `id` was used now, if it was last seen more than SEEN_EVERY_MINUTES ago
 * (so concurrent requests write it once). Called only when the access load found it stale.
 */
export async function touchSession(id: string): Promise<void> {
  await db().$executeRaw`
    UPDATE "Session" SET "lastSeenAt" = now()
     WHERE id = ${id} AND "endedAt" IS NULL AND "lastSeenAt" < now() - make_interval(mins => ${SEEN_EVERY_MINUTES}::int)`
}

/**
 * The user's open sessions (`s`) as a FROM clause: not ended, of the user's current session version
 * (a password change or an email change ended the older ones) and used within a cookie's life.
 */
const openSessionsOf = (userId: string) => Prisma.sql`
  "Session" s JOIN "User" u ON u.id = s."userId"
   WHERE s."userId" = ${userId} AND s."endedAt" IS NULL AND s.version = u."sessionVersion"
     AND s."lastSeenAt" > now() - make_interval(secs => ${SESSION_MAX_AGE_SECONDS}::int)`

export type OpenSession = { id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string }

/** The user's open sessions, last seen first. */
export function listOpenSessions(userId: string): Promise<OpenSession[]> {
  return db().$queryRaw<OpenSession[]>`
    SELECT s.id, s."createdAt", s."lastSeenAt", s.ip, s."userAgent"
      FROM ${openSessionsOf(userId)}
     ORDER BY s."lastSeenAt" DESC, s."createdAt" DESC, s.id`
}

/** Ends every open session of the user (an admin's action): each is refused on its next request. How many ended. */
export function endAllSessions(userId: string): Promise<number> {
  return endOtherSessions(userId, null)
}

/** How many sessions of the user are open (as listOpenSessions counts them) and when one was last used. */
export async function openSessionSummary(userId: string): Promise<{ open: number; lastSeenAt: Date | null }> {
  const [r] = await db().$queryRaw<{ open: bigint | number; lastSeenAt: Date | null }[]>`
    SELECT count(*) AS open, max(s."lastSeenAt") AS "lastSeenAt" FROM ${openSessionsOf(userId)}`
  return { open: Number(r.open), lastSeenAt: r.lastSeenAt }
}

/**
 * Whether a session is open: its user's session version is `sv` and the session has not ended;
 * `stale` when it was last seen more than SEEN_EVERY_MINUTES ago (touchSession).
 */
export async function sessionOpen(userId: string, sv: number, sessionId: string | null): Promise<{ open: boolean; stale: boolean }> {
  if (!sessionId) return { open: false, stale: false }
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true, sessions: { where: { id: sessionId, endedAt: null }, select: { lastSeenAt: true } } },
  })
  const open = !!user && user.sessionVersion === sv && user.sessions.length === 1
  const stale = open && user.sessions[0].lastSeenAt.getTime() < Date.now() - SEEN_EVERY_MINUTES * 60_000
  return { open, stale }
}
