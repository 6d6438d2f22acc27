import type { Access } from '@/lib/authz/access'
import type { PermissionKey } from '@/lib/authz/catalog'
import { isPermissionKey } from '@/lib/authz/catalog'
import type { FieldErrors } from '@/lib/authz/result'
import { checkGrant } from '@/lib/authz/rules'
import { findTemplates, withWorkspaceLock } from '@/lib/db/members'

export type DeleteRoleOutcome =
  | { ok: true; role: { id: string; name: string; description: string; permissions: PermissionKey[] }; members: string[]; replacement: string | null }
  | { ok: false; code: 'not_found' | 'forbidden' | 'invalid' | 'conflict'; message: string; fieldErrors?: FieldErrors }

/**
 * Deletes a role. Members who use it either move to a replacement role (which is assigning it:
 * "Assign roles" and the grant rule apply) or, when the admin confirmed removing it from exactly
 * that many members, are left without a role. Nothing is lost silently: a count that changed
 * since the dialog was opened is refused.
 */
export function deleteRole(access: Access, input: { roleId: string; replacementId: string | null; removeFromMembers: number | null }): Promise<DeleteRoleOutcome> {
  return withWorkspaceLock(access.tenantId, async (tx): Promise<DeleteRoleOutcome> => {
    const role = await tx.roleTemplate.findFirst({
      where: { id: input.roleId, tenantId: access.tenantId },
      select: { id: true, name: true, description: true, permissions: { select: { key: true } }, members: { select: { id: true, user: { select: { email: true } } } } },
    })
    if (!role) return { ok: false, code: 'not_found', message: 'That role was not found.' }
    const members = role.members.map((m) => m.user.email)
    let replacement: string | null = null
    if (members.length > 0) {
      if (input.replacementId) {
        if (!access.can('roles.assign')) return { ok: false, code: 'forbidden', message: 'Moving members to another role needs the “Assign roles” permission.' }
        const r = (await findTemplates(tx, access.tenantId, [input.replacementId])).get(input.replacementId)
        if (!r || r.id === role.id) return { ok: false, code: 'invalid', message: 'Check the highlighted fields.', fieldErrors: { replacementId: ['Choose another role of this workspace.'] } }
        const refusal = checkGrant(access, [], r.keys)
        if (refusal) return { ok: false, code: 'forbidden', message: `You can’t move members to ${r.name}: ${refusal.message}`, fieldErrors: { replacementId: [refusal.message] } }
        await tx.membership.updateMany({ where: { tenantId: access.tenantId, roleTemplateId: role.id }, data: { roleTemplateId: r.id } })
        replacement = r.name
      } else if (input.removeFromMembers !== members.length) {
        const message = `${members.length} ${members.length === 1 ? 'member uses' : 'members use'} this role. Choose a replacement role, or confirm removing it from ${members.length === 1 ? 'them' : `all ${members.length}`}.`
        return { ok: false, code: 'conflict', message, fieldErrors: { replacementId: [message] } }
      }
    }
    await tx.roleTemplate.delete({ where: { id: role.id } })
    return {
      ok: true,
      role: { id: role.id, name: role.name, description: role.description, permissions: role.permissions.map((p) => p.key).filter(isPermissionKey) },
      members,
      replacement,
    }
  })
}
