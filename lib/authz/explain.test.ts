import { describe, expect, it } from 'vitest'
import { makeInput } from '@/tests/unit/make-access'
import { Access, type AccessInput } from './access'
import { LEAVES, moduleIds } from './catalog'
import { explainAccess, explainSummary, type ExplainedLeaf } from './explain'
import { explainRecord } from './explain-record'

const byKey = (input: AccessInput) => new Map<string, ExplainedLeaf>(explainAccess(input).map((l) => [l.key, l]))
const crmKeys = LEAVES.filter((l) => l.crm).map((l) => l.key)
const someNonCrm = ['users.view', 'teams.view', 'inbox.view.own', 'billing.view']

const personas: Record<string, AccessInput> = {
  owner: makeInput({ baseRole: 'OWNER', crmAccess: false }),
  admin: makeInput({ baseRole: 'ADMIN', crmAccess: false, directKeys: ['billing.view'] }),
  'owner on a plan without integrations': makeInput({ baseRole: 'OWNER', enabledModules: moduleIds().filter((m) => m !== 'integrations') }),
  'admin on a plan without billing': makeInput({ baseRole: 'ADMIN', enabledModules: moduleIds().filter((m) => m !== 'billing') }),
  'member with template and direct grants': makeInput({
    templateKeys: ['contacts.view.own', 'contacts.edit.own', 'users.view'],
    directKeys: ['users.view', 'audit.view', 'inbox.view.team', 'retired.key'],
  }),
  'member without CRM': makeInput({ crmAccess: false, templateKeys: ['contacts.view.own', ...someNonCrm], directKeys: crmKeys }),
  'suspended member': makeInput({ status: 'SUSPENDED', templateKeys: ['users.view'], directKeys: ['contacts.view.all_assigned'] }),
  'invited admin': makeInput({ baseRole: 'ADMIN', status: 'INVITED' }),
  'member on a plan without inbox': makeInput({ enabledModules: moduleIds().filter((m) => m !== 'inbox'), directKeys: ['inbox.view.own', 'users.view'] }),
  'member with every key': makeInput({ directKeys: LEAVES.map((l) => l.key) }),
}

describe('explainAccess agrees with computeBits', () => {
  for (const [name, input] of Object.entries(personas)) {
    it(`${name}: held equals Access.can for every leaf`, () => {
      const access = new Access(input)
      const explained = explainAccess(input)
      expect(explained.map((l) => l.key)).toEqual(LEAVES.map((l) => l.key))
      for (const l of explained) expect({ key: l.key, held: l.held }).toEqual({ key: l.key, held: access.can(l.key) })
      // Held means a source and no blocker; a blocker is only ever given with a reason to give it.
      for (const l of explained) expect(l.held).toBe(l.sources.length > 0 && l.blockedBy.length === 0)
    })
  }
})

describe('sources', () => {
  it('names the base role for owners and admins, ignoring stored grants', () => {
    const owner = byKey(personas.owner)
    expect(owner.get('users.invite')).toMatchObject({ held: true, sources: ['owner'], blockedBy: [] })
    expect(owner.get('billing.manage')).toMatchObject({ held: true, sources: ['owner'] })
    const admin = byKey(personas.admin)
    expect(admin.get('contacts.view.all_assigned')).toMatchObject({ held: true, sources: ['admin'], blockedBy: [] })
  })

  it('names the template and/or direct grants for a member', () => {
    const m = byKey(personas['member with template and direct grants'])
    expect(m.get('contacts.view.own')).toMatchObject({ held: true, sources: ['template'] })
    expect(m.get('users.view')).toMatchObject({ held: true, sources: ['template', 'direct'] })
    expect(m.get('audit.view')).toMatchObject({ held: true, sources: ['direct'] })
    expect(m.get('users.invite')).toMatchObject({ held: false, sources: [], blockedBy: [] })
    expect(m.has('retired.key')).toBe(false)
  })
})

