import { findSignInUser, markSignedIn } from '@/lib/db/users'
import { checkPassword, retryText } from './rate-limit'

export type SignInResult =
  | { ok: true; userId: string; email: string; name: string; sessionVersion: number; tenantId: string | null }
  | { ok: false; code: 'invalid' | 'rate_limited' | 'invited' | 'suspended'; message: string }

const INVALID = { ok: false, code: 'invalid', message: 'Email or password is incorrect.' } as const

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

/**
 * Checks a sign-in: the attempt is counted against the limits (lib/auth/rate-limit.ts), then the
 * password (argon2id, timed the same for unknown emails), then the memberships. Invited and
 * suspended members are told so only after the password was right. With one active workspace it
 * is chosen and its lastLoginAt set; with several the member picks one after signing in, unless
 * `preferTenantId` names one of them.
 */
export async function authenticate(rawEmail: string, password: string, ip: string | null, preferTenantId?: string): Promise<SignInResult> {
  const email = normalizeEmail(rawEmail)
  const user = await findSignInUser(email)
  const check = await checkPassword(email, ip, async () => user?.passwordHash, password)
  if (check.result === 'limited') return { ok: false, code: 'rate_limited', message: `Too many failed sign-ins. ${retryText(check.retryMs)}` }
  if (check.result === 'wrong' || !user) return INVALID
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
