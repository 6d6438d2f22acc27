import type { Access, MembershipStatus } from '@/lib/authz/access'
import type { FieldErrors } from '@/lib/authz/result'
import { judgeMember, type MemberState } from '@/lib/authz/rules'
import { createInvitations, reissueInvitation, type Inviter } from '@/lib/db/invitations'
import { findTemplates, loadTargets, statusesByEmail } from '@/lib/db/members'
import { seatUsage, type SeatUsage } from '@/lib/db/seats'
import { queueMails } from '@/lib/db/outbox'
import { domainRule, type DomainRule } from '@/lib/security/domains'
import { forEachAllowed, type BulkOutcome } from './change'
import type { z } from 'zod'
import type { inviteMembersSchema } from '@/lib/validation/members'

type Batch = z.output<typeof inviteMembersSchema>

/** Who an invitation mail names as its sender. */
export function inviterOf(access: Access): Inviter {
  return { membershipId: access.membershipId, name: access.member.name, email: access.email, workspaceName: access.member.tenantName }
}

/** What checking a batch of invitations reads about the workspace (checkInviteBatch loads it). */
export type InviteFacts = {
  /** The statuses of the batch's addresses that already have a membership here. */
  present: ReadonlyMap<string, MembershipStatus>
  /** The batch's role templates that exist here. */
  templates: ReadonlyMap<string, { id: string; name: string; keys: readonly string[] }>
  seats: Pick<SeatUsage, 'used' | 'limit' | 'planName'>
  domains: Pick<DomainRule, 'invite'>
}

/**
 * Checks a batch of invitations row by row, writing nothing: addresses listed twice, people
 * already in the workspace, addresses outside the workspace's email domains (Security settings),
 * templates that do not exist here, rows past the seat limit, and —
 * through the rules every change obeys (judgeMember) — roles only an owner may give, CRM access
 * and templates with permissions the inviter lacks. `offset` is this chunk's place in the whole
 * batch, so a batch checked in chunks counts seats the same way.
 */
export async function checkInviteBatch(access: Access, batch: Batch, offset = 0): Promise<FieldErrors> {
  const tenantId = access.tenantId
  // One after another: inside a transaction the client is one connection.
  const present = await statusesByEmail(
    tenantId,
    batch.rows.map((r) => r.email),
  )
  const templates = await findTemplates(tenantId, [...new Set(batch.rows.flatMap((r) => (r.roleTemplateId ? [r.roleTemplateId] : [])))])
  const seats = await seatUsage(tenantId)
  const domains = await domainRule(tenantId)
  return inviteRowErrors(access, batch, { present, templates, seats, domains }, offset)
}

/** checkInviteBatch's decisions, on what it read: each row's field errors. */
export function inviteRowErrors(access: Access, batch: Batch, facts: InviteFacts, offset = 0): FieldErrors {
  const errors: FieldErrors = {}
  const add = (i: number, field: string, message: string) => (errors[`rows.${i}.${field}`] ??= []).push(message)
  const { present, templates, seats, domains } = facts
  const seen = new Set<string>()
  let placed = offset

  batch.rows.forEach((row, i) => {
    const status = present.get(row.email)
    if (seen.has(row.email)) add(i, 'email', 'This address is listed twice.')
    else if (status === 'INVITED') add(i, 'email', 'Already invited. Use “Resend invite” in the members table.')
    else if (status) add(i, 'email', 'Already a member of this workspace.')
    else {
      const outside = domains.invite(row.email)
      if (outside) add(i, 'email', outside)
    }
    seen.add(row.email)

    const template = row.roleTemplateId && row.baseRole === 'MEMBER' ? templates.get(row.roleTemplateId) : null
    if (row.roleTemplateId && !templates.get(row.roleTemplateId)) add(i, 'roleTemplateId', 'That role template does not exist in this workspace.')
    const invitee: MemberState = {
      membershipId: '',
      tenantId: access.tenantId,
      userId: '',
      email: row.email,
      baseRole: row.baseRole,
      status: 'INVITED',
      crmAccess: batch.crmAccess,
      roleTemplateId: template?.id ?? null,
      roleTemplateName: template?.name ?? null,
      templateKeys: template?.keys ?? [],
      directKeys: [],
      teamIds: [],
    }
    const refusal = judgeMember(access, { before: null, after: invitee, linkIssued: true })
    if (refusal) add(i, refusal.field ?? 'email', refusal.message)
    placed++
    if (seats.used + placed > seats.limit) {
      const left = Math.max(0, seats.limit - seats.used)
      add(
        i,
        'email',
        `No seat left for this person: the ${seats.planName} plan has ${seats.limit} seats, ${left === 0 ? 'and all are used' : `and only ${left} ${left === 1 ? 'is' : 'are'} free`}.`,
      )
    }
  })
  return errors
}

