import type { Access, BaseRole, MembershipStatus } from './access'
import { getAction, getLeaf, type Permission } from './catalog'
import { gained, grantOf, notHeld, type Gain } from './grants'
import type { Refusal } from './result'

// What an actor may do to a member. Each rule is written here once and
// used twice: by the services before they write (to skip a refused member of a bulk change, or to
// point a form at the field), and by the action gate after the handler ran, on what the change
// really did to every member it touched (lib/authz/no-escalation.ts). The UI receives the
// answers as data (memberAbilities) and never re-implements them.

export type { Refusal } from './result'

// ─── Members ──────────────────────────────────────────────────────────────────────────────

/** A member as the rules see them, before or after a change. */
export type MemberState = {
  membershipId: string
  tenantId: string
  userId: string
  email: string
  baseRole: BaseRole
  status: MembershipStatus
  crmAccess: boolean
  roleTemplateId: string | null
  /** For messages only. */
  roleTemplateName?: string | null
  templateKeys: readonly string[]
  directKeys: readonly string[]
  teamIds: readonly string[]
}

/**
 * One member's change. `before` null: the membership is new (an invitation); `after` null: it was
 * deleted. Invitation links are part of it: whoever holds a link gets what it grants.
 */
export type MemberChange = {
  before: MemberState | null
  after: MemberState | null
  /** A new invitation link was issued. */
  linkIssued?: boolean
  /** An open link was voided without being used. */
  linkVoided?: boolean
  /** The invitee used their link. */
  accepted?: boolean
  /** Their role template was deleted (it left with it), or teams of theirs were. */
  templateDeleted?: boolean
  teamsDeleted?: readonly string[]
  /** The actor addressed this member (saved their form), even if nothing differs. */
  addressed?: boolean
  /** A change of their sign-in email was requested: a confirmation link went to the new address. */
  emailRequested?: boolean
  /** The new address confirmed a requested change with its link (their email switched). */
  emailConfirmed?: boolean
  /** The actor acted on their sign-in security: sent a password-reset link, reset their two-factor, ended their sessions. */
  security?: boolean
}

export type JudgeOptions = {
  /** Active owners before the change (bulk pre-checks count them down as they go). */
  activeOwners?: number
  /** Skip the comparison of what they gain (the caller knows the member's role, not their keys). */
  shallow?: boolean
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))
const ROLE_NAME: Record<BaseRole, string> = { OWNER: 'an owner', ADMIN: 'an admin', MEMBER: 'a member' }

/** A refusal unless the actor holds `permission` ("Doing X needs the “Y” permission."); an anonymous caller holds none. */
export function need(actor: Access | null, permission: Permission, doing: string, field?: string): Refusal | null {
  if (!actor) return PUBLIC_ONLY
  if (actor.can(permission)) return null
  return { message: `${doing} needs the “${getAction(permission)?.def.label ?? getLeaf(permission)?.label ?? permission}” permission.`, field }
}

/** Which kinds of change a member change is. */
export function changeKinds(c: MemberChange) {
  const { before: b, after: a } = c
  const both = b && a
  return {
    created: !b,
    deleted: !a,
    status: !!both && b.status !== a.status,
    role: !!both && b.baseRole !== a.baseRole,
    crm: !!both && b.crmAccess !== a.crmAccess,
    template: !!both && b.roleTemplateId !== a.roleTemplateId,
    direct: !!both && !sameSet(b.directKeys, a.directKeys),
    teams: !!both && !sameSet(b.teamIds, a.teamIds),
    email: !!both && b.email !== a.email,
  }
}

/**
 * Whether the actor (null: an anonymous caller, i.e. an invitee with their link) may make this
 * change to this member. In order: the workspace; an anonymous caller may only accept; nobody
 * deletes, suspends or demotes themselves, and a member does not change their own teams; only
 * owners change owners and admins; each kind of change needs its permission; the last active
 * owner stays; and whatever the member gains, the actor must hold.
 */
