import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import type { BaseRole, MembershipStatus } from './access'
import { checkBaseRoleGrant, checkGrant, checkMemberChange, checkOwnTeams, prepareGrant } from './rules'

const owner = makeAccess({ baseRole: 'OWNER', membershipId: 'owner-1' })
const admin = makeAccess({ baseRole: 'ADMIN', membershipId: 'admin-1' })
const editor = makeAccess({ membershipId: 'member-1', directKeys: ['users.view', 'users.edit', 'users.edit_status', 'users.delete', 'teams.view'] })

const target = (membershipId: string, baseRole: BaseRole, status: MembershipStatus = 'ACTIVE') => ({ membershipId, baseRole, status })

describe('checkGrant', () => {
  it('allows adding keys the actor holds', () => {
    expect(checkGrant(editor, [], ['users.view', 'teams.view'])).toBeNull()
  })

  it('refuses adding a key the actor lacks and names it', () => {
    const r = checkGrant(editor, ['users.view'], ['users.view', 'roles.view', 'audit.view'])
    expect(r).not.toBeNull()
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

describe('checkBaseRoleGrant', () => {
  it('lets anyone who may edit users give MEMBER', () => {
    expect(checkBaseRoleGrant(admin, 'MEMBER')).toBeNull()
    expect(checkBaseRoleGrant(editor, 'MEMBER')).toBeNull()
  })

  it('stops an admin making admins or owners', () => {
    expect(checkBaseRoleGrant(admin, 'ADMIN')?.message).toMatch(/an admin/)
    expect(checkBaseRoleGrant(admin, 'OWNER')?.message).toMatch(/an owner/)
    expect(checkBaseRoleGrant(admin, 'OWNER')?.field).toBe('baseRole')
  })

  it('lets an owner make admins and owners', () => {
    expect(checkBaseRoleGrant(owner, 'ADMIN')).toBeNull()
    expect(checkBaseRoleGrant(owner, 'OWNER')).toBeNull()
  })
})

describe('checkMemberChange', () => {
  it('refuses self delete, suspend and role change', () => {
    for (const actor of [owner, admin, editor]) {
      const self = target(actor.membershipId, actor.baseRole)
      expect(checkMemberChange(actor, self, { delete: true }, 5)?.message).toMatch(/delete yourself/)
      expect(checkMemberChange(actor, self, { status: 'SUSPENDED' }, 5)?.message).toMatch(/suspend yourself/)
      const other: BaseRole = actor.baseRole === 'MEMBER' ? 'ADMIN' : 'MEMBER'
      expect(checkMemberChange(actor, self, { baseRole: other }, 5)?.message).toMatch(/own role/)
    }
  })

  it('allows self changes that demote, suspend or delete nothing', () => {
    expect(checkMemberChange(owner, target('owner-1', 'OWNER'), { permissions: true }, 1)).toBeNull()
    expect(checkMemberChange(owner, target('owner-1', 'OWNER'), { baseRole: 'OWNER', status: 'ACTIVE' }, 1)).toBeNull()
  })

  it('stops an admin changing an admin or an owner', () => {
    expect(checkMemberChange(admin, target('admin-2', 'ADMIN'), { permissions: true }, 2)?.message).toMatch(/an admin/)
    expect(checkMemberChange(admin, target('owner-2', 'OWNER'), { status: 'SUSPENDED' }, 2)?.message).toMatch(/an owner/)
    expect(checkMemberChange(admin, target('admin-2', 'ADMIN'), { delete: true }, 2)).not.toBeNull()
  })

  it('lets an admin change a member', () => {
    const m = target('member-9', 'MEMBER')
    expect(checkMemberChange(admin, m, { permissions: true }, 1)).toBeNull()
    expect(checkMemberChange(admin, m, { status: 'SUSPENDED' }, 1)).toBeNull()
    expect(checkMemberChange(admin, m, { delete: true }, 1)).toBeNull()
  })

  it('stops an admin promoting a member to admin or owner', () => {
    expect(checkMemberChange(admin, target('member-9', 'MEMBER'), { baseRole: 'ADMIN' }, 1)?.field).toBe('baseRole')
    expect(checkMemberChange(admin, target('member-9', 'MEMBER'), { baseRole: 'OWNER' }, 1)).not.toBeNull()
  })

  it('stops a MEMBER with users.edit making someone an admin', () => {
    expect(checkMemberChange(editor, target('member-9', 'MEMBER'), { baseRole: 'ADMIN' }, 1)?.message).toMatch(/Only an owner/)
    expect(checkMemberChange(editor, target('admin-1', 'ADMIN'), { permissions: true }, 1)).not.toBeNull()
  })

  it('lets an owner change admins and owners', () => {
    expect(checkMemberChange(owner, target('admin-1', 'ADMIN'), { baseRole: 'MEMBER' }, 1)).toBeNull()
    expect(checkMemberChange(owner, target('member-9', 'MEMBER'), { baseRole: 'OWNER' }, 1)).toBeNull()
  })

  it('protects the last active owner', () => {
    const last = target('owner-2', 'OWNER')
    for (const change of [{ baseRole: 'ADMIN' as const }, { status: 'SUSPENDED' as const }, { delete: true }]) {
      expect(checkMemberChange(owner, last, change, 1)?.message, JSON.stringify(change)).toMatch(/at least one active owner/)
      expect(checkMemberChange(owner, last, change, 2), JSON.stringify(change)).toBeNull()
    }
  })

  it('does not count a suspended owner as the last active one', () => {
    expect(checkMemberChange(owner, target('owner-2', 'OWNER', 'SUSPENDED'), { delete: true }, 1)).toBeNull()
  })
})

describe('checkOwnTeams', () => {
  it('refuses a member changing their own teams, allows them others’, and owners and admins anything', () => {
    expect(checkOwnTeams(editor, ['someone-else'])).toBeNull()
    expect(checkOwnTeams(editor, ['someone-else', 'member-1'])?.field).toBe('teamIds')
    expect(checkOwnTeams(admin, ['admin-1'])).toBeNull()
    expect(checkOwnTeams(owner, ['owner-1'])).toBeNull()
  })
})
