'use server'

import { revalidatePath } from 'next/cache'
import { hasCrmAccess } from '@/lib/authz/access'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { bulkResult } from '@/lib/members/result'
import { removeMembers } from '@/lib/members/change'
import { checkInviteBatch, inviteBatch, resendInvitation, resendInvitations } from '@/lib/members/invite'
import { checkInvitesSchema, inviteMembersSchema, memberIdSchema, setMemberStatusSchema } from '@/lib/validation/members'

/** Checks part of a batch without writing (the dialog shows progress through large batches). */
export const checkInvites = defineAction(
  { audits: [], permission: 'users.invite', schema: checkInvitesSchema, readOnly: true },
  async ({ offset, ...batch }, { access }) => {
    return ok(undefined, { errors: await checkInviteBatch(access, batch, offset) })
  },
)

export const inviteMembers = defineAction(
  { audits: ['member.invite'], mails: 'always', permission: 'users.invite', schema: inviteMembersSchema },
  async (batch, { access, audit }) => {
    const r = await inviteBatch(access, batch)
    if (!r.ok) return fail('Nobody was invited. Fix the rows marked below, then try again.', r.errors)
    r.memberships.forEach((m, i) => {
      const row = batch.rows[i]
      audit({
        action: 'member.invite',
        targetType: 'member',
        targetId: m.id,
        summary: `Invited ${m.email}`,
        after: {
          email: m.email,
          baseRole: row.baseRole,
          roleTemplateId: row.baseRole === 'MEMBER' ? row.roleTemplateId : null,
          crmAccess: hasCrmAccess(row.baseRole, batch.crmAccess),
        },
      })
    })
    revalidatePath('/settings/users')
    const n = r.memberships.length
    return ok(`Invited ${n === 1 ? r.memberships[0].email : `${n} people`}.`, { invited: n, memberIds: r.memberships.map((m) => m.id) })
  },
)

export const resendInvite = defineAction(
  { audits: ['member.invite_resend'], mails: 'always', permission: 'users.invite', schema: memberIdSchema },
  async ({ memberId }, { access, audit }) => {
    const r = await resendInvitation(access, memberId)
    if (!r.ok) return fail(r.message, undefined, r.code)
    audit({ action: 'member.invite_resend', targetType: 'member', targetId: memberId, summary: `Resent the invitation to ${r.email}` })
    revalidatePath('/settings/users')
    return ok(`A new invitation was sent to ${r.email}; the previous link no longer works.`)
  },
)

/** Resends the selected invitations: each person is judged as a single resend; joined or refused ones are skipped. */
export const resendInvites = defineAction(
  { audits: ['member.invite_resend'], mails: 'maybe', permission: 'users.invite', schema: setMemberStatusSchema.pick({ memberIds: true }) },
  async ({ memberIds }, { access, audit }) => {
    const r = await resendInvitations(access, memberIds)
    if (r.ok)
      for (const t of r.changed)
        audit({ action: 'member.invite_resend', targetType: 'member', targetId: t.membershipId, summary: `Resent the invitation to ${t.email}` })
    revalidatePath('/settings/users')
    return bulkResult(r, (who) => `Sent a new invitation link to ${who}; earlier links no longer work`)
  },
)

/** Revoking an invitation removes the invited person and frees the seat. */
export const revokeInvites = defineAction(
  { audits: ['member.invite_revoke'], permission: 'users.invite', schema: setMemberStatusSchema.pick({ memberIds: true }) },
  async ({ memberIds }, { access, audit }) => {
    const r = await removeMembers(access, memberIds, { to: 'unassigned' }, true)
    if (r.ok)
      for (const t of r.changed)
        audit({
          action: 'member.invite_revoke',
          targetType: 'member',
          targetId: t.membershipId,
          summary: `Revoked the invitation of ${t.email}`,
          before: { email: t.email, status: t.status, baseRole: t.baseRole },
        })
    revalidatePath('/settings/users')
    return bulkResult(r, (who) => `Revoked the invitation of ${who}`)
  },
)
