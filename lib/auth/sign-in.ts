import { db } from '@/lib/db/client'
import { verifyPassword } from './password'
import { clearFailedSignIns, recordFailedSignIn, signInBlockedFor } from './rate-limit'

export type SignInResult =
  | { ok: true; userId: string; email: string; name: string; sessionVersion: number; tenantId: string | null }
  | { ok: false; code: 'invalid' | 'rate_limited' | 'invited' | 'suspended'; message: string }

const INVALID = { ok: false, code: 'invalid', message: 'Email or password is incorrect.' } as const

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

/**
 * Checks a sign-in: rate limits (per email and IP, in the database), the password (argon2id,
 * timed the same for unknown emails), then the memberships. Invited and suspended members are
 * told so only after the password was right. With one active workspace it is chosen and its
 * lastLoginAt set; with several the member picks one after signing in, unless `preferTenantId`
 * names one of them.
 */
export async function authenticate(rawEmail: string, password: string, ip: string | null, preferTenantId?: string): Promise<SignInResult> {
  const email = normalizeEmail(rawEmail)
  const wait = await signInBlockedFor(email, ip)
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60)
    return { ok: false, code: 'rate_limited', message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` }
  }
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true, sessionVersion: true, memberships: { select: { id: true, tenantId: true, status: true } } },
  })
  if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
    await recordFailedSignIn(email, ip)
    return INVALID
  }
  await clearFailedSignIns(email)
  const active = user.memberships.filter((m) => m.status === 'ACTIVE')
  if (active.length === 0) {
    if (user.memberships.some((m) => m.status === 'SUSPENDED')) {
      return { ok: false, code: 'suspended', message: 'Your account is suspended. Ask a workspace admin to reactivate it.' }
    }
    return { ok: false, code: 'invited', message: 'Your invitation has not been accepted yet. Open the link in your invitation email to set up your account.' }
  }
  // Just after accepting an invitation, the workspace joined is chosen (if still active).
  const preferred = preferTenantId ? active.find((m) => m.tenantId === preferTenantId) : undefined
  const tenantId = preferred?.tenantId ?? (active.length === 1 ? active[0].tenantId : null)
  if (tenantId) await markSignedIn(user.id, tenantId)
  return { ok: true, userId: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, tenantId }
}

export async function markSignedIn(userId: string, tenantId: string) {
  await db().membership.updateMany({ where: { userId, tenantId, status: 'ACTIVE' }, data: { lastLoginAt: new Date() } })
}

/** The workspaces a user may switch to (active memberships). */
export function listActiveWorkspaces(userId: string) {
  return db().membership.findMany({
    where: { userId, status: 'ACTIVE' },
    select: { tenant: { select: { id: true, name: true, slug: true } }, baseRole: true },
    orderBy: { tenant: { name: 'asc' } },
  })
}