describe('blockedBy', () => {
  it('explains a contacts grant without CRM access', () => {
    const m = byKey(personas['member without CRM'])
    expect(m.get('contacts.view.own')).toMatchObject({ held: false, sources: ['template', 'direct'], blockedBy: ['crm'] })
    expect(m.get('contact_lists.view')).toMatchObject({ held: false, sources: ['direct'], blockedBy: ['crm'] })
    expect(m.get('users.view')).toMatchObject({ held: true, blockedBy: [] })
  })

  it('explains the owner-only module for admins, even with a stored grant', () => {
    const a = byKey(personas.admin)
    expect(a.get('billing.view')).toMatchObject({ held: false, sources: [], blockedBy: ['owner_only'] })
    expect(byKey(personas['admin on a plan without billing']).get('billing.view')?.blockedBy).toEqual(['plan', 'owner_only'])
  })

  it('explains a module the plan does not enable', () => {
    expect(byKey(personas['owner on a plan without integrations']).get('integrations.view')).toMatchObject({
      held: false,
      sources: ['owner'],
      blockedBy: ['plan'],
    })
    const m = byKey(personas['member on a plan without inbox'])
    expect(m.get('inbox.view.own')).toMatchObject({ held: false, sources: ['direct'], blockedBy: ['plan'] })
    expect(m.get('inbox.send.own')).toMatchObject({ held: false, sources: [], blockedBy: [] })
  })

  it('blocks every grant of a member who is not active', () => {
    const s = byKey(personas['suspended member'])
    expect(s.get('users.view')).toMatchObject({ held: false, sources: ['template'], blockedBy: ['inactive'] })
    expect(s.get('contacts.view.all_assigned')).toMatchObject({ held: false, sources: ['direct'], blockedBy: ['inactive'] })
    expect([...byKey(personas['invited admin']).values()].every((l) => !l.held && l.blockedBy.includes('inactive'))).toBe(true)
  })
})

describe('explainSummary', () => {
  it('counts held leaves per module and says whether the plan enables it', () => {
    const input = personas['member on a plan without inbox']
    const summary = explainSummary(input)
    expect(summary.map((s) => s.moduleId)).toEqual(moduleIds())
    for (const s of summary) expect(s.total).toBe(LEAVES.filter((l) => l.moduleId === s.moduleId).length)
    expect(summary.find((s) => s.moduleId === 'inbox')).toMatchObject({ enabledByPlan: false, held: 0 })
    expect(summary.find((s) => s.moduleId === 'settings')).toMatchObject({ enabledByPlan: true, held: 1 })
    expect(summary.reduce((n, s) => n + s.held, 0)).toBe(new Access(input).keys().length)
  })

  it('gives an owner every leaf of the enabled modules', () => {
    for (const s of explainSummary(personas.owner)) expect(s).toMatchObject({ enabledByPlan: true, held: s.total })
  })
})

describe('explainRecord: may this member act on this record, and which rule decided', () => {
  const ME = 'mem-me'
  const rec = (ownerId: string | null, teamId: string | null = null) => ({ ownerId, teamId, ownerTeamIds: [] })

  it('allowed through the narrowest held scope that reaches it, with that leaf’s sources', () => {
    const a = new Access(makeInput({ membershipId: ME, templateKeys: ['contacts.view.own'], directKeys: ['contacts.view.unassigned'] }))
    expect(explainRecord(a, 'contacts.view', rec(ME))).toEqual({
      action: 'contacts.view',
      allowed: true,
      scope: 'own',
      sources: ['template'],
      held: ['own', 'unassigned'],
      blockedBy: [],
    })
    expect(explainRecord(a, 'contacts.view', rec(null))).toMatchObject({ allowed: true, scope: 'unassigned', sources: ['direct'] })
  })

  it('refused: no scope, no sources, the scopes held still listed', () => {
    const a = new Access(makeInput({ membershipId: ME, directKeys: ['contacts.view.own'] }))
    expect(explainRecord(a, 'contacts.view', rec('someone-else'))).toEqual({
      action: 'contacts.view',
      allowed: false,
      scope: null,
      sources: [],
      held: ['own'],
      blockedBy: [],
    })
  })

  it('says what blocks grants that do not apply: CRM access off', () => {
    const a = new Access(makeInput({ membershipId: ME, crmAccess: false, directKeys: ['contacts.view.own', 'contacts.view.unassigned'] }))
    expect(explainRecord(a, 'contacts.view', rec(ME))).toEqual({
      action: 'contacts.view',
      allowed: false,
      scope: null,
      sources: [],
      held: [],
      blockedBy: ['crm'],
    })
  })

  it('reads this action’s leaves only: another action held at a wider scope tells nothing', () => {
    const a = new Access(makeInput({ membershipId: ME, directKeys: ['contacts.view.own', 'contacts.edit.all_assigned'] }))
    expect(explainRecord(a, 'contacts.view', rec('someone-else'))).toMatchObject({ allowed: false, scope: null, sources: [], held: ['own'] })
    expect(explainRecord(a, 'contacts.edit', rec('someone-else'))).toMatchObject({
      allowed: true,
      scope: 'all_assigned',
      sources: ['direct'],
      held: ['all_assigned'],
    })
  })

  it('lists every block once, in order, across the action’s scopes', () => {
    const a = new Access(makeInput({ membershipId: ME, status: 'SUSPENDED', crmAccess: false, directKeys: ['contacts.view.own', 'contacts.view.team'] }))
    expect(explainRecord(a, 'contacts.view', rec(ME))).toEqual({
      action: 'contacts.view',
      allowed: false,
      scope: null,
      sources: [],
      held: [],
      blockedBy: ['crm', 'inactive'],
    })
  })
})
