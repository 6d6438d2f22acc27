import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import type { BaseRole, MembershipStatus } from './access'
import { memberAbilities, memberFormPolicy, securityAbilities } from './abilities'
import { checkGrant, permissionLocks, prepareGrant } from './grants'
import {
  judgeMember,
  judgeSecurity,
  MEMBERS_ONLY,
  need,
  OWN_SECURITY,
  PUBLIC_ONLY,
  TWO_FACTOR_ELSEWHERE,
  type MemberChange,
  type MemberState,
  type SecurityFacts,
} from './rules'

const owner = makeAccess({ baseRole: 'OWNER', membershipId: 'owner-1' })
const admin = makeAccess({ baseRole: 'ADMIN', membershipId: 'admin-1' })
const editor = makeAccess({
  membershipId: 'member-1',
  crmAccess: false,
  directKeys: ['users.view', 'users.invite', 'users.edit', 'users.edit_status', 'users.delete', 'teams.view', 'teams.edit'],
})

/** A member of tenant-1 (the actors' workspace). */
const target = (membershipId: string, baseRole: BaseRole, status: MembershipStatus = 'ACTIVE', more: Partial<MemberState> = {}): MemberState => ({
  membershipId,
  tenantId: 'tenant-1',
  userId: `user-${membershipId}`,
  email: `${membershipId}@example.test`,
  baseRole,
  status,
  crmAccess: false,
  roleTemplateId: null,
  templateKeys: [],
  directKeys: [],
  teamIds: [],
  ...more,
})
const judge = (actor: Parameters<typeof judgeMember>[0], c: MemberChange, owners = 5) => judgeMember(actor, c, { activeOwners: owners })
const change = (t: MemberState, after: Partial<MemberState> | null): MemberChange => ({ before: t, after: after && { ...t, ...after } })

describe('checkGrant', () => {
  it('allows adding keys the actor holds', () => {
    expect(checkGrant(editor, [], ['users.view', 'teams.view'])).toBeNull()
  })

  it('refuses adding a key the actor lacks and names it', () => {
    const r = checkGrant(editor, ['users.view'], ['users.view', 'roles.view', 'audit.view'])
    expect(r).toEqual({ message: 'You can only grant permissions you hold yourself. Not held: roles.view, audit.view.', field: 'permissions' })
    expect(r!.field).toBe('permissions')
    expect(r!.message).toContain('roles.view')
    expect(r!.message).toContain('audit.view')
    expect(r!.message).not.toContain('users.view')
  })

  it('judges by role, not plan: an owner on a plan without Broadcasts may hand over its keys, a member without them may not', () => {
    const freeOwner = makeAccess({ baseRole: 'OWNER', enabledModules: ['contacts', 'inbox', 'settings', 'billing'] })
    expect(freeOwner.can('broadcasts.view')).toBe(false)
    expect(checkGrant(freeOwner, [], ['broadcasts.view'])).toBeNull()
    const freeEditor = makeAccess({ enabledModules: ['contacts', 'inbox', 'settings'], directKeys: ['users.view', 'broadcasts.view'] })
    expect(checkGrant(freeEditor, [], ['broadcasts.view'])).toBeNull()
    expect(checkGrant(freeEditor, [], ['broadcasts.send'])?.message).toContain('broadcasts.send')
    const freeAdmin = makeAccess({ baseRole: 'ADMIN', enabledModules: ['settings'] })
    expect(checkGrant(freeAdmin, [], ['billing.view'])?.message).toContain('Not held: billing.view')
  })

  it('allows keeping a key the actor lacks when it was already there', () => {
    expect(checkGrant(editor, ['billing.view', 'users.view'], ['billing.view', 'users.view'])).toBeNull()
  })

  it('allows removing keys, held or not', () => {
    expect(checkGrant(editor, ['billing.view', 'users.view', 'roles.view'], [])).toBeNull()
    expect(checkGrant(editor, ['billing.view', 'users.view'], ['billing.view'])).toBeNull()
  })

  it('refuses unknown keys', () => {
    const r = checkGrant(owner, [], ['contacts.teleport'])
    expect(r?.message).toContain('Unknown permission')
    expect(r?.message).toContain('contacts.teleport')
  })

  it('stops an admin granting billing, but not an owner', () => {
    expect(checkGrant(admin, [], ['billing.view'])?.message).toContain('billing.view')
    expect(checkGrant(owner, [], ['billing.view', 'billing.manage'])).toBeNull()
  })
})

describe('permissionLocks', () => {
  it('locks what the plan lacks, then what the actor does not hold, and nothing the actor holds', () => {
    const onPlan = makeAccess({ enabledModules: ['contacts', 'inbox', 'settings'], directKeys: ['users.view', 'users.edit'] })
    const locks = permissionLocks(onPlan)
    expect(locks['broadcasts.view']).toBe('not in your plan')
    expect(locks['roles.view']).toBe('you don’t hold this permission')
    expect(locks['users.view']).toBeUndefined()
    expect(locks['users.edit']).toBeUndefined()
    expect(Object.keys(permissionLocks(makeAccess({ baseRole: 'OWNER' })))).toEqual([])
  })
})

describe('prepareGrant', () => {
  it('returns the normalized set when allowed', () => {
    expect(prepareGrant(owner, [], ['broadcasts.publish'])).toEqual({ keys: ['broadcasts.view', 'broadcasts.create', 'broadcasts.publish'] })
  })

  it('refuses a key the catalog does not have (validated on every write)', () => {
    const r = prepareGrant(owner, [], ['broadcasts.publish', 'bogus.key'])
    expect('refusal' in r && r.refusal).toEqual({ message: 'Unknown permission "bogus.key".', field: 'permissions', code: 'invalid' })
  })

  it('refuses when a prerequisite it adds is not held by the actor', () => {
    const actor = makeAccess({ directKeys: ['roles.view', 'roles.assign'] }) // stored without users.view
    const r = prepareGrant(actor, [], ['roles.assign'])
    expect('refusal' in r && r.refusal.message).toContain('users.view')
  })

  it('refuses when the actor lacks a requested key', () => {
    const r = prepareGrant(editor, [], ['users.view', 'roles.view'])
    expect('refusal' in r).toBe(true)
  })
})

