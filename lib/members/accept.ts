import { hashPassword } from '@/lib/auth/password'
import { checkPassword, countBadInviteLookup, inviteLookupsBlocked, retryText } from '@/lib/auth/rate-limit'
import type { FieldErrors } from '@/lib/authz/result'
import { recordAudit } from '@/lib/db/audit'
import { consumeInvitation, findInvitation, invitationOpen, type InvitationState } from '@/lib/db/invitations'
import { activeSeats, seatLimitOf } from '@/lib/db/seats'
import { withWorkspaceLock } from '@/lib/db/tx'
import { passwordHashOf, setUpAccount, userIdByEmail } from '@/lib/db/users'
import type { z } from 'zod'
import type { acceptInvitationSchema } from '@/lib/validation/invitations'

type Input = z.output<typeof acceptInvitationSchema>
export type AcceptOutcome =
  | { ok: true; email: string; tenantId: string }
  | { ok: false; message: string; state?: Exclude<InvitationState, 'valid'> | 'no_seat'; fieldErrors?: FieldErrors }

const STALE: Record<Exclude<InvitationState, 'valid'>, string> = {
  unknown: 'This invitation link is not valid.',
  used: 'This invitation has already been used.',
  voided: 'This link was replaced by a newer invitation. Use the link in the latest email.',
  expired: 'This invitation has expired. Ask for a new one.',
}

/**
 * Accepts an invitation: a new person's name and password are set, someone with an account
 * signs in with theirs (rate limited like sign-in), then, under the workspace lock, the seat
 * limit is checked again and the token used once. The membership becomes active.
 */
export async function acceptInvitation(input: Input, ip: string | null): Promise<AcceptOutcome> {
  if (await inviteLookupsBlocked(ip)) return { ok: false, message: 'Too many invalid invitation links from your network. Try again in 15 minutes.' }
  const inv = await findInvitation(input.token)
  if (inv.state === 'unknown') await countBadInviteLookup(ip)
  if (inv.state !== 'valid') return { ok: false, state: inv.state, message: STALE[inv.state] }
  const email = inv.email!
  if (inv.hasAccount !== (input.mode === 'existing')) return { ok: false, message: 'Reload this page: the invitation changed.' }

  let passwordHash: string | null = null
  if (input.mode === 'existing') {
    const check = await checkPassword(email, ip, () => passwordHashOf(email), input.password)
    if (check.result === 'limited') return { ok: false, message: `Too many failed attempts. ${retryText(check.retryMs)}` }
    if (check.result === 'wrong')
      return { ok: false, message: 'Check the highlighted fields.', fieldErrors: { password: ['That password is not right for this account.'] } }
  } else {
    passwordHash = await hashPassword(input.password)
  }

  return withWorkspaceLock(inv.tenantId!, async (): Promise<AcceptOutcome> => {
    // Accepts of one link queue on the lock; the ones after the first see it used.
    if (!(await invitationOpen(inv.invitationId!))) return { ok: false, state: 'used', message: STALE.used }
    if ((await activeSeats(inv.tenantId!)) + 1 > (await seatLimitOf(inv.tenantId!))) {
      return {
        ok: false,
        state: 'no_seat',
        message: `${inv.workspaceName} has no free seat on its plan right now. Ask ${inv.inviterName ?? 'the person who invited you'} to free one or upgrade, then open this link again.`,
      }
    }
    if (!(await consumeInvitation(inv.invitationId!, inv.membershipId!))) return { ok: false, state: 'used', message: STALE.used }
    const userId = await userIdByEmail(email)
    if (passwordHash && input.mode === 'new') await setUpAccount(userId, input.name, passwordHash)
    await recordAudit([
      {
        tenantId: inv.tenantId!,
        actorId: userId,
        actorEmail: email,
        action: 'member.join',
        targetType: 'member',
        targetId: inv.membershipId!,
        summary: `${email} accepted the invitation`,
        before: { status: 'INVITED' },
        after: { status: 'ACTIVE' },
        ip,
      },
    ])
    return { ok: true, email, tenantId: inv.tenantId! }
  })
}
