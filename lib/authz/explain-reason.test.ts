import { describe, expect, it } from 'vitest'
import { makeInput } from '@/tests/unit/make-access'
import type { AccessInput } from './access'
import type { RecordVerdict } from './explain-record'
import { holders, permissionReason, recordReason, type NamedRecord } from './explain-reason'

// The words "View as" and the API's authorize call give, branch by branch. What decides is
// tested elsewhere (Access, the scopes, explainRecord); these are the sentences naming the rule.

const record = (overrides: Partial<NamedRecord> = {}): NamedRecord => ({
  ownerId: null,
  teamId: null,
  ownerTeamIds: [],
  ownerLabel: null,
  teamName: null,
  ...overrides,
})
const verdict = (overrides: Partial<RecordVerdict> = {}): RecordVerdict => ({
  action: 'contacts.edit',
  allowed: false,
  scope: null,
  sources: [],
  held: [],
  blockedBy: [],
  ...overrides,
})
const teams = new Map([
  ['t-sales', 'Sales'],
  ['t-support', 'Support'],
])
const me = makeInput({ membershipId: 'me', teamIds: ['t-sales', 't-support'], roleTemplateName: 'Agent', planName: 'Starter' })
const reason = (v: Partial<RecordVerdict>, r: Partial<NamedRecord> = {}, input: AccessInput = me) =>
  recordReason(verdict(v), { input, record: record(r), teams, noun: 'contact' })

describe('holders', () => {
  it('names the owner and the team, by name or else by id', () => {
    expect(holders(record({ ownerId: 'm1', ownerLabel: 'Ada', teamId: 't-sales', teamName: 'Sales' }))).toBe('is owned by Ada in team Sales')
    expect(holders(record({ ownerId: 'm1', teamId: 't-sales' }))).toBe('is owned by m1 in team t-sales')
    expect(holders(record({ ownerId: 'm1', ownerLabel: 'Ada' }))).toBe('is owned by Ada and has no team')
    expect(holders(record({ teamId: 't-sales', teamName: 'Sales' }))).toBe('has no owner and is in team Sales')
    expect(holders(record())).toBe('has no owner and no team')
  })
})

describe('recordReason', () => {
  it('an inactive member is refused for that, whatever the verdict', () => {
    const allowed = { allowed: true, scope: 'own' as const, sources: ['direct' as const] }
    expect(reason(allowed, {}, makeInput({ status: 'SUSPENDED' }))).toBe('No — member is suspended')
    expect(reason(allowed, {}, makeInput({ status: 'INVITED' }))).toBe('No — invitation not accepted yet')
  })

  it('owners and admins are allowed by their role alone', () => {
    expect(reason({ allowed: true, scope: 'all_assigned', sources: ['owner'] })).toBe('Yes — owner role')
    expect(reason({ allowed: true, scope: 'all_assigned', sources: ['admin', 'direct'] })).toBe('Yes — admin role and a direct grant')
  })

  it('own: they own it (for the team scope too)', () => {
    expect(reason({ allowed: true, scope: 'own', sources: ['template'] }, { ownerId: 'me' })).toBe(
      'Yes — scope “own”: they own the contact (granted by template Agent)',
    )
    expect(reason({ allowed: true, scope: 'team', sources: ['direct'] }, { ownerId: 'me', teamId: 't-sales' })).toBe(
      'Yes — scope “team”: they own the contact (granted by a direct grant)',
    )
    const unnamed = makeInput({ membershipId: 'me', roleTemplateName: null })
    expect(reason({ allowed: true, scope: 'own', sources: ['template'] }, { ownerId: 'me' }, unnamed)).toBe(
      'Yes — scope “own”: they own the contact (granted by template (role template))',
    )
  })

  it('team: the record’s team is theirs, or its owner shares one or more of their teams', () => {
    expect(reason({ allowed: true, scope: 'team', sources: ['direct'] }, { ownerId: 'm1', teamId: 't-sales', teamName: 'Sales' })).toBe(
      'Yes — scope “team”: the contact’s team Sales is one of their teams (granted by a direct grant)',
    )
    expect(
      reason({ allowed: true, scope: 'team', sources: ['direct'] }, { ownerId: 'm1', ownerLabel: 'Ada', teamId: 't-other', ownerTeamIds: ['t-support'] }),
    ).toBe('Yes — scope “team”: the contact’s owner Ada is in their team Support (granted by a direct grant)')
    expect(
      reason(
        { allowed: true, scope: 'team', sources: ['direct'] },
        { ownerId: 'm1', ownerTeamIds: ['t-x', 't-sales', 't-support', 't-new'] },
        makeInput({ membershipId: 'me', teamIds: ['t-sales', 't-support', 't-new'] }),
      ),
    ).toBe('Yes — scope “team”: the contact’s owner m1 is in their teams Sales, Support, t-new (granted by a direct grant)')
  })

  it('all assigned, unassigned in their teams, unassigned', () => {
    expect(reason({ allowed: true, scope: 'all_assigned', sources: ['direct'] }, { ownerId: 'm1', ownerLabel: 'Ada' })).toBe(
      'Yes — scope “all_assigned”: the contact is assigned (it is owned by Ada and has no team) (granted by a direct grant)',
    )
    expect(reason({ allowed: true, scope: 'unassigned_team', sources: ['direct'] }, { teamId: 't-sales', teamName: 'Sales' })).toBe(
      'Yes — scope “unassigned_team”: the contact has no owner and its team Sales is one of their teams (granted by a direct grant)',
    )
    expect(reason({ allowed: true, scope: 'unassigned_team', sources: ['direct'] }, { teamId: 't-sales' })).toBe(
      'Yes — scope “unassigned_team”: the contact has no owner and its team t-sales is one of their teams (granted by a direct grant)',
    )
    expect(reason({ allowed: true, scope: 'unassigned', sources: ['direct'] })).toBe(
      'Yes — scope “unassigned”: the contact has no owner and no team (granted by a direct grant)',
    )
  })

  it('refused: what blocks the grant, no grant at all, or scopes that do not reach the record', () => {
    expect(reason({ blockedBy: ['plan', 'crm'] })).toBe('No — not in the Starter plan; CRM access is off')
    expect(reason({ blockedBy: ['owner_only', 'inactive'] })).toBe('No — owners only; member is not active')
    expect(reason({ held: [] })).toBe('No — no permission to edit contacts')
    expect(reason({ held: ['own'] }, { ownerId: 'm1', ownerLabel: 'Ada' })).toBe('No — holds scope own, but the contact is owned by Ada and has no team')
    expect(reason({ held: ['own', 'team'] }, { teamId: 't-x', teamName: 'X' })).toBe(
      'No — holds scopes own, team, but the contact has no owner and is in team X',
    )
    // Allowed without a scope is not an answer of its own: the refusal's words apply.
    expect(reason({ allowed: true, scope: null, held: [] })).toBe('No — no permission to edit contacts')
  })
})