describe('judgeMember: standing', () => {
  const invite = (actor: Parameters<typeof judgeMember>[0], baseRole: BaseRole) =>
    judge(actor, { before: null, after: target('new', baseRole, 'INVITED'), linkIssued: true })

  it('lets anyone who may invite give MEMBER', () => {
    expect(invite(admin, 'MEMBER')).toBeNull()
    expect(invite(editor, 'MEMBER')).toBeNull()
  })

  it('stops an admin making admins or owners', () => {
    expect(invite(admin, 'ADMIN')?.message).toMatch(/an admin/)
    expect(invite(admin, 'OWNER')?.message).toMatch(/an owner/)
    expect(invite(admin, 'OWNER')?.field).toBe('baseRole')
  })

  it('lets an owner make admins and owners', () => {
    expect(invite(owner, 'ADMIN')).toBeNull()
    expect(invite(owner, 'OWNER')).toBeNull()
  })
})

describe('judgeMember: who may change whom', () => {
  it('refuses self delete, suspend and role change', () => {
    for (const actor of [owner, admin, editor]) {
      const self = target(actor.membershipId, actor.baseRole)
      expect(judge(actor, change(self, null))?.message).toMatch(/delete yourself/)
      expect(judge(actor, change(self, { status: 'SUSPENDED' }))?.message).toMatch(/suspend yourself/)
      const other: BaseRole = actor.baseRole === 'MEMBER' ? 'ADMIN' : 'MEMBER'
      expect(judge(actor, change(self, { baseRole: other }))?.message).toMatch(/own role/)
    }
  })

  it('allows self changes that demote, suspend or delete nothing', () => {
    expect(judge(owner, change(target('owner-1', 'OWNER'), { directKeys: [] }), 1)).toBeNull()
    expect(judge(owner, change(target('owner-1', 'OWNER'), { baseRole: 'OWNER', status: 'ACTIVE' }), 1)).toBeNull()
  })

  it('stops an admin changing an admin or an owner', () => {
    expect(judge(admin, change(target('admin-2', 'ADMIN'), { crmAccess: true }), 2)?.message).toMatch(/an admin/)
    expect(judge(admin, change(target('owner-2', 'OWNER'), { status: 'SUSPENDED' }), 2)?.message).toMatch(/an owner/)
    expect(judge(admin, change(target('admin-2', 'ADMIN'), null), 2)).not.toBeNull()
  })

  it('lets an admin change a member', () => {
    const m = target('member-9', 'MEMBER')
    expect(judge(admin, change(m, { directKeys: ['users.view'] }), 1)).toBeNull()
    expect(judge(admin, change(m, { status: 'SUSPENDED' }), 1)).toBeNull()
    expect(judge(admin, change(m, null), 1)).toBeNull()
  })

  it('stops an admin promoting a member to admin or owner', () => {
    expect(judge(admin, change(target('member-9', 'MEMBER'), { baseRole: 'ADMIN' }), 1)?.field).toBe('baseRole')
    expect(judge(admin, change(target('member-9', 'MEMBER'), { baseRole: 'OWNER' }), 1)).not.toBeNull()
  })

  it('stops a MEMBER with users.edit making someone an admin, or changing an admin', () => {
    expect(judge(editor, change(target('member-9', 'MEMBER'), { baseRole: 'ADMIN' }), 1)?.message).toMatch(/Only an owner/)
    expect(judge(editor, change(target('admin-1', 'ADMIN'), { crmAccess: true }), 1)).not.toBeNull()
  })

  it('lets an owner change admins and owners', () => {
    expect(judge(owner, change(target('admin-1', 'ADMIN'), { baseRole: 'MEMBER' }), 1)).toBeNull()
    expect(judge(owner, change(target('member-9', 'MEMBER'), { baseRole: 'OWNER' }), 1)).toBeNull()
  })

  it('protects the last active owner', () => {
    const last = target('owner-2', 'OWNER')
    for (const after of [{ baseRole: 'ADMIN' as const }, { status: 'SUSPENDED' as const }, null]) {
      expect(judge(owner, change(last, after), 1)?.message, JSON.stringify(after)).toMatch(/at least one active owner/)
      expect(judge(owner, change(last, after), 2), JSON.stringify(after)).toBeNull()
    }
  })

  it('does not count a suspended owner as the last active one', () => {
    expect(judge(owner, change(target('owner-2', 'OWNER', 'SUSPENDED'), null), 1)).toBeNull()
  })

  it('refuses a member changing their own teams, allows them others’, and owners and admins anything', () => {
    expect(judge(editor, change(target('someone-else', 'MEMBER'), { teamIds: ['t1'] }))).toBeNull()
    expect(judge(editor, change(target('member-1', 'MEMBER'), { teamIds: ['t1'] }))?.field).toBe('teamIds')
    expect(judge(admin, change(target('admin-1', 'ADMIN'), { teamIds: ['t1'] }))).toBeNull()
    expect(judge(owner, change(target('owner-1', 'OWNER'), { teamIds: ['t1'] }))).toBeNull()
  })

  it('refuses a member of another workspace, whatever the change', () => {
    expect(judge(owner, change(target('elsewhere', 'MEMBER', 'ACTIVE', { tenantId: 'tenant-2' }), { status: 'SUSPENDED' }))?.message).toMatch(
      /another workspace/,
    )
  })
})