export function judgeMember(actor: Access | null, c: MemberChange, opts: JudgeOptions = {}): Refusal | null {
  const { before: b, after: a } = c
  const m = (a ?? b)!
  const k = changeKinds(c)
  if (!actor) {
    const accepting = b && a && b.status === 'INVITED' && a.status === 'ACTIVE' && c.accepted && !c.linkIssued
    const only = accepting && !k.role && !k.crm && !k.template && !k.direct && !k.teams && !k.email
    // The holder of an email change's link switches the address, and nothing else.
    const confirming =
      b && a && c.emailConfirmed && k.email && !k.status && !k.role && !k.crm && !k.template && !k.direct && !k.teams && !c.linkIssued && !c.emailRequested
    return only || confirming ? null : PUBLIC_ONLY
  }
  if (m.tenantId !== actor.tenantId) return { message: 'That member belongs to another workspace.' }
  // Changed only through their role template (it was edited): just what they gain is judged.
  const direct =
    Object.values(k).some(Boolean) ||
    !!c.linkIssued ||
    !!c.linkVoided ||
    !!c.accepted ||
    !!c.addressed ||
    !!c.emailRequested ||
    !!c.emailConfirmed ||
    !!c.security
  // (No kind of change means the membership was neither created nor deleted: before and after exist.)
  if (!direct) return opts.shallow ? null : escalationOf(actor, c, false)

  const self = m.membershipId === actor.membershipId
  const suspends = k.status && b!.status === 'ACTIVE'
  if (self && k.deleted) return { message: 'You cannot delete yourself.' }
  if (self && suspends) return { message: 'You cannot suspend yourself.' }
  if (self && k.role) return { message: 'You cannot change your own role.', field: 'baseRole' }
  if (self && c.emailRequested) return OWN_EMAIL
  if (self && c.security) return OWN_SECURITY
  if (self && k.teams && actor.baseRole === 'MEMBER')
    return { message: 'You can’t change your own teams: they decide which records you see. Ask an admin.', field: 'teamIds' }

  const onlyTeams =
    k.teams && !k.deleted && !k.status && !k.role && !k.crm && !k.template && !k.direct && !k.email && !c.linkIssued && !c.linkVoided && !c.emailRequested
  if (b && b.baseRole !== 'MEMBER' && actor.baseRole !== 'OWNER' && !onlyTeams) return { message: `Only an owner can change ${ROLE_NAME[b.baseRole]}.` }

  if (k.template && a!.roleTemplateId && a!.baseRole !== 'MEMBER') return MEMBERS_ONLY

  const refusal =
    (k.created
      ? a!.status === 'INVITED'
        ? need(actor, 'users.invite', 'Inviting someone')
        : { message: 'People join a workspace by accepting an invitation.' }
      : null) ??
    (k.deleted ? (b!.status === 'INVITED' && actor.can('users.invite') ? null : need(actor, 'users.delete', 'Deleting a member')) : null) ??
    (k.status
      ? b!.status === 'INVITED' || a!.status === 'INVITED'
        ? { message: 'Invited people are not members yet: resend or revoke their invitation instead.' }
        : need(actor, 'users.edit_status', a!.status === 'ACTIVE' ? 'Reactivating a member' : 'Suspending a member')
      : null) ??
    (k.role ? need(actor, 'users.edit', 'Changing a member’s role', 'baseRole') : null) ??
    (k.crm ? need(actor, 'users.edit', 'Changing CRM access', 'crmAccess') : null) ??
    (k.direct ? need(actor, 'users.edit', 'Changing a member’s permissions', 'permissions') : null) ??
    (k.template
      ? c.templateDeleted && a!.roleTemplateId === null
        ? need(actor, 'roles.delete', 'Deleting a role template')
        : need(actor, 'roles.assign', 'Changing the role template', 'roleTemplateId')
      : null) ??
    (k.teams
      ? b!.teamIds.every((t) => a!.teamIds.includes(t) || c.teamsDeleted?.includes(t)) && a!.teamIds.every((t) => b!.teamIds.includes(t))
        ? need(actor, 'teams.delete', 'Deleting a team')
        : need(actor, 'teams.edit', 'Changing teams', 'teamIds')
      : null) ??
    (k.email
      ? b!.status === 'INVITED'
        ? need(actor, 'users.invite', 'Correcting an invitation’s address', 'email')
        : { message: 'Only an invited person’s address can be corrected; members sign in with their own.', field: 'email', code: 'invalid' as const }
      : null) ??
    (c.emailRequested
      ? b!.status !== 'ACTIVE'
        ? {
            message: 'Only an active member’s sign-in email can be changed. Correct an invitation’s address in its form.',
            field: 'email',
            code: 'invalid' as const,
          }
        : need(actor, 'users.edit', 'Changing a member’s email', 'email')
      : null) ??
    ((c.linkIssued || c.linkVoided) && !k.deleted ? need(actor, 'users.invite', 'Sending or voiding an invitation link') : null) ??
    (c.security
      ? b!.status === 'INVITED'
        ? { message: 'Invited people have not joined yet: there is no sign-in of theirs to act on here.', code: 'invalid' as const }
        : need(actor, 'users.security', 'Acting on a member’s sign-in security')
      : null)
  if (refusal) return refusal
  if (c.security) return securityEscalation(actor, b!)

  const losesOwner = b?.baseRole === 'OWNER' && b.status === 'ACTIVE' && (k.deleted || suspends || k.role)
  if (losesOwner && (opts.activeOwners ?? Infinity) <= 1) return LAST_OWNER

  if (!a || opts.shallow) return null
  return escalationOf(actor, c, k.created || k.email || !!c.linkIssued || !!c.emailRequested)
}

