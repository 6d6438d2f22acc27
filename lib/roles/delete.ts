import type { Access } from '@/lib/authz/access'
import type { PermissionKey } from '@/lib/authz/catalog'
import type { FieldErrors } from '@/lib/authz/result'
import { judgeMember } from '@/lib/authz/rules'
import { findTemplates, loadTargets, replaceTemplate } from '@/lib/db/members'
import { deleteRoleRow, getRoleWithMembers } from '@/lib/db/roles'

export type DeleteRoleOutcome =
  | { ok: true; role: { id: string; name: string; description: string; permissions: PermissionKey[] }; members: string[]; replacement: string | null }
  | { ok: false; code: 'not_found' | 'forbidden' | 'invalid' | 'conflict'; message: string; fieldErrors?: FieldErrors }

/**
 * Deletes a role. Members who use it either move to a replacement role (which is assigning it:
 * the gate judges each member's change like any other — "Assign roles", and nothing they gain
 * beyond what the actor holds) or, when the admin confirmed removing it from exactly that many
 * members, are left without a role. Nothing is lost silently: a count that changed since the
 * dialog was opened is refused.
 */
export async function deleteRole(
  access: Access,
  input: { roleId: string; replacementId: string | null; removeFromMembers: number | null },
): Promise<DeleteRoleOutcome> {
  const role = await getRoleWithMembers(access.tenantId, input.roleId)
  if (!role) return { ok: false, code: 'not_found', message: 'That role template was not found.' }
  let replacement: string | null = null
  if (role.members.length > 0) {
    if (input.replacementId) {
      const r = (await findTemplates(access.tenantId, [input.replacementId])).get(input.replacementId)
      if (!r || r.id === role.id)
        return {
          ok: false,
          code: 'invalid',
          message: 'Check the highlighted fields.',
          fieldErrors: { replacementId: ['Choose another role template of this workspace.'] },
        }
      // Moving them is giving them the replacement: the same rule as any change of their role.
      for (const m of await loadTargets(access.tenantId, role.memberIds)) {
        const refusal = judgeMember(access, { before: m, after: { ...m, roleTemplateId: r.id, roleTemplateName: r.name, templateKeys: r.keys } })
        if (refusal)
          return {
            ok: false,
            code: 'forbidden',
            message: `You can’t move members to ${r.name}: ${refusal.message}`,
            fieldErrors: { replacementId: [refusal.message] },
          }
      }
      await replaceTemplate(access.tenantId, role.id, r.id)
      replacement = r.name
    } else if (input.removeFromMembers !== role.members.length) {
      const n = role.members.length
      const message = `${n} ${n === 1 ? 'member uses' : 'members use'} this role template. Choose a replacement, or confirm removing it from ${n === 1 ? 'them' : `all ${n}`}.`
      return { ok: false, code: 'conflict', message, fieldErrors: { replacementId: [message] } }
    }
  }
  await deleteRoleRow(role.id)
  return { ok: true, role: { id: role.id, name: role.name, description: role.description, permissions: role.permissions }, members: role.members, replacement }
}
