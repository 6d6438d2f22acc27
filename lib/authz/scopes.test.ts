import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import type { ScopedActionKey } from './catalog'
import { contactScopeWhere } from '@/lib/db/contacts'
import { matchingScope, reachesAll, scopeWhere, type AssignableRecord } from './scopes'

const ME = 'mem-me'
const TEAM = 'team-a'
const OTHER_TEAM = 'team-z'
const member = (directKeys: string[], teamIds: string[] = [TEAM]) => makeAccess({ membershipId: ME, teamIds, directKeys })

const rec = (ownerId: string | null, teamId: string | null, ownerTeamIds: string[] = []): AssignableRecord => ({ ownerId, teamId, ownerTeamIds })
const mine = rec(ME, null)
const inMyTeam = rec(null, TEAM) // unassigned, in my team
const teammates = rec('mem-mate', null, [TEAM])
const stranger = rec('mem-x', OTHER_TEAM, [OTHER_TEAM])
const otherTeamUnassigned = rec(null, OTHER_TEAM)
const nobodys = rec(null, null)

describe('matchingScope', () => {
  it('own: only records owned by the member', () => {
    const a = member(['inbox.view.own'])
    expect(matchingScope(a, 'inbox.view', mine)).toBe('own')
    for (const r of [inMyTeam, teammates, stranger, nobodys]) expect(matchingScope(a, 'inbox.view', r)).toBeNull()
  })

  it("team: own, the member's teams, and teammates' records", () => {
    const a = member(['inbox.view.team'])
    expect(matchingScope(a, 'inbox.view', mine)).toBe('team')
    expect(matchingScope(a, 'inbox.view', inMyTeam)).toBe('team')
    expect(matchingScope(a, 'inbox.view', teammates)).toBe('team')
    expect(matchingScope(a, 'inbox.view', rec('mem-x', TEAM))).toBe('team')
    for (const r of [stranger, otherTeamUnassigned, nobodys]) expect(matchingScope(a, 'inbox.view', r)).toBeNull()
  })

  it('team without teams is own only', () => {
    const a = member(['inbox.view.team'], [])
    expect(matchingScope(a, 'inbox.view', mine)).toBe('team')
    expect(matchingScope(a, 'inbox.view', teammates)).toBeNull()
  })

  it('all_assigned: any record with an owner or a team', () => {
    const a = member(['inbox.view.all_assigned'])
    for (const r of [mine, inMyTeam, teammates, stranger, otherTeamUnassigned]) expect(matchingScope(a, 'inbox.view', r)).toBe('all_assigned')
    expect(matchingScope(a, 'inbox.view', nobodys)).toBeNull()
  })

  it("unassigned_team: no owner and one of the member's teams", () => {
    const a = member(['inbox.view.unassigned_team'])
    expect(matchingScope(a, 'inbox.view', inMyTeam)).toBe('unassigned_team')
    for (const r of [mine, teammates, rec('mem-x', TEAM), otherTeamUnassigned, nobodys]) expect(matchingScope(a, 'inbox.view', r)).toBeNull()
  })

  it('unassigned: neither owner nor team', () => {
    const a = member(['inbox.view.unassigned'])
    expect(matchingScope(a, 'inbox.view', nobodys)).toBe('unassigned')
    for (const r of [mine, inMyTeam, otherTeamUnassigned, stranger]) expect(matchingScope(a, 'inbox.view', r)).toBeNull()
  })

  it('returns the first (narrowest) matching scope held, and null when none held', () => {
    expect(matchingScope(member(['inbox.view.own', 'inbox.view.all_assigned']), 'inbox.view', mine)).toBe('own')
    expect(matchingScope(member(['inbox.view.own', 'inbox.view.all_assigned']), 'inbox.view', stranger)).toBe('all_assigned')
    expect(matchingScope(member(['inbox.send.own']), 'inbox.view', mine)).toBeNull()
    expect(matchingScope(makeAccess({ baseRole: 'ADMIN', membershipId: ME }), 'contacts.edit', nobodys)).toBe('unassigned')
  })

  it('throws for a non-scoped action', () => {
    expect(() => matchingScope(member([]), 'contacts.create' as ScopedActionKey, mine)).toThrow(/not a scoped permission/)
  })
})

