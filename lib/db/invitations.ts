import { hasCrmAccess, type BaseRole } from '@/lib/authz/access'
import type { Mail } from '@/lib/mail/messages'
import { db } from './client'
import { hashToken, inviteTtlMs, mailFor, newInvitation, newToken, type Inviter } from './invitation-tokens'

export { hashToken, type Inviter }
export type NewInvite = { email: string; baseRole: BaseRole; roleTemplateId: string | null; crmAccess: boolean }

/**
 * Creates the invited memberships (and users for addresses new to the app), their invitations
 * and their mails, inside the caller's transaction. Returns the mails to queue.
 */
export async function createInvitations(tenantId: string, inviter: Inviter, invites: NewInvite[]) {
  const emails = invites.map((i) => i.email)
  const tx = db()
  await tx.user.createMany({ data: emails.map((email) => ({ email })), skipDuplicates: true })
  const users = new Map((await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })).map((u) => [u.email, u.id]))
  const memberships = await tx.membership.createManyAndReturn({
    data: invites.map((i) => ({
      tenantId,
      userId: users.get(i.email)!,
      baseRole: i.baseRole,
      status: 'INVITED' as const,
      crmAccess: hasCrmAccess(i.baseRole, i.crmAccess),
      roleTemplateId: i.roleTemplateId,
      invitedById: inviter.membershipId,
    })),
    select: { id: true, userId: true },
  })
  const byUser = new Map(memberships.map((m) => [m.userId, m.id]))
  const expiresAt = new Date(Date.now() + inviteTtlMs())
  const tokens = invites.map((i) => ({ email: i.email, membershipId: byUser.get(users.get(i.email)!)!, ...newToken() }))
  await tx.invitation.createMany({ data: tokens.map((t) => ({ membershipId: t.membershipId, tokenHash: t.tokenHash, expiresAt })) })
  return {
    memberships: tokens.map((t) => ({ id: t.membershipId, email: t.email })),
    mails: tokens.map((t) => mailFor(inviter, t.email, t.token, expiresAt, t.membershipId)),
  }
}

/** Voids a member's open invitations and issues a new one. Returns its mail. */
export async function reissueInvitation(membershipId: string, email: string, inviter: Inviter): Promise<Mail> {
  const now = new Date()
  const tx = db()
  await tx.invitation.updateMany({ where: { membershipId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } })
  const { row, mail } = newInvitation(membershipId, email, inviter, now)
  await tx.invitation.create({ data: row })
  return mail
}

export type InvitationState = 'valid' | 'expired' | 'used' | 'voided' | 'unknown'
export type InvitationView = {
  state: InvitationState
  invitationId?: string
  membershipId?: string
  tenantId?: string
  workspaceName?: string
  inviterName?: string
  email?: string
  hasAccount?: boolean
  userName?: string
}

/** What the accept page shows for a token. A token of a deleted member is unknown. */
export async function findInvitation(token: string, now = new Date()): Promise<InvitationView> {
  const inv = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      membership: {
        select: {
          id: true,
          tenantId: true,
          status: true,
          tenant: { select: { name: true } },
          user: { select: { email: true, name: true, passwordHash: true } },
          invitedBy: { select: { user: { select: { name: true, email: true } } } },
        },
      },
    },
  })
  if (!inv) return { state: 'unknown' }
  const m = inv.membership
  const view = {
    invitationId: inv.id,
    membershipId: m.id,
    tenantId: m.tenantId,
    workspaceName: m.tenant.name,
    inviterName: m.invitedBy ? m.invitedBy.user.name || m.invitedBy.user.email : undefined,
    email: m.user.email,
    hasAccount: m.user.passwordHash !== null,
    // An account's name is its owner's: the page shows a name only to set it up (no account yet).
    userName: m.user.passwordHash === null ? m.user.name : undefined,
  }
  if (inv.acceptedAt || m.status !== 'INVITED') return { state: 'used', ...view }
  if (inv.revokedAt) return { state: 'voided', ...view }
  if (inv.expiresAt <= now) return { state: 'expired', ...view }
  return { state: 'valid', ...view }
}

/**
 * Uses the invitation once: a conditional update that only one request can win, then the
 * membership becomes active. Returns false when the link was used, voided or expired meanwhile.
 */
export async function consumeInvitation(invitationId: string, membershipId: string, now = new Date()) {
  const tx = db()
  const used = await tx.invitation.updateMany({
    where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  })
  if (used.count !== 1) return false
  const m = await tx.membership.updateMany({
    where: { id: membershipId, status: 'INVITED' },
    data: { status: 'ACTIVE', lastLoginAt: now, version: { increment: 1 } },
  })
  if (m.count !== 1) return false
  await tx.invitation.updateMany({ where: { membershipId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } })
  return true
}

/** Whether an invitation is still open: not used, not voided, not expired. */
export async function invitationOpen(invitationId: string, now = new Date()): Promise<boolean> {
  return (await db().invitation.count({ where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } })) > 0
}
