import { afterEach, describe, expect, it } from 'vitest'
import { Prisma } from './generated/client'
import { makeInput } from '@/tests/unit/make-access'
import { copyAt, dropCopies } from './access-cache'
import { authorizeContextRead, type AuthorizeRefs } from './authorize-context'

// What an authorize call asks the database for, given what this process's copy of the workspace
// holds: only what the copy lacks (the answers are right either way; this is what makes a warm
// call cheap, and what bench:api measures).

afterEach(() => dropCopies())

const refs = (over: Partial<AuthorizeRefs> = {}): AuthorizeRefs => ({ ids: [], emails: [], ownerIds: [], teamIds: [], ...over })
const asked = (r: AuthorizeRefs, hint: string | null) => {
  const read = authorizeContextRead(r)!(Prisma.sql`'t1'`, hint)
  return { ...(read.carry as { asked: { refs: AuthorizeRefs; version: string | null } }).asked, sql: read.columns.sql }
}

describe('authorizeContextRead', () => {
  it('nobody named: nothing to read', () => {
    expect(authorizeContextRead(refs({ ownerIds: ['o1'], teamIds: ['t1'] }))).toBeNull()
  })

  it('without a copy (or a hint), everything is asked', () => {
    const r = refs({ ids: ['m1'], emails: ['a@x.test'], ownerIds: ['o1'], teamIds: ['team1'] })
    expect(asked(r, null)).toMatchObject({ refs: r, version: null })
    expect(asked(r, 't1')).toMatchObject({ refs: r, version: null })
  })

  it('with a copy, only what it lacks, at its version; an owner counts with their teams’ names', () => {
    const copy = copyAt('t1', '7')
    copy.members.set('m1', makeInput())
    copy.members.set('gone', null)
    copy.members.set('a@x.test', makeInput())
    copy.owners.set('o1', { label: 'Ann', teams: ['team1', 'team2'] })
    copy.owners.set('o2', null)
    copy.teams.set('team1', 'Sales')
    const r = refs({ ids: ['m1', 'gone', 'm2'], emails: ['a@x.test', 'b@x.test'], ownerIds: ['o1', 'o2', 'o3'], teamIds: ['team1', 'team3'] })
    const a = asked(r, 't1')
    expect(a.version).toBe('7')
    expect(a.refs).toEqual({ ids: ['m2'], emails: ['b@x.test'], ownerIds: ['o3'], teamIds: ['team3', 'team2'] })
  })

  it('all held: only the version is read, no members, no records', () => {
    const copy = copyAt('t1', '3')
    copy.members.set('m1', makeInput())
    copy.owners.set('o1', { label: 'Ann', teams: [] })
    copy.teams.set('team1', 'Sales')
    const a = asked(refs({ ids: ['m1'], ownerIds: ['o1'], teamIds: ['team1'] }), 't1')
    expect(a.refs).toEqual({ ids: [], emails: [], ownerIds: [], teamIds: [] })
    const sql = a.sql
    expect(sql).toContain('"AccessVersion"')
    expect(sql).not.toContain('"Membership"')
    expect(sql).not.toContain('"Team"')
  })

  it('members only, or records only: the statement reads just that', () => {
    const copy = copyAt('t1', '3')
    copy.members.set('m1', makeInput())
    const records = asked(refs({ ids: ['m1'], teamIds: ['team1'] }), 't1').sql
    expect(records).toContain('"Team"')
    expect(records).not.toContain('json_build_array(m.id')
    const members = asked(refs({ ids: ['m2'] }), 't1').sql
    expect(members).toContain('json_build_array(m.id')
    expect(members).not.toContain('"Team"')
  })
})
