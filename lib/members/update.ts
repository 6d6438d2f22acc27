import type { Access } from '@/lib/authz/access'
import type { FieldErrors } from '@/lib/authz/result'
import type { PermissionKey } from '@/lib/authz/catalog'
import { prepareGrant } from '@/lib/authz/grants'
import { judgeMember } from '@/lib/authz/rules'
import { reissueInvitation } from '@/lib/db/invitations'
import {
  addressChangeProblem,
  countActiveOwners,
  findTeams,
  findTemplates,
  loadTargets,
  memberSnapshot,
  updateMembership,
  type MemberSnapshot,
  type MemberTargetRow,
} from '@/lib/db/members'
import { queueMails } from '@/lib/db/outbox'
import { domainRule } from '@/lib/security/domains'
import { inviterOf } from './invite'
import type { z } from 'zod'
import type { updateMemberSchema } from '@/lib/validation/members'

type Input = z.output<typeof updateMemberSchema>
export type UpdateOutcome =
  | { ok: true; before: MemberSnapshot; after: MemberSnapshot; added: string[]; removed: string[]; reinvited: boolean }
  | { ok: false; code: 'not_found' | 'forbidden' | 'invalid' | 'conflict'; message: string; fieldErrors?: FieldErrors }

export const STALE = 'This member was changed by someone else since you opened the page. Reload to see their changes, then make yours again.'

const refused = (message: string, field?: string, code: 'forbidden' | 'invalid' | 'conflict' = 'forbidden'): Extract<UpdateOutcome, { ok: false }> => ({
  ok: false,
  code,
  message,
  fieldErrors: field ? { [field]: [message] } : undefined,
})

/**
 * Saves a member's role, template, CRM flag, teams and direct grants (and, for an invitation, a
 * corrected address, which is a new invitation to it), in the action's transaction under the
 * workspace lock. The rules judge the change as a whole first (judgeMember), so the form can point
 * at the field; the gate judges again what was written.
 */
export async function updateMember(access: Access, input: Input): Promise<UpdateOutcome> {
  const [target] = await loadTargets(access.tenantId, [input.memberId])
  if (!target) return { ok: false, code: 'not_found', message: 'That member was not found.' }
  if (target.version !== input.version) return { ok: false, code: 'conflict', message: STALE }
  const corrected = correctedAddress(target, input)
  const teamIds = [...new Set(input.teamIds)]
  const decided = decideUpdate(access, target, input, {
    addressProblem: !!corrected && target.status === 'INVITED' && !!(await addressChangeProblem(target, corrected)),
    outside: corrected ? (await domainRule(access.tenantId)).invite(corrected) : null,
    template: input.roleTemplateId ? ((await findTemplates(access.tenantId, [input.roleTemplateId])).get(input.roleTemplateId) ?? null) : null,
    teamsFound: (await findTeams(access.tenantId, teamIds)).size,
    activeOwners: await countActiveOwners(access.tenantId),
  })
  if (!decided.ok) return decided
  // `email`: the address the invitation is corrected to (undefined: none).
  const { after, grant, email } = decided
  const before = await memberSnapshot(target)
  await updateMembership(access.tenantId, target, {
    email,
    baseRole: input.baseRole,
    roleTemplateId: after.roleTemplateId,
    crmAccess: input.crmAccess,
    teamIds,
    permissions: grant.keys,
  })
  const [saved] = await loadTargets(access.tenantId, [target.membershipId])
  // A corrected address: the link mailed to the wrong one stops working, the right one gets a new link.
  if (email) await queueMails([await reissueInvitation(target.membershipId, email, inviterOf(access))], access.tenantId)
  const had = new Set<string>(target.directKeys)
  const has = new Set<string>(grant.keys)
  return {
    ok: true,
    before,
    after: await memberSnapshot(saved),
    added: grant.keys.filter((k) => !had.has(k)),
    removed: target.directKeys.filter((k) => !has.has(k)),
    reinvited: !!email,
  }
}

/** The address an update corrects an invitation to: a new one given, else undefined. */
const correctedAddress = (target: MemberTargetRow, input: Input) => (input.email && input.email !== target.email ? input.email : undefined)

/** What deciding an update reads about the workspace (updateMember loads it). */
export type UpdateFacts = {
  /** The corrected address may not be used (it has an account elsewhere, or a membership here). */
  addressProblem: boolean
  /** The corrected address is outside the workspace's email domains: the refusal's words. */
  outside: string | null
  /** The role template chosen, if it exists in this workspace. */
  template: { id: string; name: string; keys: PermissionKey[] } | null
  /** How many of the chosen teams (without repeats) exist in this workspace. */
  teamsFound: number
  activeOwners: number
}

/**
 * updateMember's decisions, on the member as read and what it read about the workspace: the
 * first refusal, in the order the form's fields are checked, or the member after the change and
 * the direct grants to write.
 */
export function decideUpdate(
  access: Access,
  target: MemberTargetRow,
  input: Input,
  facts: UpdateFacts,
): Extract<UpdateOutcome, { ok: false }> | { ok: true; after: MemberTargetRow; grant: { keys: PermissionKey[] }; email: string | undefined } {
  const email = correctedAddress(target, input)
  // The same answer whatever the reason, so it does not tell whether an address has an account.
  if (facts.addressProblem) return refused('This invitation’s address can’t be changed. Revoke it and invite the right address instead.', 'email', 'conflict')
  // A corrected address is a new invitation to it: the workspace's email domains apply.
  if (facts.outside) return refused(facts.outside, 'email', 'invalid')
  const template = input.roleTemplateId ? facts.template : null
  if (input.roleTemplateId && !template) return refused('That role template does not exist in this workspace.', 'roleTemplateId', 'invalid')
  const teamIds = [...new Set(input.teamIds)]
  if (facts.teamsFound !== teamIds.length) return refused('A chosen team does not exist in this workspace.', 'teamIds', 'invalid')
  const grant = prepareGrant(access, [...target.templateKeys, ...target.directKeys], input.permissions)
  if ('refusal' in grant) return refused(grant.refusal.message, 'permissions', grant.refusal.code)

  const after = {
    ...target,
    email: email ?? target.email,
    baseRole: input.baseRole,
    crmAccess: input.crmAccess,
    teamIds,
    roleTemplateId: template?.id ?? null,
    roleTemplateName: template?.name ?? null,
    templateKeys: template?.keys ?? [],
    directKeys: grant.keys,
  }
  const rule = judgeMember(access, { before: target, after, linkIssued: !!email, addressed: true }, { activeOwners: facts.activeOwners })
  if (rule) return refused(rule.message, rule.field, rule.code === 'invalid' ? 'invalid' : 'forbidden')
  return { ok: true, after, grant, email }
}
