import { recordAudit } from '@/lib/db/audit'
import { findSignInUser, markSignedIn } from '@/lib/db/users'
import { checkPassword, retryText } from './rate-limit'
import { tooManyCodes, TWO_FACTOR_NEEDED, WRONG_CODE } from './sign-in-messages'
import { verifySecondFactor } from './second-factor'

export type SignInResult =
  | { ok: true; userId: string; email: string; name: string; sessionVersion: number; tenantId: string | null }
  | { ok: false; code: 'invalid' | 'rate_limited' | 'invited' | 'suspended' | 'two_factor' | 'two_factor_wrong'; message: string }

export type SecondFactorInput = { code?: string; recovery?: boolean }

const INVALID = { ok: false, code: 'invalid', message: 'Email or password is incorrect.' } as const

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

/**
 * Checks a sign-in: the attempt is counted against the limits (lib/auth/rate-limit.ts), then the
 * password (argon2id, timed the same for unknown emails), then the memberships. Invited and
 * suspended members are told so only after the password was right. An account with two-factor
 * sign-in then needs a code from its app or a recovery code (lib/auth/second-factor.ts). With
 * one active workspace it is chosen and its lastLoginAt set; with several the member picks one
 * after signing in, unless `preferTenantId` names one of them.
 */
export async function authenticate(
  rawEmail: string,
  password: string,
  ip: string | null,
  preferTenantId?: string,
  second: SecondFactorInput = {},
): Promise<SignInResult> {
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
  if (user.totpEnabledAt) {
    const code = second.code?.trim()
    if (!code) return { ok: false, code: 'two_factor', message: TWO_FACTOR_NEEDED }
    const r = await verifySecondFactor(user, code, { recovery: !!second.recovery })
    if (r.result === 'limited') return { ok: false, code: 'rate_limited', message: tooManyCodes(retryText(r.retryMs)) }
    if (r.result === 'wrong') {
      const message = r.via === 'recovery' ? 'That recovery code is not right, or it was used already.' : WRONG_CODE
      return { ok: false, code: 'two_factor_wrong', message }
    }
    if (r.via === 'recovery') {
      // A recovery code spent is worth knowing about: in the audit log of each workspace.
      await recordAudit(
        active.map((m) => ({
          tenantId: m.tenantId,
          actorId: user.id,
          actorEmail: user.email,
          action: 'profile.recovery_code_used' as const,
          targetType: 'user',
          targetId: user.id,
          summary: 'Signed in with a recovery code',
          ip,
        })),
      )
    }
  }
  // Just after accepting an invitation, the workspace joined is chosen (if still active).
  const preferred = preferTenantId ? active.find((m) => m.tenantId === preferTenantId) : undefined
  const tenantId = preferred?.tenantId ?? (active.length === 1 ? active[0].tenantId : null)
  if (tenantId) await markSignedIn(user.id, tenantId)
  return { ok: true, userId: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, tenantId }
}