describe('judgeMember: each kind of change needs its permission', () => {
  const viewer = makeAccess({ membershipId: 'viewer-1', directKeys: ['users.view'] })
  const m = target('member-9', 'MEMBER')
  it.each([
    ['suspend', change(m, { status: 'SUSPENDED' }), /Suspend and reactivate users/],
    ['delete', change(m, null), /Delete users/],
    ['role', change(m, { crmAccess: true }), /Edit users/],
    ['template', change(m, { roleTemplateId: 'tpl' }), /Assign role templates/],
    ['teams', change(m, { teamIds: ['t1'] }), /Edit teams/],
    ['invite', { before: null, after: target('new', 'MEMBER', 'INVITED'), linkIssued: true }, /Invite users/],
    ['resend', { before: target('inv', 'MEMBER', 'INVITED'), after: target('inv', 'MEMBER', 'INVITED'), linkIssued: true, linkVoided: true }, /Invite users/],
  ] as const)('%s', (_name, c, permission) => {
    expect(judge(viewer, c as MemberChange)?.message).toMatch(permission)
  })

  it('members join only by accepting an invitation; only an invitation can be accepted without signing in', () => {
    expect(judge(owner, { before: null, after: target('new', 'MEMBER', 'ACTIVE') })?.message).toMatch(/accepting an invitation/)
    const invited = target('inv', 'MEMBER', 'INVITED')
    expect(judge(owner, change(invited, { status: 'ACTIVE' }))?.message).toMatch(/not members yet/)
    expect(judgeMember(null, { before: invited, after: { ...invited, status: 'ACTIVE' }, accepted: true })).toBeNull()
    expect(judgeMember(null, { before: invited, after: { ...invited, status: 'ACTIVE', crmAccess: true }, accepted: true })).not.toBeNull()
    expect(judgeMember(null, change(target('m', 'MEMBER'), { status: 'SUSPENDED' }))).not.toBeNull()
  })

  it('role templates apply to members only', () => {
    expect(judge(owner, change(target('admin-1', 'ADMIN'), { roleTemplateId: 'tpl' }))?.message).toMatch(/members only/)
  })
})

describe('judgeMember: nobody gains what the actor does not hold', () => {
  const rich = { roleTemplateId: 'tpl-rich', roleTemplateName: 'Campaign manager', templateKeys: ['broadcasts.view', 'contacts.view.all_assigned'] }

  it('giving a template with a key the actor lacks is refused at the template field, naming it', () => {
    const assigner = makeAccess({ membershipId: 'assigner', directKeys: ['users.view', 'roles.view', 'roles.assign'] })
    expect(judge(editor, change(target('m', 'MEMBER'), rich))?.message).toMatch(/Assign role templates/)
    const r = judge(assigner, change(target('m', 'MEMBER'), rich))
    expect(r?.field).toBe('roleTemplateId')
    expect(r?.message).toMatch(/Campaign manager.*broadcasts\.view/)
    expect(judge(admin, change(target('m', 'MEMBER'), rich))).toBeNull()
  })

  it('#8 turning CRM access on hands over the contacts keys the member already has, so the actor must hold them', () => {
    const scoped = makeAccess({ membershipId: 'lead', directKeys: ['users.view', 'users.edit', 'contacts.view.own', 'contacts.view.team'] })
    const m = target('m', 'MEMBER', 'ACTIVE', { directKeys: ['contacts.view.all_assigned', 'contacts.view.unassigned'] })
    const r = judge(scoped, change(m, { crmAccess: true }))
    expect(r?.field).toBe('crmAccess')
    expect(r?.message).toMatch(/contacts\.view\.all_assigned, contacts\.view\.unassigned/)
    expect(judge(editor, change(target('m', 'MEMBER'), { crmAccess: true }))?.message).toMatch(/Only someone with CRM access/)
  })

  it('#8 reactivating a suspended member restores what they hold, so the actor must hold it', () => {
    const statusOnly = makeAccess({ membershipId: 'so', directKeys: ['users.view', 'users.edit_status'] })
    const suspended = target('s', 'MEMBER', 'SUSPENDED', rich)
    expect(judge(statusOnly, change(suspended, { status: 'ACTIVE' }))?.message).toMatch(/can’t reactivate .*broadcasts\.view/)
    expect(judge(statusOnly, change(target('s', 'MEMBER', 'SUSPENDED'), { status: 'ACTIVE' }))).toBeNull()
    expect(judge(admin, change(target('a', 'ADMIN', 'SUSPENDED'), { status: 'ACTIVE' }))?.message).toMatch(/Only an owner/)
  })

  it('#2 a new link or a corrected address hands the whole invitation over again', () => {
    const invited = target('inv', 'MEMBER', 'INVITED', { crmAccess: true, ...rich })
    expect(judge(editor, { before: invited, after: { ...invited, email: 'right@example.test' }, linkIssued: true })?.message).toMatch(/broadcasts\.view/)
    expect(judge(editor, { before: invited, after: invited, linkIssued: true, linkVoided: true })).not.toBeNull()
    const plain = target('inv2', 'MEMBER', 'INVITED', { templateKeys: ['users.view'] })
    expect(judge(editor, { before: plain, after: { ...plain, email: 'right@example.test' }, linkIssued: true })).toBeNull()
  })

  it('judges a member changed only through their template (it was edited) by what they gain', () => {
    const m = target('m', 'MEMBER', 'ACTIVE', { roleTemplateId: 'tpl', templateKeys: ['users.view'] })
    expect(judge(editor, { before: m, after: { ...m, templateKeys: ['users.view', 'broadcasts.view'] } })?.message).toMatch(/broadcasts\.view/)
    // An admin holding the template (from before a promotion) is not "changed by" the editor.
    const a = target('a', 'ADMIN', 'ACTIVE', { roleTemplateId: 'tpl', templateKeys: ['users.view'] })
    expect(judge(admin, { before: a, after: { ...a, templateKeys: [] } })).toBeNull()
  })
})

