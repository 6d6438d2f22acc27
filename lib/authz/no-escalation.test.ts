import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import { del, ins, member, memoryWorld, TENANT, UNREAD, upd, user, type Tables } from '@/tests/unit/world'
import type { ChangeEntry } from '@/lib/db/access-changes'
import type { Access } from './access'
import { checkChange } from './no-escalation'
import { EMAIL_ELSEWHERE, LAST_OWNER, PUBLIC_ONLY } from './rules'

// The gate's last word on a change, on hand-built logs and the rows after them: which members a
// log touches, how it reads them back, and each part of the check. The integration suites run the
// same function on what real actions did (tests/integration/no-escalation.test.ts, holes, escalation).

const judge = (actor: Access | null, log: ChangeEntry[], tables: Tables) => checkChange(actor, log, memoryWorld(tables))
const actor = (...keys: string[]) => makeAccess({ membershipId: 'actor', directKeys: keys })
const owner = makeAccess({ baseRole: 'OWNER', membershipId: 'actor' })
const needs = (doing: string, label: string, field?: string) => ({ message: `${doing} needs the “${label}” permission.`, ...(field && { field }) })

describe('checkChange: members', () => {
  it('an empty log is allowed without reading anything', async () => {
    expect(await checkChange(null, [], UNREAD)).toBeNull()
    expect(await checkChange(owner, [], UNREAD)).toBeNull()
  })

  it('judges a member’s row as it was and is: suspending needs its permission', async () => {
    const log = [upd('Membership', member('m'), member('m', { status: 'SUSPENDED' }))]
    const tables = { Membership: [member('m', { status: 'SUSPENDED' })], User: [user('m')] }
    expect(await judge(actor('users.view', 'users.edit_status'), log, tables)).toBeNull()
    expect(await judge(actor('users.view'), log, tables)).toEqual(needs('Suspending a member', 'Suspend and reactivate users'))
  })

  it('a key granted directly is judged on the member: only what the actor holds', async () => {
    const log = [ins('MembershipPermission', { membershipId: 'm', key: 'audit.view' })]
    const tables = { Membership: [member('m')], User: [user('m')], MembershipPermission: [{ membershipId: 'm', key: 'audit.view' }] }
    expect(await judge(actor('users.view', 'users.edit'), log, tables)).toEqual({
      message: 'You can only grant permissions you hold yourself. Not held: audit.view.',
      field: 'permissions',
    })
    expect(await judge(actor('users.view', 'users.edit', 'audit.view'), log, tables)).toBeNull()
  })

  it('a key kept from before is not a gain; a team joined is judged as a team change', async () => {
    const log = [ins('TeamMember', { teamId: 't1', membershipId: 'm' })]
    const tables = {
      Membership: [member('m')],
      User: [user('m')],
      MembershipPermission: [{ membershipId: 'm', key: 'audit.view' }],
      TeamMember: [{ teamId: 't1', membershipId: 'm' }],
    }
    expect(await judge(actor('users.view', 'teams.view', 'teams.edit'), log, tables)).toBeNull()
    expect(await judge(actor('users.view'), log, tables)).toEqual(needs('Changing teams', 'Edit teams', 'teamIds'))
  })

  it('finds the members of a changed user row: an invitation’s address corrected', async () => {
    const inv = member('inv', { status: 'INVITED' })
    const log = [upd('User', { id: 'u-inv', email: 'old@example.test' }, { id: 'u-inv', email: 'new@example.test' })]
    const tables = { Membership: [inv], User: [{ id: 'u-inv', email: 'new@example.test' }] }
    expect(await judge(actor('users.view', 'users.invite'), log, tables)).toBeNull()
    expect(await judge(actor('users.view'), log, tables)).toEqual(needs('Correcting an invitation’s address', 'Invite users', 'email'))
  })

  it('finds the members of a changed role template (here one of another workspace, which is refused)', async () => {
    const log = [ins('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'users.view' })]
    const tables = {
      Membership: [member('m', { roleTemplateId: 'tpl', tenantId: 'tenant-2' })],
      RoleTemplate: [{ id: 'tpl', tenantId: TENANT }],
      RoleTemplatePermission: [{ roleTemplateId: 'tpl', key: 'users.view' }],
    }
    expect(await judge(actor('users.view', 'roles.view', 'roles.edit'), log, tables)).toEqual({ message: 'That member belongs to another workspace.' })
    expect(await judge(actor('users.view', 'roles.view', 'roles.edit'), log, { ...tables, Membership: [] })).toBeNull()
  })

  it('an invitation link issued hands the invitee’s access over: the inviter must hold it', async () => {
    const inv = member('inv', { status: 'INVITED' })
    const log = [ins('Invitation', { membershipId: 'inv', revokedAt: null, acceptedAt: null })]
    const tables = { Membership: [inv], User: [user('inv')], MembershipPermission: [{ membershipId: 'inv', key: 'audit.view' }] }
    expect(await judge(actor('users.view', 'users.invite'), log, tables)).toEqual({
      message: 'You can’t send inv@example.test an invitation link: it grants permissions you don’t hold (audit.view).',
    })
    expect(await judge(actor('users.view', 'users.invite', 'audit.view'), log, tables)).toBeNull()
    expect(await judge(actor('users.view', 'audit.view'), log, tables)).toEqual(needs('Sending or voiding an invitation link', 'Invite users'))
    // Another member's link is not theirs.
    expect(await judge(actor('users.view'), [ins('Invitation', { membershipId: 'other', revokedAt: null, acceptedAt: null })], tables)).toBeNull()
  })

  it('a link voided needs the invite permission; one already revoked or accepted was not voided now', async () => {
    const inv = member('inv', { status: 'INVITED' })
    const tables = { Membership: [inv], User: [user('inv')] }
    const open = { membershipId: 'inv', revokedAt: null, acceptedAt: null }
    const voided = upd('Invitation', open, { ...open, revokedAt: '2026-01-02' })
    expect(await judge(actor('users.view'), [voided], tables)).toEqual(needs('Sending or voiding an invitation link', 'Invite users'))
    expect(await judge(actor('users.view', 'users.invite'), [voided], tables)).toBeNull()
    const again = upd('Invitation', { ...open, revokedAt: '2026-01-01' }, { ...open, revokedAt: '2026-01-02' })
    expect(await judge(actor('users.view'), [again], tables)).toBeNull()
    const used = upd('Invitation', { ...open, acceptedAt: '2026-01-01' }, { ...open, acceptedAt: '2026-01-01', revokedAt: '2026-01-02' })
    expect(await judge(actor('users.view'), [used], tables)).toBeNull()
  })

  it('an anonymous caller may accept their invitation, and only with it', async () => {
    const before = member('inv', { status: 'INVITED' })
    const after = member('inv')
    const tables = { Membership: [after], User: [user('inv')] }
    const joined = upd('Membership', before, after)
    const link = { membershipId: 'inv', revokedAt: null, acceptedAt: null }
    const accepted = upd('Invitation', link, { ...link, acceptedAt: '2026-01-02' })
    expect(await judge(null, [joined, accepted], tables)).toBeNull()
    expect(await judge(null, [joined], tables)).toEqual(PUBLIC_ONLY)
    expect(await judge(null, [joined, upd('Invitation', { ...link, acceptedAt: '2026-01-01' }, { ...link, acceptedAt: '2026-01-02' })], tables)).toEqual(
      PUBLIC_ONLY,
    )
    expect(await judge(null, [joined, { ...accepted, new: { ...accepted.new, membershipId: 'other' } }], tables)).toEqual(PUBLIC_ONLY)
  })

  it('a member leaving a deleted template needs “Delete role templates”, not “Assign”', async () => {
    const log = [upd('Membership', member('m', { roleTemplateId: 'tpl' }), member('m')), del('RoleTemplate', { id: 'tpl', tenantId: TENANT })]
    const tables = { Membership: [member('m')], User: [user('m')] }
    const deleter = actor('users.view', 'roles.view', 'roles.delete')
    expect(await judge(deleter, log, tables)).toBeNull()
    expect(await judge(deleter, [log[0]], tables)).toEqual(needs('Changing the role template', 'Assign role templates', 'roleTemplateId'))
  })

  it('a member leaving a deleted team needs “Delete teams”, not “Edit teams”', async () => {
    const log = [del('TeamMember', { teamId: 't1', membershipId: 'm' }), del('Team', { id: 't1', tenantId: TENANT })]
    const tables = { Membership: [member('m')], User: [user('m')] }
    const deleter = actor('users.view', 'teams.view', 'teams.delete')
    expect(await judge(deleter, log, tables)).toBeNull()
    expect(await judge(deleter, [log[0]], tables)).toEqual(needs('Changing teams', 'Edit teams', 'teamIds'))
  })

  it('an id the log names but no row has on either side is skipped', async () => {
    expect(await judge(actor(), [ins('Invitation', { membershipId: 'ghost', revokedAt: null, acceptedAt: null })], {})).toBeNull()
  })
})

describe('checkChange: the last active owner', () => {
  const o2 = (over = {}) => member('o2', { baseRole: 'OWNER', ...over })
  const me = member('actor', { baseRole: 'OWNER' })

  it('an owner suspended, demoted or deleted leaves at least one active owner', async () => {
    for (const after of [o2({ status: 'SUSPENDED' }), o2({ baseRole: 'ADMIN' })]) {
      const log = [upd('Membership', o2(), after)]
      expect(await judge(owner, log, { Membership: [after], User: [user('o2')] })).toEqual(LAST_OWNER)
      expect(await judge(owner, log, { Membership: [after, me], User: [user('o2')] })).toBeNull()
    }
    expect(await judge(owner, [del('Membership', o2())], { User: [user('o2')] })).toEqual(LAST_OWNER)
    expect(await judge(owner, [del('Membership', o2())], { Membership: [me], User: [user('o2')] })).toBeNull()
  })

  it('an owner who stays an active owner, or a suspended one, is not counted', async () => {
    const log = [upd('Membership', o2(), o2({ crmAccess: true }))]
    expect(await judge(owner, log, { Membership: [o2({ crmAccess: true })], User: [user('o2')] })).toBeNull()
    const suspended = [upd('Membership', o2({ status: 'SUSPENDED' }), o2({ status: 'SUSPENDED', baseRole: 'ADMIN' }))]
    expect(await judge(owner, suspended, { Membership: [o2({ status: 'SUSPENDED', baseRole: 'ADMIN' })], User: [user('o2')] })).toBeNull()
  })
})

describe('checkChange: email changes', () => {
  const request = { membershipId: 'm', userId: 'u-m', tenantId: TENANT, usedAt: null }
  const tables = { Membership: [member('m')], User: [user('m')] }
  const editor = actor('users.view', 'users.edit')

  it('requesting one needs “Edit users”, and the user in this workspace only', async () => {
    expect(await judge(editor, [ins('EmailChange', request)], tables)).toBeNull()
    expect(await judge(actor('users.view'), [ins('EmailChange', request)], tables)).toEqual(needs('Changing a member’s email', 'Edit users', 'email'))
    const elsewhere = { ...tables, Membership: [member('m'), member('m2', { tenantId: 'tenant-2', userId: 'u-m' })] }
    expect(await judge(editor, [ins('EmailChange', request)], elsewhere)).toEqual(EMAIL_ELSEWHERE)
    expect(await judge(editor, [ins('EmailChange', { ...request, membershipId: 'x', tenantId: 'tenant-2' })], tables)).toEqual({
      message: 'That member belongs to another workspace.',
    })
  })

  it('the new address confirming it switches the email, anonymously, for a user of one workspace only', async () => {
    const confirmed = upd('EmailChange', request, { ...request, usedAt: '2026-01-02' })
    const switched = upd('User', user('m'), { id: 'u-m', email: 'new@example.test' })
    const after = { Membership: [member('m')], User: [{ id: 'u-m', email: 'new@example.test' }] }
    expect(await judge(null, [confirmed, switched], after)).toBeNull()
    expect(await judge(null, [switched], after)).toEqual(PUBLIC_ONLY)
    expect(await judge(null, [{ ...confirmed, new: { ...confirmed.new, userId: 'u-x' } }, switched], after)).toEqual(PUBLIC_ONLY)
    expect(await judge(null, [upd('EmailChange', { ...request, usedAt: '2026-01-01' }, { ...request, usedAt: '2026-01-02' }), switched], after)).toEqual(
      PUBLIC_ONLY,
    )
    const two = { ...after, Membership: [member('m'), member('m2', { tenantId: 'tenant-2', userId: 'u-m' })] }
    expect(await judge(null, [confirmed, switched], two)).toEqual(EMAIL_ELSEWHERE)
  })
})

describe('checkChange: role templates', () => {
  const tpl = { id: 'tpl', tenantId: TENANT }
  const editor = actor('roles.view', 'roles.edit', 'users.view')

  it('creating, editing and deleting one need their permissions', async () => {
    expect(await judge(actor('roles.view'), [ins('RoleTemplate', tpl)], { RoleTemplate: [tpl] })).toEqual(
      needs('Creating a role template', 'Create role templates'),
    )
    expect(await judge(actor('roles.view', 'roles.create'), [ins('RoleTemplate', tpl)], { RoleTemplate: [tpl] })).toBeNull()
    expect(await judge(actor('roles.view'), [upd('RoleTemplate', tpl, { ...tpl, name: 'x' })], { RoleTemplate: [tpl] })).toEqual(
      needs('Editing a role template', 'Edit role templates'),
    )
    expect(await judge(actor('roles.view'), [del('RoleTemplate', tpl)], {})).toEqual(needs('Deleting a role template', 'Delete role templates'))
    expect(await judge(actor('roles.view', 'roles.delete'), [del('RoleTemplate', tpl)], {})).toBeNull()
    expect(await judge(null, [ins('RoleTemplate', tpl)], { RoleTemplate: [tpl] })).toEqual(PUBLIC_ONLY)
  })

  it('a template of another workspace is refused, whether the log or today’s rows say so', async () => {
    const other = { id: 'tpl', tenantId: 'tenant-2' }
    const msg = { message: 'That role template belongs to another workspace.' }
    expect(await judge(owner, [upd('RoleTemplate', other, other)], { RoleTemplate: [other] })).toEqual(msg)
    expect(await judge(owner, [del('RoleTemplate', other)], {})).toEqual(msg)
    expect(await judge(owner, [ins('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'users.view' })], { RoleTemplate: [other] })).toEqual(msg)
  })

  it('keys added must be held; keys it had, or removed, need not be', async () => {
    const added = [ins('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'audit.view' })]
    const rows = (...keys: string[]) => ({ RoleTemplate: [tpl], RoleTemplatePermission: keys.map((key) => ({ roleTemplateId: 'tpl', key })) })
    expect(await judge(editor, added, rows('audit.view'))).toEqual({
      message: 'You can only grant permissions you hold yourself. Not held: audit.view.',
      field: 'permissions',
    })
    expect(await judge(actor('roles.view', 'roles.edit', 'audit.view'), added, rows('audit.view'))).toBeNull()
    const another = [ins('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'users.view' })]
    expect(await judge(editor, another, rows('audit.view', 'users.view'))).toBeNull()
    expect(await judge(editor, [del('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'audit.view' })], rows())).toBeNull()
  })
})

describe('checkChange: teams and the plan', () => {
  const team = { id: 't1', tenantId: TENANT }

  it('creating and deleting a team need their permissions; renaming is the action’s own gate', async () => {
    expect(await judge(actor('teams.view'), [ins('Team', team)], {})).toEqual(needs('Creating a team', 'Create teams'))
    expect(await judge(actor('teams.view', 'teams.create'), [ins('Team', team)], {})).toBeNull()
    expect(await judge(actor('teams.view'), [del('Team', team)], {})).toEqual(needs('Deleting a team', 'Delete teams'))
    expect(await judge(actor('teams.view', 'teams.delete'), [del('Team', team)], {})).toBeNull()
    expect(await judge(actor(), [upd('Team', team, { ...team, name: 'x' })], {})).toBeNull()
  })

  it('a team of another workspace is refused, created or deleted', async () => {
    const other = { id: 't1', tenantId: 'tenant-2' }
    const msg = { message: 'That team belongs to another workspace.' }
    expect(await judge(owner, [ins('Team', other)], {})).toEqual(msg)
    expect(await judge(owner, [del('Team', other)], {})).toEqual(msg)
    expect(await judge(owner, [ins('Team', { id: 't1', tenantId: null })], {})).toBeNull()
  })

  it('the plan: only this workspace’s, with “Manage plan and billing”', async () => {
    const plan = upd('Tenant', { id: TENANT, planId: 'a' }, { id: TENANT, planId: 'b' })
    expect(await judge(owner, [plan], {})).toBeNull()
    expect(await judge(actor('billing.view'), [plan], {})).toEqual(needs('Changing the plan', 'Manage plan and billing'))
    expect(await judge(owner, [upd('Tenant', { id: 'tenant-2' }, { id: 'tenant-2' })], {})).toEqual({ message: 'That is another workspace.' })
  })
})

describe('checkChange: each entry counts for its own member and template only', () => {
  it('two members reactivated together: each read back with their own email and keys', async () => {
    const rows = (status: string) => [member('m', { status }), member('n', { status })]
    const log = [upd('Membership', member('m', { status: 'SUSPENDED' }), member('m')), upd('Membership', member('n', { status: 'SUSPENDED' }), member('n'))]
    const tables = {
      Membership: rows('ACTIVE'),
      User: [user('m'), user('n')],
      MembershipPermission: [
        { membershipId: 'm', key: 'users.view' },
        { membershipId: 'm', key: 'teams.view' },
      ],
    }
    expect(await judge(actor('users.view', 'users.edit_status', 'teams.view'), log, tables)).toBeNull()
    expect(await judge(actor('users.view', 'users.edit_status'), log, tables)).toEqual({
      message: 'You can’t reactivate m@example.test: they hold permissions you don’t (teams.view).',
    })
  })

  it('a member reactivated with their role template: what the template holds counts', async () => {
    const log = [upd('Membership', member('m', { status: 'SUSPENDED', roleTemplateId: 'tpl' }), member('m', { roleTemplateId: 'tpl' }))]
    const tables = {
      Membership: [member('m', { roleTemplateId: 'tpl' })],
      User: [user('m')],
      RoleTemplatePermission: [{ roleTemplateId: 'tpl', key: 'audit.view' }],
    }
    expect(await judge(actor('users.view', 'users.edit_status'), log, tables)).toEqual({
      message: 'You can’t reactivate m@example.test: they hold permissions you don’t (audit.view).',
    })
    expect(await judge(actor('users.view', 'users.edit_status', 'audit.view'), log, tables)).toBeNull()
  })

  it('a link issued for one invitee is not issued for another member changed with it', async () => {
    // m is given CRM access beside the link: judged on what changed for them, not as someone new.
    const log = [
      upd('Membership', member('m'), member('m', { crmAccess: true })),
      ins('Invitation', { membershipId: 'inv', revokedAt: null, acceptedAt: null }),
    ]
    const tables = {
      Membership: [member('m', { crmAccess: true }), member('inv', { status: 'INVITED' })],
      User: [user('m'), user('inv')],
      MembershipPermission: [{ membershipId: 'm', key: 'audit.view' }],
    }
    expect(await judge(actor('users.view', 'users.edit', 'users.invite'), log, tables)).toBeNull()
  })

  it('a link voided for one invitee is not voided for an admin whose teams change with it', async () => {
    const link = { membershipId: 'inv', revokedAt: null, acceptedAt: null }
    const log = [ins('TeamMember', { teamId: 't', membershipId: 'a' }), upd('Invitation', link, { ...link, revokedAt: '2026-01-02' })]
    const tables = {
      Membership: [member('a', { baseRole: 'ADMIN' }), member('inv', { status: 'INVITED' })],
      User: [user('a'), user('inv')],
      TeamMember: [{ teamId: 't', membershipId: 'a' }],
    }
    expect(await judge(actor('users.view', 'users.invite', 'teams.view', 'teams.edit'), log, tables)).toBeNull()
  })

  it('an email change requested for one member is not requested for another changed with it', async () => {
    const log = [
      ins('EmailChange', { membershipId: 'm', userId: 'u-m', tenantId: TENANT, usedAt: null }),
      upd('Membership', member('n'), member('n', { crmAccess: true })),
    ]
    const tables = {
      Membership: [member('m'), member('n', { crmAccess: true })],
      User: [user('m'), user('n')],
      MembershipPermission: [{ membershipId: 'n', key: 'audit.view' }],
    }
    expect(await judge(actor('users.view', 'users.edit'), log, tables)).toBeNull()
  })

  it('a member deleted in the change that confirms someone’s email is judged as a deletion', async () => {
    const request = { membershipId: 'm', userId: 'u-m', tenantId: TENANT, usedAt: null }
    const log = [upd('EmailChange', request, { ...request, usedAt: '2026-01-02' }), del('Membership', member('x'))]
    expect(await judge(null, log, { Membership: [member('m')], User: [user('m'), user('x')] })).toEqual(PUBLIC_ONLY)
  })

  it('an email change neither requested nor confirmed now is not checked again (an update, a clean-up)', async () => {
    const request = { membershipId: 'm', userId: 'u-m', tenantId: TENANT, usedAt: null }
    const two = { Membership: [member('m'), member('m2', { tenantId: 'tenant-2', userId: 'u-m' })], User: [user('m')] }
    expect(await judge(actor('users.view', 'users.edit'), [upd('EmailChange', request, { ...request, expiresAt: 'later' })], two)).toBeNull()
    expect(await judge(actor('users.view', 'users.edit'), [del('EmailChange', request)], two)).toBeNull()
    const used = { ...request, usedAt: '2026-01-01' }
    expect(await judge(actor('users.view', 'users.edit'), [upd('EmailChange', used, { ...used, expiresAt: 'later' })], two)).toBeNull()
  })

  it('a template created in the change does not make another template’s edit a creation', async () => {
    const log = [ins('RoleTemplate', { id: 't2', tenantId: TENANT }), ins('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'users.view' })]
    const tables = {
      RoleTemplate: [
        { id: 'tpl', tenantId: TENANT },
        { id: 't2', tenantId: TENANT },
      ],
      RoleTemplatePermission: [{ roleTemplateId: 'tpl', key: 'users.view' }],
    }
    expect(await judge(actor('users.view', 'roles.view', 'roles.create'), log, tables)).toEqual(needs('Editing a role template', 'Edit role templates'))
  })

  it('every key added and not held is named', async () => {
    const log = [
      ins('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'audit.view' }),
      ins('RoleTemplatePermission', { roleTemplateId: 'tpl', key: 'teams.view' }),
    ]
    const tables = {
      RoleTemplate: [{ id: 'tpl', tenantId: TENANT }],
      RoleTemplatePermission: [
        { roleTemplateId: 'tpl', key: 'audit.view' },
        { roleTemplateId: 'tpl', key: 'teams.view' },
      ],
    }
    expect(await judge(actor('roles.view', 'roles.edit'), log, tables)).toEqual({
      message: 'You can only grant permissions you hold yourself. Not held: audit.view, teams.view.',
      field: 'permissions',
    })
  })

  it('a part with nothing to refuse does not end the check: the parts after it still run', async () => {
    const rename = upd('Team', { id: 't1', tenantId: TENANT }, { id: 't1', tenantId: TENANT, name: 'x' })
    const plan = upd('Tenant', { id: TENANT, planId: 'a' }, { id: TENANT, planId: 'b' })
    expect(await judge(actor('teams.view'), [rename, plan], {})).toEqual(needs('Changing the plan', 'Manage plan and billing'))
    const foreign = ins('Contact', { id: 'c', tenantId: 'tenant-2', ownerId: 'actor', teamId: null })
    expect(await judge(owner, [plan, foreign], {})).toEqual({ message: 'That contact belongs to another workspace.' })
    const key = ins('ApiKey', { id: 'k', tenantId: TENANT, createdById: 'actor', permissions: [], revokedAt: null, expiresAt: null, secretHash: 'h' })
    expect(await judge(actor('users.view'), [key], {})).toEqual(needs('Creating an API key', 'Create and revoke API keys'))
  })
})
