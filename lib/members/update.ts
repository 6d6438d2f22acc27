import type { Access } from '@/lib/authz/access'
import type { FieldErrors } from '@/lib/authz/result'
import { checkAssignment, checkCrmGrant, checkMemberChange, checkOwnTeams, prepareGrant } from '@/lib/authz/rules'
import { reissueInvitation } from '@/lib/db/invitations'
import { queueMails } from '@/lib/mail/outbox'
import { inviterOf } from './invite'
import { countActiveOwners, findTeams, findTemplates, loadTargets, updateMembership, withWorkspaceLock, type MemberTargetRow } from '@/lib/db/members'
import type { z } from 'zod'
import type { updateMemberSchema } from '@/lib/validation/members'

type Input = z.output<typeof updateMemberSchema>
type Snapshot = { email: string; baseRole: string; roleTemplate: string | null; crmAccess: boolean; teams: string[] }
export type UpdateOutcome =
  | { ok: true; before: Snapshot; after: Snapshot; added: string[]; removed: string[]; mailIds: string[] }
  | { ok: false; code: 'not_found' | 'forbidden' | 'invalid' | 'conflict'; message: string; fieldErrors?: FieldErrors }

const refused = (message: string, field?: string, code: 'forbidden' | 'invalid' | 'conflict' = 'forbidden'): UpdateOutcome => ({
  ok: false, code, message, fieldErrors: field ? { [field]: [message] } : undefined,
})

/**
 * Saves a member's role, template, CRM flag, teams and direct grants in one transaction under
 * the workspace lock, after every escalation rule: only owners touch owners and admins, nobody
 * changes their own role, the last owner stays, templates and grants only hand over what the
 * actor holds, CRM access only from someone who has it, teams only with "Edit teams".
 */
export function updateMember(access: Access, input: Input): Promise<UpdateOutcome> {
  return withWorkspaceLock(access.tenantId, async (tx) => {
    const [target] = await loadTargets(tx, access.tenantId, [input.memberId])
    if (!target) return { ok: false, code: 'not_found', message: 'That member was not found.' }
    const rule = checkMemberChange(access, target, { baseRole: input.baseRole, permissions: true }, await countActiveOwners(tx, access.tenantId))
    if (rule) return refused(rule.message, rule.field)

    const email = input.email && input.email !== target.email ? input.email : undefined
    if (email) {
      if (target.status !== 'INVITED') return refused('Only an invited person’s address can be corrected; members sign in with their own.', 'email', 'invalid')
      const user = await tx.user.findUniqueOrThrow({ where: { id: target.userId }, select: { passwordHash: true } })
      if (user.passwordHash) return refused('This person already has an account; they sign in with its address. Revoke this invitation and invite the right address instead.', 'email', 'invalid')
      const taken = await tx.user.count({ where: { email } })
      const elsewhere = await tx.membership.count({ where: { userId: target.userId, id: { not: target.membershipId } } })
      if (taken) return refused('That address already has an account or an invitation. Invite it instead.', 'email', 'conflict')
      if (elsewhere) return refused('This person is also invited elsewhere; revoke this invitation and invite the new address instead.', 'email', 'conflict')
    }

    const template = input.roleTemplateId ? (await findTemplates(tx, access.tenantId, [input.roleTemplateId])).get(input.roleTemplateId) : null
    if (input.roleTemplateId && !template) return refused('That role template does not exist in this workspace.', 'roleTemplateId', 'invalid')
    if ((template?.id ?? null) !== target.roleTemplateId && !access.can('roles.assign')) return refused('Changing the role template needs the “Assign roles” permission.', 'roleTemplateId')
    const teamIds = [...new Set(input.teamIds)]
    if ((await findTeams(tx, access.tenantId, teamIds)).size !== teamIds.length) return refused('A chosen team does not exist in this workspace.', 'teamIds', 'invalid')
    const teamsChanged = teamIds.length !== target.teamIds.length || teamIds.some((id) => !target.teamIds.includes(id))
    if (teamsChanged && !access.can('teams.edit')) return refused('Changing teams needs the “Edit teams” permission.', 'teamIds')
    const ownTeams = teamsChanged ? checkOwnTeams(access, [target.membershipId]) : null
    if (ownTeams) return refused(ownTeams.message, ownTeams.field)

    const grant = prepareGrant(access, [...target.templateKeys, ...target.directKeys], input.permissions)
    if ('refusal' in grant) return refused(grant.refusal.message, 'permissions', grant.refusal.code)
    const assign = checkAssignment(access, target, { templateKeys: template?.keys ?? [], directKeys: grant.keys }, template?.name)
    if (assign) return refused(assign.message, assign.field)
    const crm = checkCrmGrant(access, target.baseRole !== 'MEMBER' || target.crmAccess, input.baseRole !== 'MEMBER' || input.crmAccess)
    if (crm) return refused(crm.message, crm.field)

    const before = await snapshot(tx, target)
    await updateMembership(tx, access.tenantId, target, { email, baseRole: input.baseRole, roleTemplateId: template?.id ?? null, crmAccess: input.crmAccess, teamIds, permissions: grant.keys })
    const [after] = await loadTargets(tx, access.tenantId, [target.membershipId])
    // A corrected address: the link mailed to the wrong one stops working, the right one gets a new link.
    const mailIds = email
      ? await queueMails(tx, [await reissueInvitation(tx, target.membershipId, email, inviterOf(access))], access.tenantId)
      : []
    const had = new Set<string>(target.directKeys)
    const has = new Set<string>(grant.keys)
    return {
      ok: true,
      before,
      after: await snapshot(tx, after),
      added: grant.keys.filter((k) => !had.has(k)),
      removed: target.directKeys.filter((k) => !has.has(k)),
      mailIds,
    }
  })
}

async function snapshot(tx: Parameters<Parameters<typeof withWorkspaceLock>[1]>[0], t: MemberTargetRow): Promise<Snapshot> {
  const template = t.roleTemplateId ? await tx.roleTemplate.findUnique({ where: { id: t.roleTemplateId }, select: { name: true } }) : null
  const teams = await tx.team.findMany({ where: { id: { in: t.teamIds } }, select: { name: true }, orderBy: { name: 'asc' } })
  return { email: t.email, baseRole: t.baseRole, roleTemplate: template?.name ?? null, crmAccess: t.baseRole !== 'MEMBER' || t.crmAccess, teams: teams.map((x) => x.name) }
}