describe('judgeMember: clause by clause (each case decides one condition of the rule)', () => {
  const invited = target('inv', 'MEMBER', 'INVITED')
  const joined = { ...invited, status: 'ACTIVE' as const }

  it('an anonymous caller may accept their invitation and nothing else', () => {
    expect(judgeMember(null, { before: invited, after: joined, accepted: true })).toBeNull()
    const refused = [
      { before: invited, after: joined }, // not through the link
      { before: invited, after: joined, accepted: true, linkIssued: true }, // and a new link
      { before: null, after: joined, accepted: true }, // a membership out of nothing
      { before: target('s', 'MEMBER', 'SUSPENDED'), after: target('s', 'MEMBER', 'ACTIVE'), accepted: true }, // not an invitation
      { before: invited, after: { ...invited }, accepted: true }, // still invited
      { before: invited, after: { ...joined, baseRole: 'ADMIN' as const }, accepted: true },
      { before: invited, after: { ...joined, roleTemplateId: 'tpl' }, accepted: true },
      { before: invited, after: { ...joined, directKeys: ['users.view'] }, accepted: true },
      { before: invited, after: { ...joined, teamIds: ['t1'] }, accepted: true },
      { before: invited, after: { ...joined, email: 'other@example.test' }, accepted: true },
    ]
    for (const c of refused) expect(judgeMember(null, c)?.message).toBe('Only an invitation can be accepted without signing in.')
  })

  it('a change only through an edited template is judged on its gain, unless the caller asked for the shallow check', () => {
    const m = target('m', 'MEMBER', 'ACTIVE', { roleTemplateId: 'tpl', templateKeys: [] })
    const edited = { before: m, after: { ...m, templateKeys: ['broadcasts.view'] } }
    expect(judge(editor, edited)?.message).toContain('broadcasts.view')
    expect(judgeMember(editor, edited, { shallow: true })).toBeNull()
  })

  it('a refusal names the permission by its label, a scoped leaf by its own; an anonymous caller holds none', () => {
    const viewer = makeAccess({ membershipId: 'viewer-1', directKeys: ['users.view'] })
    expect(need(viewer, 'users.invite', 'Inviting someone')).toEqual({ message: 'Inviting someone needs the “Invite users” permission.', field: undefined })
    expect(need(viewer, 'contacts.view.all_assigned', 'Seeing them', 'x')?.message).toMatch(/^Seeing them needs the “.+” permission\.$/)
    expect(need(viewer, 'contacts.view.all_assigned', 'Seeing them')?.message).not.toContain('contacts.view.all_assigned')
    expect(need(null, 'users.view', 'Looking')).toBe(PUBLIC_ONLY)
    expect(need(viewer, 'users.view', 'Looking')).toBeNull()
  })

  it('inviting and deleting a team are refused in their own words', () => {
    const viewer = makeAccess({ membershipId: 'viewer-1', directKeys: ['users.view'] })
    expect(judge(viewer, { before: null, after: invited, linkIssued: true })?.message).toBe('Inviting someone needs the “Invite users” permission.')
    const m = target('m', 'MEMBER', 'ACTIVE', { teamIds: ['t1'] })
    expect(judge(viewer, { ...change(m, { teamIds: [] }), teamsDeleted: ['t1'] })?.message).toBe('Deleting a team needs the “Delete teams” permission.')
  })

  it('names the self-refusals and the field they concern', () => {
    const self = target('member-1', 'MEMBER')
    expect(judge(editor, change(self, { teamIds: ['t1'] }))).toEqual({
      message: 'You can’t change your own teams: they decide which records you see. Ask an admin.',
      field: 'teamIds',
    })
    expect(judge(owner, change(target('owner-1', 'OWNER'), { baseRole: 'ADMIN' }))).toEqual({ message: 'You cannot change your own role.', field: 'baseRole' })
    // Only leaving ACTIVE is suspending: a (hypothetical) change of one's own status from SUSPENDED is judged by its permission.
    const statusless = makeAccess({ membershipId: 'me', directKeys: ['users.view'] })
    expect(judge(statusless, change(target('me', 'MEMBER', 'SUSPENDED'), { status: 'ACTIVE' }))?.message).toBe(
      'Reactivating a member needs the “Suspend and reactivate users” permission.',
    )
  })

  it('an owner or admin changed only in their teams is left to whoever may edit teams', () => {
    const teamsOnly = makeAccess({ membershipId: 'lead', directKeys: ['teams.view', 'teams.edit'] })
    expect(judge(teamsOnly, change(target('a', 'ADMIN'), { teamIds: ['t1'] }))).toBeNull()
    expect(judge(teamsOnly, change(target('a', 'ADMIN'), { teamIds: ['t1'], crmAccess: false, status: 'SUSPENDED' }))?.message).toBe(
      'Only an owner can change an admin.',
    )
    expect(judge(teamsOnly, change(target('o', 'OWNER'), { email: 'x@example.test', teamIds: ['t1'] }))?.message).toBe('Only an owner can change an owner.')
  })

  it('revoking an invitation needs Invite users or Delete users; deleting a member needs Delete users', () => {
    const inviter = makeAccess({ membershipId: 'i', directKeys: ['users.view', 'users.invite'] })
    const deleter = makeAccess({ membershipId: 'd', directKeys: ['users.view', 'users.delete'] })
    expect(judge(inviter, change(invited, null))).toBeNull()
    expect(judge(deleter, change(invited, null))).toBeNull()
    expect(judge(inviter, change(target('m', 'MEMBER'), null))?.message).toBe('Deleting a member needs the “Delete users” permission.')
    expect(judge(deleter, change(target('m', 'MEMBER'), null))).toBeNull()
  })

  it('says what each refused kind of change was, at its field', () => {
    const viewer = makeAccess({ membershipId: 'viewer-1', directKeys: ['users.view'] })
    const m = target('m', 'MEMBER')
    expect(judge(viewer, change(m, { status: 'SUSPENDED' }))?.message).toBe('Suspending a member needs the “Suspend and reactivate users” permission.')
    expect(judge(viewer, change(target('s', 'MEMBER', 'SUSPENDED'), { status: 'ACTIVE' }))?.message).toBe(
      'Reactivating a member needs the “Suspend and reactivate users” permission.',
    )
    expect(judge(owner, change(m, { status: 'INVITED' }))?.message).toBe('Invited people are not members yet: resend or revoke their invitation instead.')
    expect(judge(viewer, change(m, { baseRole: 'ADMIN' }))).toEqual({
      message: 'Changing a member’s role needs the “Edit users” permission.',
      field: 'baseRole',
    })
    expect(judge(viewer, change(m, { crmAccess: true }))).toEqual({ message: 'Changing CRM access needs the “Edit users” permission.', field: 'crmAccess' })
    expect(judge(viewer, change(m, { directKeys: ['users.view'] }))).toEqual({
      message: 'Changing a member’s permissions needs the “Edit users” permission.',
      field: 'permissions',
    })
    expect(judge(viewer, change(m, { roleTemplateId: 'tpl' }))).toEqual({
      message: 'Changing the role template needs the “Assign role templates” permission.',
      field: 'roleTemplateId',
    })
    expect(judge(viewer, change(m, { teamIds: ['t1'] }))).toEqual({ message: 'Changing teams needs the “Edit teams” permission.', field: 'teamIds' })
    expect(judge(viewer, change(invited, { email: 'right@example.test' }))).toEqual({
      message: 'Correcting an invitation’s address needs the “Invite users” permission.',
      field: 'email',
    })
    expect(judge(owner, change(m, { email: 'new@example.test' }))).toEqual({
      message: 'Only an invited person’s address can be corrected; members sign in with their own.',
      field: 'email',
      code: 'invalid',
    })
    expect(judge(viewer, { before: invited, after: invited, linkVoided: true })?.message).toBe(
      'Sending or voiding an invitation link needs the “Invite users” permission.',
    )
    expect(judge(viewer, { before: invited, after: invited, linkIssued: true })?.message).toBe(
      'Sending or voiding an invitation link needs the “Invite users” permission.',
    )
  })

  it('a role template that went with its role needs Delete roles; one changed needs Assign roles', () => {
    const deleter = makeAccess({ membershipId: 'd', directKeys: ['roles.view', 'roles.delete'] })
    const assigner = makeAccess({ membershipId: 'a', directKeys: ['roles.view', 'roles.assign'] })
    const m = target('m', 'MEMBER', 'ACTIVE', { roleTemplateId: 'tpl' })
    const gone = { ...change(m, { roleTemplateId: null }), templateDeleted: true }
    expect(judge(deleter, gone)).toBeNull()
    expect(judge(assigner, gone)?.message).toBe('Deleting a role template needs the “Delete role templates” permission.')
    expect(judge(deleter, change(m, { roleTemplateId: null }))?.message).toBe('Changing the role template needs the “Assign role templates” permission.')
    expect(judge(deleter, { ...change(m, { roleTemplateId: 'other' }), templateDeleted: true })?.message).toBe(
      'Changing the role template needs the “Assign role templates” permission.',
    )
  })

  it('teams that left because they were deleted need Delete teams; any other change of teams needs Edit teams', () => {
    const deleter = makeAccess({ membershipId: 'd', directKeys: ['teams.view', 'teams.delete'] })
    const m = target('m', 'MEMBER', 'ACTIVE', { teamIds: ['t1', 't2'] })
    expect(judge(deleter, { ...change(m, { teamIds: ['t2'] }), teamsDeleted: ['t1'] })).toBeNull()
    expect(judge(deleter, { ...change(m, { teamIds: ['t2'] }), teamsDeleted: ['t9'] })?.message).toBe('Changing teams needs the “Edit teams” permission.')
    expect(judge(deleter, { ...change(m, { teamIds: ['t2', 't3'] }), teamsDeleted: ['t1'] })?.message).toBe('Changing teams needs the “Edit teams” permission.')
    expect(judge(deleter, change(m, { teamIds: ['t2'] }))?.message).toBe('Changing teams needs the “Edit teams” permission.')
  })

  it('the last active owner stays: not deleted, suspended or demoted; another owner, or a suspended one, may go', () => {
    const o = target('o2', 'OWNER')
    for (const c of [change(o, null), change(o, { status: 'SUSPENDED' }), change(o, { baseRole: 'ADMIN' })]) {
      expect(judge(owner, c, 1)?.message).toBe('A workspace needs at least one active owner. Make someone else an owner first.')
      expect(judge(owner, c, 2)).toBeNull()
    }
    expect(judge(owner, change(target('o3', 'OWNER', 'SUSPENDED'), null), 1)).toBeNull()
    expect(judge(owner, change(o, { crmAccess: false, teamIds: ['t1'] }), 1)).toBeNull()
  })
})

