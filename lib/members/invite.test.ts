import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import { inviteRowErrors, type InviteFacts } from './invite'

// The checks of a batch of invitations, row by row, on facts held in memory (what
// checkInviteBatch reads: the addresses present, the templates, the seats, the email domains).

const owner = makeAccess({ baseRole: 'OWNER' })
const row = (email: string, over: { baseRole?: 'OWNER' | 'ADMIN' | 'MEMBER'; roleTemplateId?: string | null } = {}) => ({
  email,
  baseRole: over.baseRole ?? ('MEMBER' as const),
  roleTemplateId: over.roleTemplateId ?? null,
})
const batch = (rows: ReturnType<typeof row>[], crmAccess = false) => ({ rows, crmAccess })

function facts(over: Partial<InviteFacts> = {}): InviteFacts & { asked: string[] } {
  const asked: string[] = []
  return {
    present: new Map(),
    templates: new Map([['t-sales', { id: 't-sales', name: 'Sales', keys: ['contacts.view.own', 'users.view'] }]]),
    seats: { used: 1, limit: 10, planName: 'Team' },
    domains: {
      invite: (email) => {
        asked.push(email)
        return email.endsWith('@example.test') ? null : 'This workspace invites only addresses at example.test.'
      },
    },
    asked,
    ...over,
  }
}

describe('inviteRowErrors', () => {
  it('a clean batch has no errors', () => {
    expect(inviteRowErrors(owner, batch([row('a@example.test'), row('b@example.test', { roleTemplateId: 't-sales' })]), facts())).toEqual({})
  })

  it('an address listed twice, already invited, already a member, or outside the domains: each in its words, on the email', () => {
    const f = facts({
      present: new Map([
        ['invited@example.test', 'INVITED'],
        ['active@example.test', 'ACTIVE'],
        ['away@example.test', 'SUSPENDED'],
      ]),
    })
    const errors = inviteRowErrors(
      owner,
      batch([
        row('a@example.test'),
        row('a@example.test'),
        row('invited@example.test'),
        row('active@example.test'),
        row('away@example.test'),
        row('x@elsewhere.test'),
      ]),
      f,
    )
    expect(errors).toEqual({
      'rows.1.email': ['This address is listed twice.'],
      'rows.2.email': ['Already invited. Use “Resend invite” in the members table.'],
      'rows.3.email': ['Already a member of this workspace.'],
      'rows.4.email': ['Already a member of this workspace.'],
      'rows.5.email': ['This workspace invites only addresses at example.test.'],
    })
    // The domains are asked only about addresses that are new and listed once.
    expect(f.asked).toEqual(['a@example.test', 'x@elsewhere.test'])
  })

  it('a template of another workspace is refused; an owner or admin row ignores its template', () => {
    expect(inviteRowErrors(owner, batch([row('a@example.test', { roleTemplateId: 't-gone' })]), facts())).toEqual({
      'rows.0.roleTemplateId': ['That role template does not exist in this workspace.'],
    })
    // A member who may invite but lacks the template's keys: a MEMBER row gets the template and is
    // refused on it; an ADMIN row would not carry it (and is refused for the role instead).
    const inviter = makeAccess({ directKeys: ['users.view', 'users.invite'] })
    const sales = inviteRowErrors(inviter, batch([row('a@example.test', { roleTemplateId: 't-sales' })], true), facts())
    expect(sales).toEqual({ 'rows.0.roleTemplateId': ['You can’t give Sales: it includes permissions you don’t hold (contacts.view.own).'] })
    const admin = inviteRowErrors(inviter, batch([row('a@example.test', { baseRole: 'ADMIN', roleTemplateId: 't-sales' })], true), facts())
    expect(admin).toEqual({ 'rows.0.baseRole': ['Only an owner can make someone an admin.'] })
    expect(inviteRowErrors(owner, batch([row('a@example.test', { baseRole: 'ADMIN', roleTemplateId: 't-sales' })]), facts())).toEqual({})
  })

  it('CRM access for the batch is judged: only someone with it may give it', () => {
    const inviter = makeAccess({ crmAccess: false, directKeys: ['users.view', 'users.invite'] })
    expect(inviteRowErrors(inviter, batch([row('a@example.test')], true), facts())).toEqual({
      'rows.0.crmAccess': ['Only someone with CRM access can give it.'],
    })
    expect(inviteRowErrors(inviter, batch([row('a@example.test')], false), facts())).toEqual({})
  })

  it('seats: the rows past the limit, with how many are free; the offset of a chunk counts', () => {
    const rows = [row('a@example.test'), row('b@example.test'), row('c@example.test')]
    expect(inviteRowErrors(owner, batch(rows), facts({ seats: { used: 8, limit: 10, planName: 'Team' } }))).toEqual({
      'rows.2.email': ['No seat left for this person: the Team plan has 10 seats, and only 2 are free.'],
    })
    expect(inviteRowErrors(owner, batch(rows), facts({ seats: { used: 9, limit: 10, planName: 'Team' } }))).toEqual({
      'rows.1.email': ['No seat left for this person: the Team plan has 10 seats, and only 1 is free.'],
      'rows.2.email': ['No seat left for this person: the Team plan has 10 seats, and only 1 is free.'],
    })
    const full = 'No seat left for this person: the Free plan has 3 seats, and all are used.'
    expect(inviteRowErrors(owner, batch(rows.slice(0, 1)), facts({ seats: { used: 3, limit: 3, planName: 'Free' } }))).toEqual({ 'rows.0.email': [full] })
    // Over the limit already (a plan made smaller): none free, not a negative number.
    expect(inviteRowErrors(owner, batch(rows.slice(0, 1)), facts({ seats: { used: 5, limit: 3, planName: 'Free' } }))).toEqual({ 'rows.0.email': [full] })
    // A second chunk of 1 after 2 rows: the 3rd seat of a batch with 2 free.
    expect(inviteRowErrors(owner, batch(rows.slice(0, 1)), facts({ seats: { used: 8, limit: 10, planName: 'Team' } }), 2)).toEqual({
      'rows.0.email': ['No seat left for this person: the Team plan has 10 seats, and only 2 are free.'],
    })
    expect(inviteRowErrors(owner, batch(rows.slice(0, 1)), facts({ seats: { used: 8, limit: 10, planName: 'Team' } }), 1)).toEqual({})
  })

  it('several errors of one row are all listed', () => {
    const errors = inviteRowErrors(
      owner,
      batch([row('a@example.test'), row('a@example.test', { roleTemplateId: 't-gone' })]),
      facts({ seats: { used: 1, limit: 2, planName: 'Free' } }),
    )
    expect(errors).toEqual({
      'rows.1.email': ['This address is listed twice.', 'No seat left for this person: the Free plan has 2 seats, and only 1 is free.'],
      'rows.1.roleTemplateId': ['That role template does not exist in this workspace.'],
    })
  })
  it('a refusal that names no field is shown on the address', () => {
    const viewer = makeAccess({ directKeys: ['users.view'] })
    expect(inviteRowErrors(viewer, batch([row('a@example.test')]), facts())).toEqual({
      'rows.0.email': [expect.stringMatching(/needs the “Invite users” permission\.$/)],
    })
  })
})
