import type { Access } from '@/lib/authz/access'
import { judgeMember, type Refusal } from '@/lib/authz/rules'
import { countActiveOwners, findTemplates, loadTargets, setMembersTemplate, type MemberTargetRow } from '@/lib/db/members'
import type { Skipped } from '@/lib/members/change'

export type AssigneesOutcome =
  { ok: true; roleName: string; added: MemberTargetRow[]; removed: MemberTargetRow[]; skipped: Skipped[] } | { ok: false; code: 'not_found'; message: string }

/**
 * Adds members to a role and removes others from it, in the action's transaction under the
 * workspace lock. Each member is judged like any change of their role template (only owners
 * change owners and admins, who need no template anyway; giving the role must not hand over
 * permissions the actor lacks). Refused members are skipped with the reason.
 */
export async function setAssignees(access: Access, input: { roleId: string; add: string[]; remove: string[] }): Promise<AssigneesOutcome> {
  const role = (await findTemplates(access.tenantId, [input.roleId])).get(input.roleId)
  if (!role) return { ok: false, code: 'not_found', message: 'That role template was not found.' }
  const ids = [...new Set([...input.add, ...input.remove])]
  const targets = new Map((await loadTargets(access.tenantId, ids)).map((t) => [t.membershipId, t]))
  if (targets.size !== ids.length)
    return { ok: false, code: 'not_found', message: 'Some of these members are no longer in this workspace. Reload and try again.' }
  const owners = await countActiveOwners(access.tenantId)
  const skipped: Skipped[] = []
  const judge = (t: MemberTargetRow, adding: boolean): boolean => {
    const after = adding
      ? { ...t, roleTemplateId: role.id, roleTemplateName: role.name, templateKeys: role.keys }
      : { ...t, roleTemplateId: null, templateKeys: [] }
    const refusal: Refusal | null =
      (adding && t.roleTemplateId === role.id ? { message: 'Already has this role template.' } : null) ??
      (!adding && t.roleTemplateId !== role.id ? { message: 'Does not have this role template.' } : null) ??
      judgeMember(access, { before: t, after }, { activeOwners: owners })
    if (refusal) skipped.push({ id: t.membershipId, email: t.email, reason: refusal.message })
    return !refusal
  }
  const added = [...new Set(input.add)].map((id) => targets.get(id)!).filter((t) => judge(t, true))
  const removing = new Set(input.add)
  const removed = [...new Set(input.remove)]
    .filter((id) => !removing.has(id))
    .map((id) => targets.get(id)!)
    .filter((t) => judge(t, false))
  if (added.length)
    await setMembersTemplate(
      access.tenantId,
      added.map((t) => t.membershipId),
      role.id,
    )
  if (removed.length)
    await setMembersTemplate(
      access.tenantId,
      removed.map((t) => t.membershipId),
      null,
    )
  return { ok: true, roleName: role.name, added, removed, skipped }
}