describe('judgeMember: the refusal of a gain points at its cause', () => {
  const rich = { roleTemplateId: 'tpl-rich', roleTemplateName: 'Campaign manager', templateKeys: ['broadcasts.view'] }
  const assigner = makeAccess({ membershipId: 'assigner', directKeys: ['users.view', 'users.edit', 'users.invite', 'roles.view', 'roles.assign'] })

  it('a template the member newly gets: at the template field, by name (or “this role template”)', () => {
    const r = judge(assigner, change(target('m', 'MEMBER'), rich))
    expect(r).toEqual({ message: 'You can’t give Campaign manager: it includes permissions you don’t hold (broadcasts.view).', field: 'roleTemplateId' })
    const unnamed = judge(assigner, change(target('m', 'MEMBER'), { ...rich, roleTemplateName: undefined }))
    expect(unnamed?.message).toBe('You can’t give this role template: it includes permissions you don’t hold (broadcasts.view).')
  })

  it('a key given directly, even with a template holding it, is a grant: at the permissions field', () => {
    const m = target('m', 'MEMBER')
    expect(judge(assigner, change(m, { directKeys: ['broadcasts.view'] }))).toEqual({
      message: 'You can only grant permissions you hold yourself. Not held: broadcasts.view.',
      field: 'permissions',
    })
    expect(judge(assigner, change(m, { ...rich, directKeys: ['broadcasts.view'] }))?.field).toBe('permissions')
    // The template already gave them the key: the same key given directly gains nothing.
    const had = target('m', 'MEMBER', 'ACTIVE', rich)
    expect(judge(assigner, change(had, { directKeys: ['broadcasts.view'] }))).toBeNull()
  })

  it('an invitation: a new person gets the template (template field); a new link or address hands it over (no field)', () => {
    expect(judge(assigner, { before: null, after: target('new', 'MEMBER', 'INVITED', rich), linkIssued: true })?.field).toBe('roleTemplateId')
    const inv = target('inv', 'MEMBER', 'INVITED', { directKeys: ['broadcasts.view'] })
    expect(judge(assigner, { before: inv, after: inv, linkIssued: true, linkVoided: true })).toEqual({
      message: 'You can’t send inv@example.test an invitation link: it grants permissions you don’t hold (broadcasts.view).',
    })
    expect(judge(assigner, change(inv, { email: 'right@example.test' }))?.message).toBe(
      'You can’t send right@example.test an invitation link: it grants permissions you don’t hold (broadcasts.view).',
    )
  })

  it('a new person given a template and a key directly: the direct key is the grant refused', () => {
    const fresh = target('new', 'MEMBER', 'INVITED', { ...rich, directKeys: ['audit.view'] })
    expect(judge(assigner, { before: null, after: fresh, linkIssued: true })?.field).toBe('permissions')
  })

  it('a template given together with CRM access: the refusal points at the template', () => {
    const m = target('m', 'MEMBER', 'ACTIVE', { directKeys: ['contacts.view.all_assigned'] })
    expect(judge(assigner, change(m, { ...rich, crmAccess: true }))?.field).toBe('roleTemplateId')
  })

  it('a contacts key granted directly, CRM unchanged, is a grant, not a CRM refusal', () => {
    const crm = makeAccess({ membershipId: 'crm', directKeys: ['users.view', 'users.edit', 'contacts.view.own'] })
    const m = target('m', 'MEMBER', 'ACTIVE', { crmAccess: true })
    expect(judge(crm, change(m, { directKeys: ['contacts.view.all_assigned'] }))?.field).toBe('permissions')
  })

  it('CRM access turned on: at the CRM field when every missing key is a contacts key', () => {
    const lead = makeAccess({ membershipId: 'lead', directKeys: ['users.view', 'users.edit', 'contacts.view.own'] })
    const m = target('m', 'MEMBER', 'ACTIVE', { directKeys: ['contacts.view.all_assigned'] })
    expect(judge(lead, change(m, { crmAccess: true }))).toEqual({
      message: 'Turning on CRM access would give m@example.test permissions you don’t hold (contacts.view.all_assigned).',
      field: 'crmAccess',
    })
    // With a non-contacts key gained too, it is a grant.
    expect(judge(lead, change(m, { crmAccess: true, directKeys: ['contacts.view.all_assigned', 'broadcasts.view'] }))?.field).toBe('permissions')
  })
})

