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
