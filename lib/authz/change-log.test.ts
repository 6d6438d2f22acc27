import { describe, expect, it } from 'vitest'
import type { ChangeEntry, Row } from '@/lib/db/access-changes'
import { moduleIds } from './catalog'
import { accessOfState, entries, group, recordOf, stateOf, str, templateIdOf, touched, undo, type Side } from './change-log'
import type { MemberState } from './rules'

// The pure part of reading a change's log back (change-log.ts), on hand-built logs and sides: what
// the gate's last word (checkChange) judges is only as right as these.

let seq = 0
const I = (tbl: ChangeEntry['tbl'], row: Row): ChangeEntry => ({ seq: ++seq, tbl, op: 'I', old: null, new: row })
const U = (tbl: ChangeEntry['tbl'], old: Row, row: Row): ChangeEntry => ({ seq: ++seq, tbl, op: 'U', old, new: row })
const D = (tbl: ChangeEntry['tbl'], old: Row): ChangeEntry => ({ seq: ++seq, tbl, op: 'D', old, new: null })

describe('str', () => {
  it('a string as itself (the empty one too), anything else as null', () => {
    expect(str('a')).toBe('a')
    expect(str('')).toBe('')
    for (const v of [null, undefined, 1, true, {}, ['a']]) expect(str(v)).toBeNull()
  })
})

describe('entries and touched', () => {
  const log = [
    U('Membership', { id: 'm1' }, { id: 'm2' }),
    I('Team', { id: 't1' }),
    I('Membership', { id: null }),
    D('Membership', { id: 'm3' }),
    I('Membership', { id: '' }),
    U('Membership', { id: 7 }, { id: 'm1' }),
  ]

  it('entries: the table’s entries, in log order', () => {
    expect(entries(log, 'Membership').map((e) => e.seq)).toEqual([log[0], log[2], log[3], log[4], log[5]].map((e) => e.seq))
    expect(entries(log, 'Team')).toEqual([log[1]])
    expect(entries(log, 'Contact')).toEqual([])
  })

  it('touched: every value of the column on either side, once; none from other tables, empty or non-string values', () => {
    expect(touched(log, 'Membership', 'id')).toEqual(new Set(['m1', 'm2', 'm3']))
    expect(touched(log, 'Team', 'id')).toEqual(new Set(['t1']))
    expect(touched(log, 'Membership', 'userId')).toEqual(new Set())
  })
})

describe('undo: the rows as they were before the change', () => {
  const key = (r: Row) => r.id as string
  const all = () => true

  it('an insert is taken away, an update and a delete put back; other tables are left alone', () => {
    const now = [{ id: 'kept' }, { id: 'new' }, { id: 'moved', v: 2 }]
    const log = [
      I('Contact', { id: 'new' }),
      U('Contact', { id: 'moved', v: 1 }, { id: 'moved', v: 2 }),
      D('Contact', { id: 'gone' }),
      I('Team', { id: 'kept' }),
    ]
    expect(undo(now, log, 'Contact', key, all)).toEqual([{ id: 'kept' }, { id: 'gone' }, { id: 'moved', v: 1 }])
  })

  it('undoes newest first: several updates of a row give its first state; a row inserted then deleted is not there', () => {
    const log = [
      U('Contact', { id: 'a', v: 1 }, { id: 'a', v: 2 }),
      U('Contact', { id: 'a', v: 2 }, { id: 'a', v: 3 }),
      I('Contact', { id: 'b' }),
      D('Contact', { id: 'b' }),
    ]
    expect(undo([{ id: 'a', v: 3 }], log, 'Contact', key, all)).toEqual([{ id: 'a', v: 1 }])
  })

  it('a row that moved into the selection was not in it before; one that moved out was', () => {
    const inTeam = (r: Row) => r.teamId === 't'
    const log = [U('Contact', { id: 'in', teamId: 'x' }, { id: 'in', teamId: 't' }), U('Contact', { id: 'out', teamId: 't' }, { id: 'out', teamId: 'x' })]
    expect(undo([{ id: 'in', teamId: 't' }], log, 'Contact', key, inTeam)).toEqual([{ id: 'out', teamId: 't' }])
  })
})