describe('memberAbilities', () => {
  it('answers what the row menu offers, from the same rules', () => {
    expect(memberAbilities(admin, target('m', 'MEMBER'))).toMatchObject({ suspend: true, delete: true, reactivate: false, resend: false })
    expect(memberAbilities(admin, target('a2', 'ADMIN'))).toMatchObject({ suspend: false, delete: false, edit: false })
    expect(memberAbilities(admin, target('admin-1', 'ADMIN'))).toMatchObject({ suspend: false, delete: false })
    expect(memberAbilities(editor, target('inv', 'MEMBER', 'INVITED'))).toMatchObject({ resend: true, revoke: true, delete: false })
    expect(memberAbilities(editor, target('inv', 'ADMIN', 'INVITED'))).toMatchObject({ resend: false, revoke: false })
  })
})

describe('memberAbilities: every control, each way', () => {
  const viewer = makeAccess({ membershipId: 'viewer-1', directKeys: ['users.view'] })
  const all = (v: boolean) => ({ edit: v, suspend: v, reactivate: v, delete: v, resend: v, revoke: v })

  it('an active member: an admin may edit, suspend and delete; nothing else applies', () => {
    expect(memberAbilities(admin, target('m', 'MEMBER'))).toEqual({ ...all(false), edit: true, suspend: true, delete: true })
  })

  it('a suspended member: reactivate instead of suspend', () => {
    expect(memberAbilities(admin, target('s', 'MEMBER', 'SUSPENDED'))).toEqual({ ...all(false), edit: true, reactivate: true, delete: true })
  })

  it('an invited member: resend and revoke, not delete or suspend', () => {
    expect(memberAbilities(admin, target('inv', 'MEMBER', 'INVITED'))).toEqual({ ...all(false), edit: true, resend: true, revoke: true })
    const deleter = makeAccess({ membershipId: 'd', directKeys: ['users.view', 'users.delete'] })
    expect(memberAbilities(deleter, target('inv', 'MEMBER', 'INVITED'))).toEqual(all(false))
  })

  it('someone who may only suspend and reactivate: those two, not delete', () => {
    const statusOnly = makeAccess({ membershipId: 'so', directKeys: ['users.view', 'users.edit_status'] })
    expect(memberAbilities(statusOnly, target('m', 'MEMBER'))).toEqual({ ...all(false), suspend: true })
    expect(memberAbilities(statusOnly, target('s', 'MEMBER', 'SUSPENDED'))).toEqual({ ...all(false), reactivate: true })
  })

  it('someone who may only view gets nothing', () => {
    expect(memberAbilities(viewer, target('m', 'MEMBER'))).toEqual(all(false))
    expect(memberAbilities(viewer, target('s', 'MEMBER', 'SUSPENDED'))).toEqual(all(false))
  })

  it('shallow (a table row): what the member would gain is left to the server', () => {
    const statusOnly = makeAccess({ membershipId: 'so', directKeys: ['users.view', 'users.edit_status'] })
    const rich = target('s', 'MEMBER', 'SUSPENDED', { directKeys: ['broadcasts.view'] })
    expect(memberAbilities(statusOnly, rich).reactivate).toBe(false)
    expect(memberAbilities(statusOnly, rich, { shallow: true }).reactivate).toBe(true)
  })
})

