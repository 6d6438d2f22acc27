import { randomBytes } from 'node:crypto'
import { db } from './client'

// Signed-in sessions. The session cookie (a JWT) carries the id; getAccess refuses a session that
// has ended, so signing out ends that session on the server, not just in the browser.

export async function startSession(userId: string, ip: string | null, userAgent: string): Promise<string> {
  const id = randomBytes(24).toString('base64url')
  await db().session.create({ data: { id, userId, ip, userAgent: userAgent.slice(0, 300) } })
  return id
}

export async function endSession(id: string) {
  await db().session.updateMany({ where: { id, endedAt: null }, data: { endedAt: new Date() } })
}

/** Whether a session is open: its user's session version is `sv` and the session has not ended. */
export async function sessionOpen(userId: string, sv: number, sessionId: string | null): Promise<boolean> {
  if (!sessionId) return false
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { sessionVersion: true, sessions: { where: { id: sessionId, endedAt: null }, select: { id: true } } },
  })
  return !!user && user.sessionVersion === sv && user.sessions.length === 1
}
