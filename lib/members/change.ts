import type { Access } from '@/lib/authz/access'
import { judgeMember, type MemberChange, type MemberState, type Refusal } from '@/lib/authz/rules'
import {
  countActiveOwners,
  deleteMembers,
  findTeams,
  findTemplates,
  loadTargets,
  setMembersStatus,
  setMembersTemplate,
  type MemberTargetRow,
  type Reassign,
} from '@/lib/db/members'

// Changes to existing members, one or many at once, inside the action's transaction (which holds
// the workspace lock). Each target is re-read there and judged by the rules (lib/authz/rules.ts):
// allowed ones are changed, refused ones are reported with the reason (a bulk action skips them
// rather than failing the whole selection). The action gate then checks what really changed.

export type Skipped = { id: string; email: string; reason: string }
export type BulkOutcome =
  | { ok: true; changed: MemberTargetRow[]; skipped: Skipped[]; contactsMoved?: number }
  | { ok: false; code: 'not_found' | 'invalid'; message: string; field?: string }

const GONE = 'Some of the selected members are no longer in this workspace. Reload the page and try again.'

/**
 * Splits targets into those the rules allow this change for and those they refuse, and applies
 * the change to the allowed ones. Every bulk change of members goes through it (invitations too).
 */
export async function forEachAllowed(
  access: Access,
  memberIds: string[],
  change: (t: MemberTargetRow) => Omit<MemberChange, 'before'>,
  extra: ((t: MemberTargetRow) => Refusal | null) | null,
  apply: (allowed: MemberTargetRow[]) => Promise<number | void>,
): Promise<BulkOutcome> {
  const ids = [...new Set(memberIds)]
  const targets = await loadTargets(access.tenantId, ids)
  if (targets.length !== ids.length) return { ok: false, code: 'not_found', message: ids.length === 1 ? 'That member was not found.' : GONE }
  const { changed, skipped } = judgeTargets(access, targets, await countActiveOwners(access.tenantId), change, extra)
  const contactsMoved = changed.length ? await apply(changed) : undefined
  return { ok: true, changed, skipped, ...(typeof contactsMoved === 'number' && { contactsMoved }) }
}

/**
 * forEachAllowed's decisions, on the targets it read and the workspace's active owners: `extra`
 * first (what this kind of change refuses of its own), then the rules. Each removal of an active
 * owner counts against the next one in the same batch, so a batch cannot remove the last one.
 */
export function judgeTargets<T extends MemberState & { email: string }>(
  access: Access,
  targets: readonly T[],
  activeOwners: number,
  change: (t: T) => Omit<MemberChange, 'before'>,
  extra: ((t: T) => Refusal | null) | null,
): { changed: T[]; skipped: Skipped[] } {
  let owners = activeOwners
  const changed: T[] = []
  const skipped: Skipped[] = []
  for (const t of targets) {
    const c = change(t)
    const refusal = extra?.(t) ?? judgeMember(access, { before: t, ...c }, { activeOwners: owners })
    if (refusal) {
      skipped.push({ id: t.membershipId, email: t.email, reason: refusal.message })
      continue
    }
    if (t.baseRole === 'OWNER' && t.status === 'ACTIVE' && (!c.after || c.after.status !== 'ACTIVE')) owners--
    changed.push(t)
  }
  return { changed, skipped }
}

/** What changing members' status refuses of its own: invited people, and a status they have. */
export const statusRefusal =
  (status: 'ACTIVE' | 'SUSPENDED') =>
  (t: MemberState): Refusal | null =>
    t.status === 'INVITED'
      ? { message: 'Invited people are not members yet: resend or revoke their invitation instead.' }
      : t.status === status
        ? { message: status === 'ACTIVE' ? 'Already active.' : 'Already suspended.' }
        : null

export function changeStatus(access: Access, memberIds: string[], status: 'ACTIVE' | 'SUSPENDED') {
  return forEachAllowed(
    access,
    memberIds,
    (t) => ({ after: { ...t, status } }),
    statusRefusal(status),
    (allowed) =>
      setMembersStatus(
        access.tenantId,
        allowed.map((t) => t.membershipId),
        status,
      ),
  )
}

/** Deletes members; with `invitationsOnly`, only invited people (revoking invitations frees their seats). */
export async function removeMembers(access: Access, memberIds: string[], reassign: Reassign, invitationsOnly = false): Promise<BulkOutcome> {
  const onlyInvited = (t: MemberTargetRow): Refusal | null =>
    invitationsOnly && t.status !== 'INVITED' ? { message: 'Has already joined: delete the member instead.' } : null
  // The contacts' new home must be in this workspace and must not be leaving with them.
  if (reassign.to === 'member') {
    const [to] = await loadTargets(access.tenantId, [reassign.memberId])
    if (!to || memberIds.includes(to.membershipId))
      return { ok: false, code: 'invalid', message: 'Choose a member who stays in the workspace.', field: 'reassignId' }
  }
  if (reassign.to === 'team' && !(await findTeams(access.tenantId, [reassign.teamId])).size) {
    return { ok: false, code: 'invalid', message: 'That team does not exist in this workspace.', field: 'reassignId' }
  }
  return forEachAllowed(
    access,
    memberIds,
    () => ({ after: null }),
    onlyInvited,
    async (allowed) => (await deleteMembers(access.tenantId, allowed, reassign)).contactsMoved,
  )
}

export async function changeTemplate(access: Access, memberIds: string[], roleTemplateId: string | null): Promise<BulkOutcome> {
  const template = roleTemplateId ? (await findTemplates(access.tenantId, [roleTemplateId])).get(roleTemplateId) : null
  if (roleTemplateId && !template)
    return { ok: false, code: 'not_found', message: 'That role template does not exist in this workspace.', field: 'roleTemplateId' }
  return forEachAllowed(
    access,
    memberIds,
    (t) => ({ after: { ...t, roleTemplateId, roleTemplateName: template?.name ?? null, templateKeys: template?.keys ?? [] } }),
    null,
    (allowed) =>
      setMembersTemplate(
        access.tenantId,
        allowed.map((t) => t.membershipId),
        roleTemplateId,
      ),
  )
}