describe('memberFormPolicy', () => {
  it('an admin on a member: everything open but the owner role, with the reason', () => {
    const p = memberFormPolicy(admin, target('m', 'MEMBER', 'ACTIVE', { teamIds: ['t1'] }))
    expect(p).toMatchObject({
      locked: null,
      roles: { OWNER: false, ADMIN: false, MEMBER: true },
      roleNote: 'Only an owner can make someone an owner.',
      template: null,
      teams: null,
      crm: null,
      permissionsLocked: null,
    })
    expect(p.permissions['billing.view']).toBe('you don’t hold this permission')
  })

  it('an owner may choose every role; the member’s own role is always “may”', () => {
    expect(memberFormPolicy(owner, target('a', 'ADMIN')).roles).toEqual({ OWNER: true, ADMIN: true, MEMBER: true })
    expect(memberFormPolicy(owner, target('a', 'ADMIN')).roleNote).toBeNull()
  })

  it('locked for whoever may change nothing here, with the reason everywhere', () => {
    const viewer = makeAccess({ membershipId: 'viewer-1', directKeys: ['users.view'] })
    const p = memberFormPolicy(viewer, target('m', 'MEMBER'))
    const why = 'You can view this member but not change them.'
    expect(p).toMatchObject({ locked: why, roleNote: why, template: why, teams: why, crm: why, permissionsLocked: why })
    expect(p.roles).toEqual({ OWNER: false, ADMIN: false, MEMBER: false })
    expect(memberFormPolicy(admin, target('o', 'OWNER')).locked).toBe('Only an owner can change an owner.')
  })

  it('each part says why it is closed to an actor who may change the member in other ways', () => {
    const teamsOnly = makeAccess({ membershipId: 'lead', directKeys: ['users.view', 'teams.view', 'teams.edit'] })
    const p = memberFormPolicy(teamsOnly, target('m', 'MEMBER'))
    expect(p).toMatchObject({
      locked: null,
      roles: { OWNER: false, ADMIN: false, MEMBER: true },
      template: 'Changing the role template needs the “Assign role templates” permission.',
      teams: null,
      crm: 'Changing CRM access needs the “Edit users” permission.',
      permissionsLocked: 'Changing permissions needs the “Edit users” permission.',
    })
    expect(p.roleNote).toBe('Changing a member’s role needs the “Edit users” permission.')
    const assigner = makeAccess({ membershipId: 'as', directKeys: ['users.view', 'roles.view', 'roles.assign'] })
    expect(memberFormPolicy(assigner, target('m', 'MEMBER', 'ACTIVE', { roleTemplateId: 'tpl' })).template).toBeNull()
    expect(memberFormPolicy(assigner, target('m', 'MEMBER')).teams).toBe('Changing teams needs the “Edit teams” permission.')
  })

  it('CRM: only whether the flag may be given, whatever it brings; switching it off is judged the same way', () => {
    const noCrm = makeAccess({ membershipId: 'e', crmAccess: false, directKeys: ['users.view', 'users.edit'] })
    expect(memberFormPolicy(noCrm, target('m', 'MEMBER')).crm).toBe('Only someone with CRM access can give it.')
    expect(memberFormPolicy(noCrm, target('m', 'MEMBER', 'ACTIVE', { crmAccess: true })).crm).toBeNull()
    const withCrm = makeAccess({ membershipId: 'e2', directKeys: ['users.view', 'users.edit'] })
    expect(memberFormPolicy(withCrm, target('m', 'MEMBER', 'ACTIVE', { directKeys: ['contacts.view.all_assigned'] })).crm).toBeNull()
  })
})

describe('memberAbilities and memberFormPolicy: the probes decide', () => {
  it('resending a link hands the invitee’s whole access over again: refused to an inviter who lacks part of it', () => {
    const invitee = target('inv', 'MEMBER', 'INVITED', { directKeys: ['audit.view'] })
    expect(memberAbilities(editor, invitee)).toMatchObject({ resend: false, revoke: true })
    expect(memberAbilities(editor, target('inv', 'MEMBER', 'INVITED', { directKeys: ['users.view'] }))).toMatchObject({ resend: true, revoke: true })
  })

  it('an owner on themselves: their own role is “may”, the others are closed with the reason', () => {
    const p = memberFormPolicy(owner, target('owner-1', 'OWNER'))
    expect(p.roles).toEqual({ OWNER: true, ADMIN: false, MEMBER: false })
    expect(p.roleNote).toBe('You cannot change your own role.')
  })

  it('a role template is offered for members only, whatever template they have now', () => {
    expect(memberFormPolicy(owner, target('a', 'ADMIN')).template).toBe(MEMBERS_ONLY.message)
    expect(memberFormPolicy(owner, target('m', 'MEMBER')).template).toBeNull()
    expect(memberFormPolicy(owner, target('m', 'MEMBER', 'ACTIVE', { roleTemplateId: 'tpl' })).template).toBeNull()
  })
})

