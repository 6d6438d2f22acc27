'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { changeStatus, changeTemplate, removeMembers } from '@/lib/members/change'
import { bulkResult } from '@/lib/members/result'
import { deleteMembersSchema, setMembersTemplateSchema, setMemberStatusSchema } from '@/lib/validation/members'

export const setMemberStatus = defineAction(
  { audits: ['member.suspend', 'member.reactivate'], permission: 'users.edit_status', schema: setMemberStatusSchema },
  async ({ memberIds, status }, { access, audit }) => {
    const r = await changeStatus(access, memberIds, status)
    const verb = status === 'SUSPENDED' ? 'Suspended' : 'Reactivated'
    if (r.ok)
      for (const t of r.changed)
        audit({
          action: status === 'SUSPENDED' ? 'member.suspend' : 'member.reactivate',
          targetType: 'member',
          targetId: t.membershipId,
          summary: `${verb} ${t.email}`,
          before: { status: t.status },
          after: { status },
        })
    revalidatePath('/settings/users')
    return bulkResult(r, (who) => `${verb} ${who}${status === 'SUSPENDED' ? '; their sessions stop working on their next request' : ''}`)
  },
)

export const deleteMembers = defineAction(
  { audits: ['member.delete'], permission: 'users.delete', schema: deleteMembersSchema },
  async (input, { access, audit }) => {
    const reassign =
      input.reassignTo === 'member'
        ? { to: 'member' as const, memberId: input.reassignId! }
        : input.reassignTo === 'team'
          ? { to: 'team' as const, teamId: input.reassignId! }
          : { to: 'unassigned' as const }
    const r = await removeMembers(access, input.memberIds, reassign)
    if (r.ok) {
      for (const t of r.changed) {
        audit({
          action: 'member.delete',
          targetType: 'member',
          targetId: t.membershipId,
          summary: `Deleted ${t.email}`,
          before: { email: t.email, baseRole: t.baseRole, status: t.status, roleTemplateId: t.roleTemplateId, permissions: t.directKeys },
          after: { contacts: input.reassignTo, contactsTo: input.reassignId },
        })
      }
    }
    revalidatePath('/settings/users')
    const moved = r.ok && r.contactsMoved ? `; ${r.contactsMoved} contact${r.contactsMoved === 1 ? '' : 's'} reassigned` : ''
    return bulkResult(r, (who) => `Deleted ${who}${moved}`)
  },
)

export const setMembersTemplate = defineAction(
  { audits: ['member.template'], permission: 'roles.assign', schema: setMembersTemplateSchema },
  async ({ memberIds, roleTemplateId }, { access, audit }) => {
    const r = await changeTemplate(access, memberIds, roleTemplateId)
    if (r.ok)
      for (const t of r.changed)
        audit({
          action: 'member.template',
          targetType: 'member',
          targetId: t.membershipId,
          summary: `Changed the role template of ${t.email}`,
          before: { roleTemplateId: t.roleTemplateId },
          after: { roleTemplateId },
        })
    revalidatePath('/settings/users')
    return bulkResult(r, (who) => (roleTemplateId ? `Changed the role template of ${who}` : `Removed the role template from ${who}`))
  },
)
