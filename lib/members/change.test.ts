import { describe, expect, it } from 'vitest'
import type { MemberState } from '@/lib/authz/rules'
import { makeAccess, makeMemberState } from '@/tests/unit/make-access'
import { judgeTargets, statusRefusal } from './change'

// Which members of a bulk change are changed and which skipped, with the reason, on targets held
// in memory (what forEachAllowed reads: the targets and the workspace's active owners).

const owner = makeAccess({ baseRole: 'OWNER', membershipId: 'me' })
const target = makeMemberState
const suspend = (t: MemberState) => ({ after: { ...t, status: 'SUSPENDED' as const } })
const LAST = 'A workspace needs at least one active owner. Make someone else an owner first.'

describe('judgeTargets', () => {
  it('changes what the rules allow and skips the rest with the reason, in order', () => {
    const admin = makeAccess({ baseRole: 'ADMIN', membershipId: 'me' })
    const [a, o, b] = [target('a'), target('o', { baseRole: 'OWNER' }), target('b')]
    const r = judgeTargets(admin, [a, o, b], 2, suspend, null)
    expect(r.changed).toEqual([a, b])
    expect(r.skipped).toEqual([{ id: 'o', email: 'o@example.test', reason: 'Only an owner can change an owner.' }])
  })

  it('the change’s own refusal comes first, and the rules are not asked then', () => {
    const refuse = (t: MemberState) => (t.membershipId === 'a' ? { message: 'Not this one.' } : null)
    // Suspending oneself is refused by the rules; the change's own refusal wins.
    const r = judgeTargets(owner, [target('a'), target('me', { baseRole: 'OWNER' }), target('b')], 5, suspend, refuse)
    expect(r.skipped).toEqual([
      { id: 'a', email: 'a@example.test', reason: 'Not this one.' },
      { id: 'me', email: 'me@example.test', reason: 'You cannot suspend yourself.' },
    ])
    expect(r.changed.map((t) => t.membershipId)).toEqual(['b'])
  })

  it('each active owner removed counts against the next: a batch cannot remove the last owner', () => {
    const owners = [target('o1', { baseRole: 'OWNER' }), target('o2', { baseRole: 'OWNER' }), target('o3', { baseRole: 'OWNER' })]
    const r = judgeTargets(owner, owners, 3, suspend, null)
    expect(r.changed.map((t) => t.membershipId)).toEqual(['o1', 'o2'])
    expect(r.skipped).toEqual([{ id: 'o3', email: 'o3@example.test', reason: LAST }])
    // Deleting counts the same.
    const deleted = judgeTargets(owner, owners, 2, () => ({ after: null }), null)
    expect(deleted.changed.map((t) => t.membershipId)).toEqual(['o1'])
    expect(deleted.skipped.map((s) => s.reason)).toEqual([LAST, LAST])
  })

  it('an owner who stays active, or one who was not active, does not count', () => {
    const owners = [target('o1', { baseRole: 'OWNER' }), target('o2', { baseRole: 'OWNER' })]
    // A change that keeps them active owners (a template is not theirs to have, but CRM access is).
    const crm = judgeTargets(owner, owners, 2, (t) => ({ after: { ...t, crmAccess: true } }), null)
    expect(crm.skipped).toEqual([])
    expect(judgeTargets(owner, [...owners, target('o3', { baseRole: 'OWNER' })], 2, (t) => ({ after: { ...t, crmAccess: true } }), null).skipped).toEqual([])
    // A suspended owner deleted first frees no active owner's place.
    const away = target('away', { baseRole: 'OWNER', status: 'SUSPENDED' })
    const r = judgeTargets(owner, [away, ...owners], 2, () => ({ after: null }), null)
    expect(r.changed.map((t) => t.membershipId)).toEqual(['away', 'o1'])
    expect(r.skipped.map((s) => s.id)).toEqual(['o2'])
    // One owner kept active, the other suspended: the first does not use up the second's place.
    const one = judgeTargets(owner, owners, 2, (t) => (t.membershipId === 'o2' ? suspend(t) : { after: { ...t, crmAccess: true } }), null)
    expect(one.changed.map((t) => t.membershipId)).toEqual(['o1', 'o2'])
    // A member suspended does not count either.
    const members = judgeTargets(owner, [target('m'), ...owners], 2, suspend, null)
    expect(members.changed.map((t) => t.membershipId)).toEqual(['m', 'o1'])
  })
})

describe('statusRefusal', () => {
  it('invited people, and the status they already have, in words', () => {
    expect(statusRefusal('SUSPENDED')(target('i', { status: 'INVITED' }))).toEqual({
      message: 'Invited people are not members yet: resend or revoke their invitation instead.',
    })
    expect(statusRefusal('ACTIVE')(target('i', { status: 'INVITED' }))?.message).toMatch(/^Invited people/)
    expect(statusRefusal('SUSPENDED')(target('s', { status: 'SUSPENDED' }))).toEqual({ message: 'Already suspended.' })
    expect(statusRefusal('ACTIVE')(target('a'))).toEqual({ message: 'Already active.' })
    expect(statusRefusal('SUSPENDED')(target('a'))).toBeNull()
    expect(statusRefusal('ACTIVE')(target('s', { status: 'SUSPENDED' }))).toBeNull()
  })
})