describe('judgeSecurity: a member’s sign-in security', () => {
  const facts: SecurityFacts = { hasPassword: true, twoFactor: true, workspaces: 1, openSessions: 2 }
  const ACTIONS = ['password_reset', 'two_factor_reset', 'end_sessions'] as const
  const securer = makeAccess({ membershipId: 's', crmAccess: false, directKeys: ['users.view', 'users.security'] })
  const plain = target('m', 'MEMBER')

  it('an owner may take every action on an admin, a member or another owner; an admin on a member', () => {
    for (const a of ACTIONS) {
      for (const t of [target('a', 'ADMIN'), plain, target('o2', 'OWNER')]) expect(judgeSecurity(owner, t, a, facts), `${a} on ${t.baseRole}`).toBeNull()
      expect(judgeSecurity(admin, plain, a, facts), a).toBeNull()
      expect(judgeSecurity(securer, plain, a, facts), a).toBeNull()
    }
  })

  it('only an owner acts on an owner or an admin', () => {
    for (const a of ACTIONS) {
      expect(judgeSecurity(admin, target('o', 'OWNER'), a, facts)?.message).toBe('Only an owner can change an owner.')
      expect(judgeSecurity(admin, target('a2', 'ADMIN'), a, facts)?.message).toBe('Only an owner can change an admin.')
    }
  })

  it('nobody uses them on themselves, owners included: the profile is the way', () => {
    for (const a of ACTIONS) {
      expect(judgeSecurity(owner, target('owner-1', 'OWNER'), a, facts)).toEqual(OWN_SECURITY)
      expect(judgeSecurity(securer, target('s', 'MEMBER', 'ACTIVE', { directKeys: ['users.view', 'users.security'] }), a, facts)).toEqual(OWN_SECURITY)
    }
  })

  it('needs “Edit user security settings”, and the member in the actor’s workspace', () => {
    for (const a of ACTIONS) {
      expect(judgeSecurity(editor, plain, a, facts)?.message).toBe('Acting on a member’s sign-in security needs the “Edit user security settings” permission.')
      expect(judgeSecurity(owner, { ...plain, tenantId: 'tenant-2' }, a, facts)?.message).toBe('That member belongs to another workspace.')
    }
  })

  it('refuses a member holding access the actor lacks, suspended or not', () => {
    const rich = (status: MembershipStatus) => target('r', 'MEMBER', status, { directKeys: ['users.view', 'billing.view'] })
    for (const a of ['two_factor_reset', 'end_sessions'] as const) {
      for (const status of ['ACTIVE', 'SUSPENDED'] as const) {
        expect(judgeSecurity(securer, rich(status), a, facts)?.message).toBe(
          'You can’t act on the sign-in security of r@example.test: they hold access you don’t (billing.view).',
        )
      }
      // An admin holds every permission but billing's, which only owners hold by role.
      expect(judgeSecurity(admin, rich('ACTIVE'), a, facts)?.message).toContain('(billing.view)')
      expect(judgeSecurity(owner, rich('ACTIVE'), a, facts)).toBeNull()
      expect(judgeSecurity(securer, target('c', 'MEMBER', 'ACTIVE', { crmAccess: true }), a, facts)?.message).toContain('(CRM access)')
    }
  })

  it('nothing for an invited person: they have not joined', () => {
    for (const a of ACTIONS) expect(judgeSecurity(owner, target('i', 'MEMBER', 'INVITED'), a, facts)).toMatchObject({ code: 'invalid' })
  })

  it('a reset link only to an active member with a password', () => {
    expect(judgeSecurity(owner, target('x', 'MEMBER', 'SUSPENDED'), 'password_reset', facts)?.message).toMatch(/reactivate them/)
    expect(judgeSecurity(owner, plain, 'password_reset', { ...facts, hasPassword: false })).toMatchObject({ code: 'invalid' })
    // Whatever other workspaces they belong to: the link only goes to their own inbox.
    expect(judgeSecurity(owner, plain, 'password_reset', { ...facts, workspaces: 3 })).toBeNull()
  })

  it('resets two-factor only when they have it, and only through their one workspace', () => {
    expect(judgeSecurity(owner, plain, 'two_factor_reset', { ...facts, twoFactor: false })).toEqual({
      message: 'm@example.test does not use two-factor sign-in.',
      code: 'invalid',
    })
    expect(judgeSecurity(owner, plain, 'two_factor_reset', { ...facts, workspaces: 2 })).toEqual(TWO_FACTOR_ELSEWHERE)
    expect(judgeSecurity(owner, target('x', 'MEMBER', 'SUSPENDED'), 'two_factor_reset', facts)).toBeNull()
  })

  it('ends sessions when some are open, whatever other workspaces they belong to', () => {
    expect(judgeSecurity(owner, plain, 'end_sessions', { ...facts, openSessions: 0 })).toMatchObject({ code: 'invalid' })
    expect(judgeSecurity(owner, plain, 'end_sessions', { ...facts, workspaces: 4 })).toBeNull()
  })

  it('securityAbilities offers what the rules allow, with the reasons worth telling', () => {
    expect(securityAbilities(owner, plain, facts)).toEqual({ password_reset: true, two_factor_reset: true, end_sessions: true, notes: [] })
    expect(securityAbilities(admin, target('o', 'OWNER'), facts)).toEqual({
      password_reset: false,
      two_factor_reset: false,
      end_sessions: false,
      notes: ['Only an owner can change an owner.'],
    })
    // Facts the section shows anyway (no two-factor, no session) are not repeated as notes.
    expect(securityAbilities(owner, plain, { ...facts, twoFactor: false, openSessions: 0 })).toEqual({
      password_reset: true,
      two_factor_reset: false,
      end_sessions: false,
      notes: [],
    })
    expect(securityAbilities(owner, plain, { ...facts, workspaces: 2 })).toEqual({
      password_reset: true,
      two_factor_reset: false,
      end_sessions: true,
      notes: [TWO_FACTOR_ELSEWHERE.message],
    })
  })
})
