import type { Access, BaseRole } from './access'
import type { PermissionKey } from './catalog'
import { permissionLocks, type LockReason } from './grants'
import { judgeMember, judgeSecurity, SECURITY_ACTIONS, type MemberChange, type MemberState, type SecurityAction, type SecurityFacts } from './rules'

// What the UI offers an actor for a member, answered by the rules themselves (judgeMember) on
// the change each control would make, and sent to the browser as data: the browser never works
// out a rule of its own. The server judges every request again.

/** The row menu: what may be done to a member from the users table. */
export type MemberAbilities = { edit: boolean; suspend: boolean; reactivate: boolean; delete: boolean; resend: boolean; revoke: boolean }

/** `shallow`: the member's permissions are not known (a table row), so what they would gain is left to the server. */
export function memberAbilities(actor: Access, m: MemberState, opts: { shallow?: boolean } = {}): MemberAbilities {
  const may = (c: Omit<MemberChange, 'before'>) => judgeMember(actor, { before: m, ...c }, opts) === null
  const invited = m.status === 'INVITED'
  return {
    edit: memberFormPolicy(actor, m).locked === null,
    suspend: m.status === 'ACTIVE' && may({ after: { ...m, status: 'SUSPENDED' } }),
    reactivate: m.status === 'SUSPENDED' && may({ after: { ...m, status: 'ACTIVE' } }),
    delete: !invited && may({ after: null }),
    resend: invited && may({ after: m, linkIssued: true, linkVoided: true }),
    revoke: invited && actor.can('users.invite') && may({ after: null }),
  }
}

/** The member page's form: what is read only, and why. A null reason means "may change". */
export type MemberFormPolicy = {
  /** The whole form is read only (nothing here may be changed by this actor). */
  locked: string | null
  /** The base roles that may be chosen, and a note on the others. */
  roles: Record<BaseRole, boolean>
  roleNote: string | null
  template: string | null
  teams: string | null
  crm: string | null
  /** Per permission: why its checkbox is locked (not in the plan, not held), or none. */
  permissions: Partial<Record<PermissionKey, LockReason>>
  permissionsLocked: string | null
}

export function memberFormPolicy(actor: Access, m: MemberState): MemberFormPolicy {
  const refusal = (after: Partial<MemberState>) => judgeMember(actor, { before: m, after: { ...m, ...after } })?.message ?? null
  const anything = actor.canAny(['users.edit', 'roles.assign', 'teams.edit']) ? null : 'You can view this member but not change them.'
  const locked = anything ?? judgeMember(actor, { before: m, after: m, addressed: true })?.message ?? null
  const bare = { ...m, templateKeys: [], directKeys: [] }
  const roleRefusals = (['OWNER', 'ADMIN', 'MEMBER'] as const).map((r) => [r, r === m.baseRole ? null : refusal({ baseRole: r })] as const)
  return {
    locked,
    roles: Object.fromEntries(roleRefusals.map(([r, why]) => [r, locked === null && why === null])) as Record<BaseRole, boolean>,
    roleNote: locked ?? roleRefusals.find(([, why]) => why !== null)?.[1] ?? null,
    // Another template than theirs (the probe is never stored): whether it may be changed, not what the new one brings.
    template: locked ?? refusal({ roleTemplateId: `${m.roleTemplateId}-other` }),
    teams: locked ?? refusal({ teamIds: [...m.teamIds, 'another-team'] }),
    // Only whether the flag itself may be given: what it brings with it is judged on save.
    crm: locked ?? judgeMember(actor, { before: bare, after: { ...bare, crmAccess: !m.crmAccess } })?.message ?? null,
    permissions: permissionLocks(actor),
    permissionsLocked: locked ?? (actor.can('users.edit') ? null : 'Changing permissions needs the “Edit users” permission.'),
  }
}

/**
 * The member page's Security section: which of the three actions it offers (judgeSecurity on each),
 * and the reasons worth telling when one is not offered (who may act on this member, or that their
 * two-factor also guards another workspace). A refusal that only restates the facts the section
 * shows (no two-factor, no open session) is left out.
 */
export type SecurityAbilities = Record<SecurityAction, boolean> & { notes: string[] }

export function securityAbilities(actor: Access, m: MemberState, facts: SecurityFacts): SecurityAbilities {
  const refusals = SECURITY_ACTIONS.map((a) => [a, judgeSecurity(actor, m, a, facts)] as const)
  const notes = [...new Set(refusals.flatMap(([, r]) => (r && r.code !== 'invalid' ? [r.message] : [])))]
  return { ...(Object.fromEntries(refusals.map(([a, r]) => [a, r === null])) as Record<SecurityAction, boolean>), notes }
}