describe('permissionReason', () => {
  it('an inactive member is refused for that', () => {
    expect(permissionReason(makeInput({ status: 'SUSPENDED', baseRole: 'OWNER' }), 'users.view', true)).toBe('No — member is suspended')
    expect(permissionReason(makeInput({ status: 'INVITED' }), 'users.view', false)).toBe('No — invitation not accepted yet')
  })

  it('allowed: where it comes from, with the scopes held for a scoped action', () => {
    expect(permissionReason(makeInput({ baseRole: 'ADMIN' }), 'users.invite', true)).toBe('Yes — admin role')
    expect(permissionReason(makeInput({ directKeys: ['users.view'] }), 'users.view', true)).toBe('Yes — a direct grant')
    const agent = makeInput({ roleTemplateName: 'Agent', templateKeys: ['contacts.view.own'], directKeys: ['contacts.view.team'] })
    expect(permissionReason(agent, 'contacts.view', true)).toBe('Yes — scopes own, team (granted by template Agent and a direct grant)')
    expect(permissionReason(agent, 'contacts.view.own', true)).toBe('Yes — scope own (granted by template Agent)')
  })

  it('refused: what blocks it, or no permission (by the action’s label, or the key when unknown)', () => {
    expect(permissionReason(makeInput({ directKeys: ['contacts.view.own'], crmAccess: false }), 'contacts.view', false)).toBe('No — CRM access is off')
    expect(permissionReason(makeInput({ directKeys: ['contacts.view.own'], enabledModules: [], planName: 'Free' }), 'contacts.view.own', false)).toBe(
      'No — not in the Free plan',
    )
    expect(permissionReason(makeInput(), 'users.invite', false)).toBe('No — no permission to invite users')
    expect(permissionReason(makeInput(), 'contacts.view.team', false)).toBe('No — no permission to view contacts (assigned to their teams)')
    expect(permissionReason(makeInput(), 'no.such', false)).toBe('No — no permission to no.such')
    // Held, but the decision says no: the words follow the decision.
    expect(permissionReason(makeInput({ directKeys: ['users.view'] }), 'users.view', false)).toBe('No — no permission to view users')
  })
})