describe('group', () => {
  it('values by a column, in row order', () => {
    const rows = [
      { m: 'a', k: 'x' },
      { m: 'b', k: 'y' },
      { m: 'a', k: 'z' },
    ]
    expect(group(rows, 'm', 'k')).toEqual(
      new Map([
        ['a', ['x', 'z']],
        ['b', ['y']],
      ]),
    )
    expect(group([], 'm', 'k')).toEqual(new Map())
  })
})

const side = (over: Partial<Side> = {}): Side => ({
  members: new Map([
    ['m1', { id: 'm1', tenantId: 'ten', userId: 'u1', baseRole: 'ADMIN', status: 'INVITED', crmAccess: true, roleTemplateId: 'tpl' }],
    ['m2', { id: 'm2', tenantId: 'ten', userId: 'u2', baseRole: 'MEMBER', status: 'ACTIVE', crmAccess: 'true', roleTemplateId: null }],
  ]),
  users: new Map([['u1', 'one@example.test']]),
  direct: new Map([['m1', ['users.view']]]),
  teams: new Map([['m1', ['t1', 't2']]]),
  templateKeys: new Map([
    ['tpl', ['audit.view']],
    ['other', ['billing.view']],
  ]),
  ...over,
})

describe('stateOf and templateIdOf', () => {
  it('a member as the rules see them, from the rows of one side', () => {
    expect(stateOf(side(), 'm1')).toEqual({
      membershipId: 'm1',
      tenantId: 'ten',
      userId: 'u1',
      email: 'one@example.test',
      baseRole: 'ADMIN',
      status: 'INVITED',
      crmAccess: true,
      roleTemplateId: 'tpl',
      templateKeys: ['audit.view'],
      directKeys: ['users.view'],
      teamIds: ['t1', 't2'],
    })
  })

  it('defaults: no user row, no template, no keys, no teams; CRM only when the column is true', () => {
    expect(stateOf(side(), 'm2')).toEqual({
      membershipId: 'm2',
      tenantId: 'ten',
      userId: 'u2',
      email: '',
      baseRole: 'MEMBER',
      status: 'ACTIVE',
      crmAccess: false,
      roleTemplateId: null,
      templateKeys: [],
      directKeys: [],
      teamIds: [],
    })
    expect(stateOf(side({ templateKeys: new Map() }), 'm1')?.templateKeys).toEqual([])
    expect(stateOf(side(), 'nobody')).toBeNull()
  })

  it('templateIdOf: the member’s template on that side, or null', () => {
    expect(templateIdOf(side(), 'm1')).toBe('tpl')
    expect(templateIdOf(side(), 'm2')).toBeNull()
    expect(templateIdOf(side(), 'nobody')).toBeNull()
  })
})

describe('accessOfState', () => {
  const state = (over: Partial<MemberState>): MemberState => ({ ...stateOf(side(), 'm2')!, directKeys: ['users.view', 'billing.view'], ...over })

  it('judges an invitee by what accepting gives them, on every module, two-factor aside', () => {
    const a = accessOfState(state({ status: 'INVITED' }))
    expect(a.member.status).toBe('ACTIVE')
    expect(a.can('users.view')).toBe(true)
    expect(a.member.enabledModules).toEqual(moduleIds())
    expect(a.twoFactorPending).toBe(false)
    expect(a.member.requireTwoFactor).toBe(false)
    expect(a.member.twoFactorEnabled).toBe(false)
    expect(a.member.roleTemplateName).toBeNull()
    expect(a.member.name).toBe('')
  })

  it('keeps any other status: an active member holds their keys, a suspended one nothing', () => {
    expect(accessOfState(state({})).can('billing.view')).toBe(true)
    const s = accessOfState(state({ status: 'SUSPENDED' }))
    expect(s.member.status).toBe('SUSPENDED')
    expect(s.can('users.view')).toBe(false)
  })
})

describe('recordOf', () => {
  const teams = new Map([['o1', ['t1']]])
  it('where a contact is: its owner, team, and the owner’s teams', () => {
    expect(recordOf({ ownerId: 'o1', teamId: 't9' }, teams)).toEqual({ ownerId: 'o1', teamId: 't9', ownerTeamIds: ['t1'] })
    expect(recordOf({ ownerId: 'o2', teamId: null }, teams)).toEqual({ ownerId: 'o2', teamId: null, ownerTeamIds: [] })
    expect(recordOf({ ownerId: null, teamId: 't1' }, teams)).toEqual({ ownerId: null, teamId: 't1', ownerTeamIds: [] })
  })
})
