import { hashPassword, verifyPassword } from '@/lib/auth/password'
import { db } from './client'

export async function getProfile(userId: string) {
  return db().user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } })
}

export async function updateUserName(userId: string, name: string) {
  await db().user.update({ where: { id: userId }, data: { name } })
}

/**
 * Changes a password after checking the current one, and bumps the session version so every
 * session of the user, on every device, ends on its next request.
 */
export async function changeUserPassword(userId: string, current: string, next: string): Promise<'ok' | 'wrong_password'> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })
  if (!(await verifyPassword(user.passwordHash, current))) return 'wrong_password'
  await db().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next), sessionVersion: { increment: 1 } } })
  return 'ok'
}

/** "Sign out everywhere": every existing session of the user fails on its next request. */
export async function bumpSessionVersion(userId: string) {
  await db().user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } })
}
