import { db } from './client'

export async function getProfile(userId: string) {
  return db().user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } })
}

export async function updateUserName(userId: string, name: string) {
  await db().user.update({ where: { id: userId }, data: { name } })
}

/** What a sign-in needs to know about an address: the user, their password hash and workspaces. */
export function findSignInUser(email: string) {
  return db().user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      sessionVersion: true,
      totpSecret: true,
      totpEnabledAt: true,
      memberships: { select: { id: true, tenantId: true, status: true } },
    },
  })
}

export async function passwordHashOf(email: string): Promise<string | null> {
  return (await db().user.findUnique({ where: { email }, select: { passwordHash: true } }))?.passwordHash ?? null
}

export async function passwordHashOfUser(userId: string): Promise<string | null> {
  return (await db().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })).passwordHash
}

export async function userIdByEmail(email: string): Promise<string> {
  return (await db().user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id
}

/** A new person's account, set up when they accept their first invitation. */
export async function setUpAccount(userId: string, name: string, passwordHash: string) {
  await db().user.update({ where: { id: userId }, data: { name, passwordHash } })
}

/** A new password (already hashed): every session of the user, on every device, ends on its next request. */
export async function setPassword(userId: string, passwordHash: string) {
  await db().user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } })
}

/** Every existing session of the user fails on its next request (its cookie carries the old version). */
export async function bumpSessionVersion(userId: string) {
  await db().user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } })
}

/** The workspaces a user may switch to (active memberships). */
export function listActiveWorkspaces(userId: string) {
  return db().membership.findMany({
    where: { userId, status: 'ACTIVE' },
    select: { tenant: { select: { id: true, name: true, slug: true } }, baseRole: true },
    orderBy: { tenant: { name: 'asc' } },
  })
}

export async function isActiveMember(userId: string, tenantId: string): Promise<boolean> {
  const m = await db().membership.findUnique({ where: { tenantId_userId: { tenantId, userId } }, select: { status: true } })
  return m?.status === 'ACTIVE'
}

export async function markSignedIn(userId: string, tenantId: string) {
  await db().membership.updateMany({ where: { userId, tenantId, status: 'ACTIVE' }, data: { lastLoginAt: new Date() } })
}

/** What an admin's security actions depend on: a password set, two-factor on (since when), how many workspaces the account is in. */
export async function accountSecurity(userId: string): Promise<{ hasPassword: boolean; twoFactorSince: Date | null; workspaces: number }> {
  const u = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true, totpEnabledAt: true, _count: { select: { memberships: true } } },
  })
  return { hasPassword: u.passwordHash !== null, twoFactorSince: u.totpEnabledAt, workspaces: u._count.memberships }
}
