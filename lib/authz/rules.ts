import type { Access, BaseRole, MembershipStatus } from './access'
import { getLeaf, normalizePermissions, type PermissionKey } from './catalog'

// The rules that stop privilege escalation. Every path that grants or changes access (invite,
// resend, bulk, CSV, member edit, role edit, assignees, duplicate) calls these; the UI only
// mirrors them. Each returns null when allowed, or the reason it is refused.

/** `invalid`: the request names something that does not exist; otherwise it is not allowed. */
export type Refusal = { message: string; field?: string; code?: 'invalid' }

/**
 * Grant only what you hold: the keys a change ADDS (after minus before) must all be held by
 * the actor's role (modules the plan switches off included: they grant nothing until the plan
 * has them, and then the actor holds them too). Keys already there that the actor lacks may stay or go; removing is never
 * escalation. Unknown keys are refused here (the server drops them from stored sets on read).
 */
function unknownKey(keys: Iterable<string>): Refusal | null {
  for (const key of keys) if (!getLeaf(key)) return { message: `Unknown permission "${key}".`, field: 'permissions', code: 'invalid' }
  return null
}

export function checkGrant(actor: Access, before: Iterable<string>, after: Iterable<string>): Refusal | null {
  const keys = [...after]
  const unknown = unknownKey(keys)
  if (unknown) return unknown
  const had = new Set(before)
  const notHeld = keys.filter((key) => !had.has(key) && !actor.holdsByRole(key))
  if (notHeld.length === 0) return null
  return { message: `You can only grant permissions you hold yourself. Not held: ${notHeld.join(', ')}.`, field: 'permissions' }
}

/** Normalizes a requested permission set (prerequisites added) and checks the grant. */
export function prepareGrant(actor: Access, before: Iterable<string>, requested: Iterable<string>): { keys: PermissionKey[] } | { refusal: Refusal } {
  const req = [...requested]
  const unknown = unknownKey(req)
  if (unknown) return { refusal: unknown }
  const keys = normalizePermissions(req)
  const refusal = checkGrant(actor, before, keys)
  return refusal ? { refusal } : { keys }
}

/** Only owners create owners and admins (invite or role change). */
export function checkBaseRoleGrant(actor: Access, role: BaseRole): Refusal | null {
  if (role === 'MEMBER' || actor.baseRole === 'OWNER') return null
  return { message: `Only an owner can make someone ${role === 'OWNER' ? 'an owner' : 'an admin'}.`, field: 'baseRole' }
}

export type MemberTarget = { membershipId: string; baseRole: BaseRole; status: MembershipStatus }
export type MemberChange = { baseRole?: BaseRole; status?: MembershipStatus; delete?: boolean; permissions?: boolean }

/**
 * Whether the actor may change this member at all, and this way:
 * - only owners change owners and admins;
 * - nobody demotes, suspends or deletes themselves;
 * - the last active owner is never demoted, suspended or deleted (`activeOwners` is counted
 *   by the caller inside the same transaction that writes, with the tenant row locked).
 */
export function checkMemberChange(actor: Access, target: MemberTarget, change: MemberChange, activeOwners: number): Refusal | null {
  const self = target.membershipId === actor.membershipId
  const demotes = change.baseRole !== undefined && change.baseRole !== target.baseRole
  // Any move away from ACTIVE takes access away (suspension, or a status this code never sets).
  const suspends = change.status !== undefined && change.status !== 'ACTIVE' && target.status === 'ACTIVE'
  if (self && change.delete) return { message: 'You cannot delete yourself.' }
  if (self && suspends) return { message: 'You cannot suspend yourself.' }
  if (self && demotes) return { message: 'You cannot change your own role.', field: 'baseRole' }
  if (target.baseRole !== 'MEMBER' && actor.baseRole !== 'OWNER') {
    return { message: `Only an owner can change ${target.baseRole === 'OWNER' ? 'an owner' : 'an admin'}.` }
  }
  if (change.baseRole) {
    const r = checkBaseRoleGrant(actor, change.baseRole)
    if (r) return r
  }
  const losesOwner = target.baseRole === 'OWNER' && target.status === 'ACTIVE' && (change.delete || suspends || demotes)
  if (losesOwner && activeOwners <= 1) {
    return { message: 'A workspace needs at least one active owner. Make someone else an owner first.' }
  }
  return null
}

/** Turning CRM access on hands over the role's contacts permissions: only someone with CRM access may. */
export function checkCrmGrant(actor: Access, before: boolean, after: boolean): Refusal | null {
  if (!after || before || actor.baseRole !== 'MEMBER' || actor.member.crmAccess) return null
  return { message: 'Only someone with CRM access can give it.', field: 'crmAccess' }
}

export type Assignment = { templateKeys: readonly string[]; directKeys: readonly string[] }

/**
 * A member's template and direct grants together: what the change adds beyond what the member
 * already had (from either) must be held by the actor. Giving a role template is granting its
 * permissions, so a template with permissions the actor lacks is refused.
 */
export function checkAssignment(actor: Access, before: Assignment, after: Assignment, templateName = 'this role template'): Refusal | null {
  const had = new Set([...before.templateKeys, ...before.directKeys])
  const direct = checkGrant(actor, had, after.directKeys)
  if (direct) return direct
  const template = checkGrant(actor, had, after.templateKeys)
  if (!template) return null
  return { ...template, field: 'roleTemplateId', message: `You can’t give ${templateName}: it includes permissions you don’t hold.` }
}

/**
 * Team membership decides the "team" record scopes, so joining a team widens what you see. A
 * member (not an owner or admin, who see everything anyway) may not change their own teams.
 */
export function checkOwnTeams(actor: Access, membershipIds: Iterable<string>): Refusal | null {
  if (actor.baseRole !== 'MEMBER') return null
  for (const id of membershipIds) {
    if (id === actor.membershipId) return { message: 'You can’t change your own teams: they decide which records you see. Ask an admin.', field: 'teamIds' }
  }
  return null
}
