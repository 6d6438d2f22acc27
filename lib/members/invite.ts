import type { Access } from '@/lib/authz/access'
import type { FieldErrors } from '@/lib/authz/result'
import { checkAssignment, checkBaseRoleGrant, checkCrmGrant } from '@/lib/authz/rules'
import { db } from '@/lib/db/client'
import { createInvitations, reissueInvitation, type Inviter } from '@/lib/db/invitations'
import { findTemplates, loadTargets, seatUsage, withWorkspaceLock, type Client } from '@/lib/db/members'
import { queueMails } from '@/lib/mail/outbox'
import type { z } from 'zod'
import type { inviteMembersSchema } from '@/lib/validation/members'

type Batch = z.output<typeof inviteMembersSchema>

/** Who an invitation mail names as its sender. */
export function inviterOf(access: Access): Inviter {
  return { membershipId: access.membershipId, name: access.member.name, email: access.email, workspaceName: access.member.tenantName }
}

/**
 * Checks a batch of invitations row by row, writing nothing: addresses listed twice, people
 * already in the workspace, templates that do not exist here or hold permissions the inviter
 * lacks, roles only an owner may give, and rows past the seat limit. `offset` is this chunk's
 * place in the whole batch, so a batch checked in chunks counts seats the same way.
 */
export async function checkInviteBatch(access: Access, batch: Batch, offset = 0, client: Client = db()): Promise<FieldErrors> {
  const errors: FieldErrors = {}
  const add = (i: number, field: string, message: string) => (errors[`rows.${i}.${field}`] ??= []).push(message)
  const emails = batch.rows.map((r) => r.email)
  const tenantId = access.tenantId

  // One after another: inside a transaction the client is one connection.
  const existing = await client.membership.findMany({ where: { tenantId, user: { email: { in: emails } } }, select: { status: true, user: { select: { email: true } } } })
  const templates = await findTemplates(client, tenantId, [...new Set(batch.rows.flatMap((r) => (r.roleTemplateId ? [r.roleTemplateId] : [])))])
  const seats = await seatUsage(tenantId, client)
  const present = new Map(existing.map((m) => [m.user.email, m.status]))
  const crm = checkCrmGrant(access, false, batch.crmAccess)
  const seen = new Set<string>()
  let placed = offset

  batch.rows.forEach((row, i) => {
    const status = present.get(row.email)
    if (seen.has(row.email)) add(i, 'email', 'This address is listed twice.')
    else if (status === 'INVITED') add(i, 'email', 'Already invited. Use “Resend invite” in the members table.')
    else if (status) add(i, 'email', 'Already a member of this workspace.')
    seen.add(row.email)

    const role = checkBaseRoleGrant(access, row.baseRole)
    if (role) add(i, 'baseRole', role.message)
    if (crm && row.baseRole === 'MEMBER') add(i, 'crmAccess', crm.message)
    if (row.roleTemplateId) {
      const t = templates.get(row.roleTemplateId)
      if (!t) add(i, 'roleTemplateId', 'That role template does not exist in this workspace.')
      else if (row.baseRole === 'MEMBER') {
        const r = checkAssignment(access, { templateKeys: [], directKeys: [] }, { templateKeys: t.keys, directKeys: [] }, t.name)
        if (r) add(i, 'roleTemplateId', r.message)
      }
    }
    placed++
    if (seats.used + placed > seats.limit) {
      const left = Math.max(0, seats.limit - seats.used)
      add(i, 'email', `No seat left for this person: the ${seats.planName} plan has ${seats.limit} seats, ${left === 0 ? 'and all are used' : `and only ${left} ${left === 1 ? 'is' : 'are'} free`}.`)
    }
  })
  return errors
}

export type InviteOutcome = { ok: true; memberships: { id: string; email: string }[]; mailIds: string[] } | { ok: false; errors: FieldErrors }

/**
 * Checks the whole batch again and writes it in ONE transaction holding the workspace lock: the
 * seat count read here cannot change before the insert commits, so with one seat left among
 * many simultaneous invites exactly one gets through. The mails are queued in the same
 * transaction (delivered after commit by the caller).
 */
export async function inviteBatch(access: Access, batch: Batch): Promise<InviteOutcome> {
  return withWorkspaceLock(access.tenantId, async (tx) => {
    const errors = await checkInviteBatch(access, batch, 0, tx)
    if (Object.keys(errors).length) return { ok: false, errors }
    const inviter = inviterOf(access)
    const created = await createInvitations(
      tx,
      access.tenantId,
      inviter,
      batch.rows.map((r) => ({ email: r.email, baseRole: r.baseRole, roleTemplateId: r.baseRole === 'MEMBER' ? r.roleTemplateId : null, crmAccess: batch.crmAccess })),
    )
    const mailIds = await queueMails(tx, created.mails, access.tenantId)
    return { ok: true, memberships: created.memberships, mailIds }
  })
}

/**
 * Sends an invited person a new link and voids the old one. Resending is inviting again, so the
 * same rules hold: only owners invite owners and admins, and the template must be grantable.
 */
export async function resendInvitation(access: Access, memberId: string): Promise<{ ok: true; email: string; mailIds: string[] } | { ok: false; code: 'not_found' | 'invalid' | 'forbidden'; message: string }> {
  return withWorkspaceLock(access.tenantId, async (tx) => {
    const [t] = await loadTargets(tx, access.tenantId, [memberId])
    if (!t) return { ok: false, code: 'not_found', message: 'That member was not found.' }
    if (t.status !== 'INVITED') return { ok: false, code: 'invalid', message: `${t.email} has already joined; there is no invitation to resend.` }
    const refusal =
      checkBaseRoleGrant(access, t.baseRole) ??
      (t.baseRole === 'MEMBER' ? (checkCrmGrant(access, false, t.crmAccess) ?? checkAssignment(access, { templateKeys: [], directKeys: [] }, t)) : null)
    if (refusal) return { ok: false, code: 'forbidden', message: refusal.message }
    const inviter = inviterOf(access)
    const mail = await reissueInvitation(tx, t.membershipId, t.email, inviter)
    return { ok: true, email: t.email, mailIds: await queueMails(tx, [mail], access.tenantId) }
  })
}
