import type { Access } from '@/lib/authz/access'
import { checkAssignment, checkMemberChange, type MemberChange, type Refusal } from '@/lib/authz/rules'
import { db } from '@/lib/db/client'
import {
  countActiveOwners, deleteMembers, findTeams, findTemplates, loadTargets, setMembersStatus, setMembersTemplate,
  withWorkspaceLock, type MemberTargetRow, type Reassign, type Tx,
} from '@/lib/db/members'

// Changes to existing members, one or many at once. Each runs in one transaction holding the
// workspace lock, re-reads its targets there, and asks the escalation rules about each target:
// allowed ones are changed, refused ones are reported with the reason (a bulk action skips
// them rather than failing the whole selection).

export type Skipped = { id: string; email: string; reason: string }
export type BulkOutcome =
  | { ok: true; changed: MemberTargetRow[]; skipped: Skipped[]; contactsMoved?: number }
  | { ok: false; code: 'not_found' | 'invalid'; message: string; field?: string }

const GONE = 'Some of the selected members are no longer in this workspace. Reload the page and try again.'

async function forEachAllowed(
  access: Access,
  memberIds: string[],
  change: MemberChange,
  extra: ((t: MemberTargetRow) => Refusal | null) | null,
  apply: (tx: Tx, allowed: MemberTargetRow[]) => Promise<number | void>,
): Promise<BulkOutcome> {
  return withWorkspaceLock(access.tenantId, async (tx) => {
    const ids = [...new Set(memberIds)]
    const targets = await loadTargets(tx, access.tenantId, ids)
    if (targets.length !== ids.length) return { ok: false, code: 'not_found', message: ids.length === 1 ? 'That member was not found.' : GONE }
    let owners = await countActiveOwners(tx, access.tenantId)
    const changed: MemberTargetRow[] = []
    const skipped: Skipped[] = []
    for (const t of targets) {
      const refusal = checkMemberChange(access, t, change, owners) ?? extra?.(t) ?? null
      if (refusal) {
        skipped.push({ id: t.membershipId, email: t.email, reason: refusal.message })
        continue
      }
      // Each removal of an active owner counts against the next one in the same batch.
      if (t.baseRole === 'OWNER' && t.status === 'ACTIVE' && (change.delete || change.status === 'SUSPENDED')) owners--
      changed.push(t)
    }
    const contactsMoved = changed.length ? await apply(tx, changed) : undefined
    return { ok: true, changed, skipped, ...(typeof contactsMoved === 'number' && { contactsMoved }) }
  })
}

export function changeStatus(access: Access, memberIds: string[], status: 'ACTIVE' | 'SUSPENDED') {
  const noop = (t: MemberTargetRow): Refusal | null =>
    t.status === 'INVITED'
      ? { message: 'Invited people are not members yet: resend or revoke their invitation instead.' }
      : t.status === status
        ? { message: status === 'ACTIVE' ? 'Already active.' : 'Already suspended.' }
        : null
  return forEachAllowed(access, memberIds, { status }, noop, (tx, allowed) =>
    setMembersStatus(tx, access.tenantId, allowed.map((t) => t.membershipId), status),
  )
}

/** Deletes members; with `invitationsOnly`, only invited people (revoking invitations frees their seats). */
export async function removeMembers(access: Access, memberIds: string[], reassign: Reassign, invitationsOnly = false): Promise<BulkOutcome> {
  const onlyInvited = (t: MemberTargetRow): Refusal | null => (t.status === 'INVITED' ? null : { message: 'Has already joined: delete the member instead.' })
  const outcome = await forEachAllowed(access, memberIds, { delete: true }, invitationsOnly ? onlyInvited : null, async (tx, allowed) => {
    // The contacts' new home must be in this workspace and must not be leaving with them.
    if (reassign.to === 'member') {
      const [to] = await loadTargets(tx, access.tenantId, [reassign.memberId])
      if (!to || allowed.some((t) => t.membershipId === to.membershipId)) throw new ReassignError('Choose a member who stays in the workspace.')
    }
    if (reassign.to === 'team' && !(await findTeams(tx, access.tenantId, [reassign.teamId])).size) throw new ReassignError('That team does not exist in this workspace.')
    return (await deleteMembers(tx, access.tenantId, allowed, reassign)).contactsMoved
  }).catch((e: unknown) => {
    if (e instanceof ReassignError) return { ok: false, code: 'invalid', message: e.message, field: 'reassignId' } as const
    throw e
  })
  return outcome
}

/** Rolls the delete back when the reassignment target is not valid. */
class ReassignError extends Error {}

export async function changeTemplate(access: Access, memberIds: string[], roleTemplateId: string | null): Promise<BulkOutcome> {
  const template = roleTemplateId ? (await findTemplates(db(), access.tenantId, [roleTemplateId])).get(roleTemplateId) : null
  if (roleTemplateId && !template) return { ok: false, code: 'not_found', message: 'That role template does not exist in this workspace.', field: 'roleTemplateId' }
  const extra = (t: MemberTargetRow): Refusal | null => {
    if (t.baseRole !== 'MEMBER') return { message: 'Owners and admins have every permission; role templates apply to members only.' }
    return checkAssignment(access, t, { templateKeys: template?.keys ?? [], directKeys: t.directKeys }, template?.name)
  }
  return forEachAllowed(access, memberIds, { permissions: true }, extra, (tx, allowed) =>
    setMembersTemplate(tx, access.tenantId, allowed.map((t) => t.membershipId), roleTemplateId),
  )
}
