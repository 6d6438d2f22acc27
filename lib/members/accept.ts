import { hashPassword, verifyPassword } from '@/lib/auth/password'
import { clearFailedSignIns, inviteLookupsBlocked, recordBadInviteLookup, recordFailedSignIn, signInBlockedFor } from '@/lib/auth/rate-limit'
import type { FieldErrors } from '@/lib/authz/result'
import { recordAudit } from '@/lib/db/audit'
import { db } from '@/lib/db/client'
import { consumeInvitation, findInvitation, type InvitationState } from '@/lib/db/invitations'
import { withWorkspaceLock } from '@/lib/db/members'
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
  if (inv.state === 'unknown') await recordBadInviteLookup(ip)
  if (inv.state !== 'valid') return { ok: false, state: inv.state, message: STALE[inv.state] }
  const email = inv.email!
  if (inv.hasAccount !== (input.mode === 'existing')) return { ok: false, message: 'Reload this page: the invitation changed.' }

  let passwordHash: string | null = null
  if (input.mode === 'existing') {
    const wait = await signInBlockedFor(email, ip)
    if (wait > 0) return { ok: false, message: `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minutes.` }
    const user = await db().user.findUnique({ where: { email }, select: { passwordHash: true } })
    if (!(await verifyPassword(user?.passwordHash, input.password))) {
      await recordFailedSignIn(email, ip)
      return { ok: false, message: 'Check the highlighted fields.', fieldErrors: { password: ['That password is not right for this account.'] } }
    }
    await clearFailedSignIns(email)
  } else {
    passwordHash = await hashPassword(input.password)
  }

  return withWorkspaceLock(inv.tenantId!, async (tx): Promise<AcceptOutcome> => {
    // Accepts of one link queue on the lock; the ones after the first see it used.
    const still = await tx.invitation.count({ where: { id: inv.invitationId!, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } })
    if (!still) return { ok: false, state: 'used', message: STALE.used }
    const taken = await tx.membership.count({ where: { tenantId: inv.tenantId!, status: { not: 'INVITED' } } })
    const plan = await tx.tenant.findUniqueOrThrow({ where: { id: inv.tenantId! }, select: { plan: { select: { seatLimit: true } } } })
    if (taken + 1 > plan.plan.seatLimit) {
      return { ok: false, state: 'no_seat', message: `${inv.workspaceName} has no free seat on its plan right now. Ask ${inv.inviterName ?? 'the person who invited you'} to free one or upgrade, then open this link again.` }
    }
    if (!(await consumeInvitation(tx, inv.invitationId!, inv.membershipId!))) return { ok: false, state: 'used', message: STALE.used }
    const user = await tx.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
    if (passwordHash && input.mode === 'new') {
      await tx.user.update({ where: { id: user.id }, data: { name: input.name, passwordHash } })
    }
    await recordAudit(
      [{ tenantId: inv.tenantId!, actorId: user.id, actorEmail: email, action: 'member.join', targetType: 'member', targetId: inv.membershipId!, summary: `${email} accepted the invitation`, before: { status: 'INVITED' }, after: { status: 'ACTIVE' }, ip }],
      tx,
    )
    return { ok: true, email, tenantId: inv.tenantId! }
  })
}