export type InviteOutcome = { ok: true; memberships: { id: string; email: string }[] } | { ok: false; errors: FieldErrors }

/**
 * Checks the whole batch again and writes it, in the action's transaction that holds the
 * workspace lock: the seat count read here cannot change before the insert commits, so with one
 * seat left among many simultaneous invites exactly one gets through. The mails are queued in the
 * same transaction and delivered after it commits.
 */
export async function inviteBatch(access: Access, batch: Batch): Promise<InviteOutcome> {
  const errors = await checkInviteBatch(access, batch, 0)
  if (Object.keys(errors).length) return { ok: false, errors }
  const created = await createInvitations(
    access.tenantId,
    inviterOf(access),
    batch.rows.map((r) => ({
      email: r.email,
      baseRole: r.baseRole,
      roleTemplateId: r.baseRole === 'MEMBER' ? r.roleTemplateId : null,
      crmAccess: batch.crmAccess,
    })),
  )
  await queueMails(created.mails, access.tenantId)
  return { ok: true, memberships: created.memberships }
}

/** A resend, as the rules judge it: the same member, with a new link issued and the old one voided. */
const resendChange = <T extends MemberState>(t: T) => ({ after: t, linkIssued: true, linkVoided: true })
/** Only invited people have an invitation to resend. */
const joined = (t: MemberState & { email: string }) =>
  t.status === 'INVITED' ? null : { code: 'invalid' as const, message: `${t.email} has already joined; there is no invitation to resend.` }

/**
 * Sends an invited person a new link and voids the old one. Resending is inviting again: the same
 * rules hold (only owners invite owners and admins, the link may only grant what the sender holds,
 * and the address must be at one of the workspace's email domains, if it lists any).
 */
export async function resendInvitation(
  access: Access,
  memberId: string,
): Promise<{ ok: true; email: string } | { ok: false; code: 'not_found' | 'invalid' | 'forbidden'; message: string }> {
  const [t] = await loadTargets(access.tenantId, [memberId])
  if (!t) return { ok: false, code: 'not_found', message: 'That member was not found.' }
  const notInvited = joined(t)
  if (notInvited) return { ok: false, ...notInvited }
  const outside = (await domainRule(access.tenantId)).invite(t.email)
  if (outside) return { ok: false, code: 'invalid', message: outside }
  const refusal = judgeMember(access, { before: t, ...resendChange(t) })
  if (refusal) return { ok: false, code: 'forbidden', message: refusal.message }
  await queueMails([await reissueInvitation(t.membershipId, t.email, inviterOf(access))], access.tenantId)
  return { ok: true, email: t.email }
}

/**
 * The same for several people at once: each target is judged as a single resend would be; the
 * refused ones (joined, outside the workspace's email domains, or a link the sender may not
 * issue) are skipped with the reason.
 */
export async function resendInvitations(access: Access, memberIds: string[]): Promise<BulkOutcome> {
  const domains = await domainRule(access.tenantId)
  const outside = (t: MemberState & { email: string }) => {
    const message = domains.invite(t.email)
    return message ? { message } : null
  }
  return forEachAllowed(
    access,
    memberIds,
    resendChange,
    (t) => (joined(t) ? { message: 'Has already joined; there is no invitation to resend.' } : outside(t)),
    async (allowed) => {
      const inviter = inviterOf(access)
      const mails = []
      for (const t of allowed) mails.push(await reissueInvitation(t.membershipId, t.email, inviter))
      await queueMails(mails, access.tenantId)
    },
  )
}