/** Whether the member gains anything the actor does not hold; `fresh`: the access goes to someone new (a new person, address or link). */
function escalationOf(actor: Access, c: MemberChange, fresh: boolean): Refusal | null {
  const missing = notHeld(actor, gained(fresh ? null : grantOf(c.before!), grantOf(c.after!)))
  return missing && escalation(c, missing, fresh)
}

export const PUBLIC_ONLY: Refusal = { message: 'Only an invitation can be accepted without signing in.' }
export const MEMBERS_ONLY: Refusal = { message: 'Owners and admins have every permission; role templates apply to members only.', field: 'roleTemplateId' }
export const OWN_EMAIL: Refusal = { message: 'You can’t change your own email here. Change it from your profile.', field: 'email' }
export const EMAIL_ELSEWHERE: Refusal = {
  message: 'This person also belongs to another workspace, and their sign-in email is the same in every workspace: only they can change it.',
  field: 'email',
}
export const OWN_SECURITY: Refusal = {
  message: 'You can’t use these on your own account. Manage your password, two-factor sign-in and sessions from your profile.',
}
export const TWO_FACTOR_ELSEWHERE: Refusal = {
  message:
    'This person also belongs to another workspace, and their two-factor sign-in protects their account in every workspace: only they can turn it off, from their profile.',
}
export const LAST_OWNER: Refusal = { message: 'A workspace needs at least one active owner. Make someone else an owner first.' }