describe('scopeWhere', () => {
  it('returns null when no scope is held', () => {
    expect(scopeWhere(member([]), 'contacts.view')).toBeNull()
    expect(scopeWhere(member(['contacts.edit.own']), 'contacts.view')).toBeNull()
  })

  it('returns {} when both all_assigned and unassigned are held', () => {
    expect(scopeWhere(member(['contacts.view.all_assigned', 'contacts.view.unassigned']), 'contacts.view')).toEqual({})
    expect(scopeWhere(makeAccess({ baseRole: 'OWNER' }), 'inbox.send')).toEqual({})
  })

  it('filters on ownerId = membershipId for own only', () => {
    expect(scopeWhere(member(['contacts.view.own']), 'contacts.view')).toEqual({ ownerId: ME })
  })

  it('builds the team clause from the member teams', () => {
    expect(scopeWhere(member(['inbox.view.team']), 'inbox.view')).toEqual({
      OR: [{ ownerId: ME }, { teamId: { in: [TEAM] } }, { owner: { teams: { some: { teamId: { in: [TEAM] } } } } }],
    })
    expect(scopeWhere(member(['inbox.view.team'], []), 'inbox.view')).toEqual({ ownerId: ME })
  })

  it('builds all_assigned, unassigned_team and unassigned clauses', () => {
    expect(scopeWhere(member(['inbox.view.all_assigned']), 'inbox.view')).toEqual({ OR: [{ ownerId: { not: null } }, { teamId: { not: null } }] })
    expect(scopeWhere(member(['inbox.view.unassigned_team']), 'inbox.view')).toEqual({ ownerId: null, teamId: { in: [TEAM] } })
    expect(scopeWhere(member(['inbox.view.unassigned_team'], []), 'inbox.view')).toBeNull()
    expect(scopeWhere(member(['inbox.view.unassigned']), 'inbox.view')).toEqual({ ownerId: null, teamId: null })
  })

  it('ORs several held scopes together', () => {
    expect(scopeWhere(member(['inbox.view.own', 'inbox.view.unassigned']), 'inbox.view')).toEqual({
      OR: [{ ownerId: ME }, { ownerId: null, teamId: null }],
    })
  })

  it('throws for a non-scoped action', () => {
    expect(() => scopeWhere(member([]), 'contacts.create' as ScopedActionKey)).toThrow(/not a scoped permission/)
    expect(() => scopeWhere(member([]), 'nope.nope' as ScopedActionKey)).toThrow(/nope\.nope is not a scoped permission/)
  })

  it('a scope that reaches nothing for this viewer adds nothing to the others', () => {
    expect(scopeWhere(member(['inbox.view.own', 'inbox.view.unassigned_team'], []), 'inbox.view')).toEqual({ ownerId: ME })
  })

  it('reachesAll: only all_assigned with unassigned (or an owner) reaches every record', () => {
    expect(reachesAll(member(['inbox.view.all_assigned', 'inbox.view.unassigned']), 'inbox.view')).toBe(true)
    expect(reachesAll(makeAccess({ baseRole: 'OWNER' }), 'inbox.view')).toBe(true)
    expect(reachesAll(member(['inbox.view.all_assigned']), 'inbox.view')).toBe(false)
    expect(reachesAll(member(['inbox.view.own', 'inbox.view.unassigned']), 'inbox.view')).toBe(false)
    expect(reachesAll(member([]), 'inbox.view')).toBe(false)
  })

  it('contactScopeWhere adds the tenant', () => {
    const a = makeAccess({ membershipId: ME, tenantId: 't-7', directKeys: ['contacts.view.own'] })
    expect(contactScopeWhere(a, 'contacts.view')).toEqual({ tenantId: 't-7', ownerId: ME })
    expect(contactScopeWhere(member([]), 'contacts.view')).toBeNull()
  })
})
