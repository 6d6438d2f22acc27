import { describe, expect, it } from 'vitest'
import { makeInput } from '@/tests/unit/make-access'
import { authorizeCheck, type RecordNames } from './authorize'

// The authorize call's decisions and reasons for one scope asked by name, with a record: that
// scope, held and reaching the record, and nothing wider. The integration suite
// (tests/integration/api-authorize.test.ts) compares the rest with "View as".

const names: RecordNames = {
  ownerTeams: new Map([['mate', ['t-sales']]]),
  ownerLabels: new Map([
    ['me', 'Me'],
    ['mate', 'Mate'],
  ]),
  teamNames: new Map([['t-sales', 'Sales']]),
}
const agent = makeInput({
  membershipId: 'me',
  teamIds: ['t-sales'],
  roleTemplateName: 'Agent',
  templateKeys: ['contacts.view.own'],
  directKeys: ['contacts.view.team'],
})
const ask = (permission: string, ownerId: string | null, explain = true) =>
  authorizeCheck(agent, { member: 'me', permission, record: { ownerId, teamId: null } }, names, explain)

describe('authorizeCheck: one scope asked for, with a record', () => {
  it('held and reaching: allowed by that scope, granted by what grants that scope', () => {
    expect(ask('contacts.view.own', 'me')).toEqual({
      allowed: true,
      scope: 'own',
      reason: 'Yes — scope “own”: they own the record (granted by template Agent)',
    })
    expect(ask('contacts.view.team', 'mate')).toEqual({
      allowed: true,
      scope: 'team',
      reason: 'Yes — scope “team”: the record’s owner Mate is in their team Sales (granted by a direct grant)',
    })
  })

  it('a wider scope the member holds does not answer for a narrower one asked', () => {
    expect(ask('contacts.view.own', 'mate')).toEqual({
      allowed: false,
      scope: null,
      reason: 'No — holds scope own, but the record is owned by Mate and has no team',
    })
    expect(ask('contacts.view.own', 'mate', false)).toEqual({ allowed: false })
    // The action itself, any scope: the team scope reaches it.
    expect(ask('contacts.view', 'mate', false)).toEqual({ allowed: true })
  })

  it('a scope not held: refused, naming none held of it', () => {
    expect(ask('contacts.view.all_assigned', 'mate')).toEqual({ allowed: false, scope: null, reason: 'No — no permission to view contacts' })
  })

  it('nobody by that id: not found', () => {
    expect(authorizeCheck(undefined, { member: 'x', permission: 'users.view' }, names, true)).toEqual({
      allowed: false,
      error: 'member_not_found',
      reason: 'No — no member with this id or email in the workspace',
    })
    expect(authorizeCheck(undefined, { member: 'x', permission: 'users.view' }, names, false)).toEqual({ allowed: false, error: 'member_not_found' })
  })
})