/** The refusal for a gain the actor does not hold, pointing at the field that caused it. */
function escalation(c: MemberChange, missing: Gain, fresh: boolean): Refusal {
  const a = c.after!
  const b = c.before
  // The link hands the member's whole access to whoever holds the new address.
  if (c.emailRequested)
    return {
      message: `You can’t change the email of ${a.email}: they hold access you don’t${missing.keys.length ? ` (${missing.keys.join(', ')})` : ''}.`,
      field: 'email',
    }
  if (missing.standing) return { message: `Only an owner can make someone ${ROLE_NAME[missing.standing as BaseRole]}.`, field: 'baseRole' }
  const keys = missing.keys
  if (!keys.length) return { message: 'Only someone with CRM access can give it.', field: 'crmAccess' }
  const list = keys.join(', ')
  // Not fresh means the member existed before (a new membership is always fresh).
  const fromTemplate = keys.some((key) => a.templateKeys.includes(key)) && (fresh || b!.roleTemplateId !== a.roleTemplateId)
  if (fromTemplate && !keys.some((key) => a.directKeys.includes(key) && !b?.directKeys.includes(key))) {
    return {
      message: `You can’t give ${a.roleTemplateName ?? 'this role template'}: it includes permissions you don’t hold (${list}).`,
      field: 'roleTemplateId',
    }
  }
  if (b && b.crmAccess !== a.crmAccess && keys.every((key) => getLeaf(key)?.crm)) {
    return { message: `Turning on CRM access would give ${a.email} permissions you don’t hold (${list}).`, field: 'crmAccess' }
  }
  if (b && b.status !== a.status) return { message: `You can’t reactivate ${a.email}: they hold permissions you don’t (${list}).` }
  if (fresh && b) return { message: `You can’t send ${a.email} an invitation link: it grants permissions you don’t hold (${list}).` }
  return { message: `You can only grant permissions you hold yourself. Not held: ${list}.`, field: 'permissions' }
}

// ─── Sign-in security ─────────────────────────────────────────────────────────────────────

/**
 * A member's sign-in security is guarded like their access: whoever sends them a reset link,
 * resets their two-factor or ends their sessions must hold everything they hold (a suspended
 * member counts with their role: suspension is undone by reactivating). Otherwise a lesser
 * admin could weaken the account of someone stronger.
 */
function securityEscalation(actor: Access, m: MemberState): Refusal | null {
  const missing = notHeld(actor, gained(null, grantOf({ ...m, status: 'ACTIVE' })))
  if (!missing) return null
  const what = [...(missing.standing ? [ROLE_NAME[missing.standing]] : []), ...(missing.crm ? ['CRM access'] : []), ...missing.keys]
  return { message: `You can’t act on the sign-in security of ${m.email}: they hold access you don’t (${what.join(', ')}).` }
}

/** The three actions on a member's sign-in security (the member page's Security section). */
export const SECURITY_ACTIONS = ['password_reset', 'two_factor_reset', 'end_sessions'] as const
export type SecurityAction = (typeof SECURITY_ACTIONS)[number]

/** What the security actions depend on besides the member: their account, read when judged. */
export type SecurityFacts = {
  /** They have set a password (a reset link can only replace one). */
  hasPassword: boolean
  /** They sign in with a second factor. */
  twoFactor: boolean
  /** The workspaces their account belongs to, in any status (this one included). */
  workspaces: number
  /** Their open sessions (not ended, of their current session version, used within a cookie's life). */
  openSessions: number
}

/**
 * Whether the actor may take this security action on this member: the rules of every change of
 * a member (judgeMember: the workspace, not oneself, only owners act on owners and admins, the
 * “Edit user security settings” permission, nothing the member holds that the actor does not),
 * then what the action needs. Two-factor protects the account in every workspace, so it is reset
 * only through the one workspace the user belongs to; a reset link only goes to their own inbox
 * and ending sessions only takes access away, so those work whatever else they belong to.
 */
export function judgeSecurity(actor: Access, m: MemberState, action: SecurityAction, facts: SecurityFacts): Refusal | null {
  const rule = judgeMember(actor, { before: m, after: m, security: true })
  if (rule) return rule
  switch (action) {
    case 'password_reset':
      if (m.status !== 'ACTIVE') return { message: 'Suspended members can’t sign in: reactivate them before sending a password reset.' }
      return facts.hasPassword ? null : { message: `${m.email} has not set a password yet.`, code: 'invalid' }
    case 'two_factor_reset':
      if (!facts.twoFactor) return { message: `${m.email} does not use two-factor sign-in.`, code: 'invalid' }
      return facts.workspaces > 1 ? TWO_FACTOR_ELSEWHERE : null
    case 'end_sessions':
      return facts.openSessions > 0 ? null : { message: `${m.email} has no open sessions.`, code: 'invalid' }
  }
}
