import { describe, expect, it } from 'vitest'
import type { MemberTargetRow } from '@/lib/db/members'
import { makeAccess, makeMemberState } from '@/tests/unit/make-access'
import { decideUpdate, type UpdateFacts } from './update'

// Saving the member form, decided on the member as read and facts held in memory (what
// updateMember reads: whether a corrected address may be used, the domains' answer, the
// template, the teams found, the active owners).

const owner = makeAccess({ baseRole: 'OWNER', membershipId: 'me' })
const target = (over: Partial<MemberTargetRow> = {}): MemberTargetRow =>
  ({ ...makeMemberState('m1', { userId: 'u1', roleTemplateName: null }), version: 3, ...over }) as MemberTargetRow
const input = (over: Partial<Parameters<typeof decideUpdate>[2]> = {}) => ({
  memberId: 'm1',
  version: 3,
  baseRole: 'MEMBER' as const,
  roleTemplateId: null,
  crmAccess: false,
  teamIds: [],
  permissions: [],
  ...over,
})
const facts = (over: Partial<UpdateFacts> = {}): UpdateFacts => ({
  addressProblem: false,
  outside: null,
  template: null,
  teamsFound: 0,
  activeOwners: 2,
  ...over,
})
const sales = { id: 't-sales', name: 'Sales', keys: ['users.view' as const] }

describe('decideUpdate', () => {
  it('a save: the member after it, with the template, teams (once each) and normalized grants', () => {
    const r = decideUpdate(
      owner,
      target(),
      input({ roleTemplateId: 't-sales', teamIds: ['a', 'b', 'a'], permissions: ['users.invite'], crmAccess: true }),
      facts({ template: sales, teamsFound: 2 }),
    )
    expect(r).toEqual({
      ok: true,
      after: {
        ...target(),
        crmAccess: true,
        teamIds: ['a', 'b'],
        roleTemplateId: 't-sales',
        roleTemplateName: 'Sales',
        templateKeys: ['users.view'],
        directKeys: ['users.view', 'users.invite'],
      },
      grant: { keys: ['users.view', 'users.invite'] },
      email: undefined,
    })
  })

  it('each refusal in its words, on its field, with its code, in the form’s order', () => {
    const invited = target({ status: 'INVITED' })
    const corrected = input({ email: 'right@example.test', roleTemplateId: 't-gone', teamIds: ['x'] })
    const everything = facts({ addressProblem: true, outside: 'This workspace invites only addresses at example.com.', teamsFound: 0 })
    expect(decideUpdate(owner, invited, corrected, everything)).toEqual({
      ok: false,
      code: 'conflict',
      message: 'This invitation’s address can’t be changed. Revoke it and invite the right address instead.',
      fieldErrors: { email: ['This invitation’s address can’t be changed. Revoke it and invite the right address instead.'] },
    })
    expect(decideUpdate(owner, invited, corrected, { ...everything, addressProblem: false })).toEqual({
      ok: false,
      code: 'invalid',
      message: 'This workspace invites only addresses at example.com.',
      fieldErrors: { email: ['This workspace invites only addresses at example.com.'] },
    })
    expect(decideUpdate(owner, invited, corrected, { ...everything, addressProblem: false, outside: null })).toEqual({
      ok: false,
      code: 'invalid',
      message: 'That role template does not exist in this workspace.',
      fieldErrors: { roleTemplateId: ['That role template does not exist in this workspace.'] },
    })
    expect(decideUpdate(owner, invited, { ...corrected, roleTemplateId: null }, { ...everything, addressProblem: false, outside: null })).toEqual({
      ok: false,
      code: 'invalid',
      message: 'A chosen team does not exist in this workspace.',
      fieldErrors: { teamIds: ['A chosen team does not exist in this workspace.'] },
    })
  })

  it('a grant the actor does not hold is refused on the permissions; the rules’ refusals keep their field and code', () => {
    const admin = makeAccess({ baseRole: 'MEMBER', membershipId: 'me', directKeys: ['users.view', 'users.edit'] })
    const grant = decideUpdate(admin, target(), input({ permissions: ['analytics.view'] }), facts())
    expect(grant).toMatchObject({
      ok: false,
      code: 'forbidden',
      fieldErrors: { permissions: [expect.stringMatching(/^You can only grant permissions you hold yourself/)] },
    })
    const role = decideUpdate(admin, target(), input({ baseRole: 'ADMIN' }), facts())
    expect(role).toEqual({
      ok: false,
      code: 'forbidden',
      message: 'Only an owner can make someone an admin.',
      fieldErrors: { baseRole: ['Only an owner can make someone an admin.'] },
    })
    // A rule's "invalid" stays invalid: correcting the address of someone who has joined.
    const joined = decideUpdate(owner, target(), input({ email: 'other@example.test' }), facts())
    expect(joined).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { email: [expect.stringMatching(/^Only an invited person’s address/)] } })
    // The last active owner cannot be made an admin.
    const last = decideUpdate(owner, target({ membershipId: 'o', baseRole: 'OWNER' }), input({ baseRole: 'ADMIN' }), facts({ activeOwners: 1 }))
    expect(last).toMatchObject({ ok: false, code: 'forbidden', message: 'A workspace needs at least one active owner. Make someone else an owner first.' })
    expect(decideUpdate(owner, target({ membershipId: 'o', baseRole: 'OWNER' }), input({ baseRole: 'ADMIN' }), facts({ activeOwners: 2 })).ok).toBe(true)
  })

  it('an unchanged address is no correction (no new link); a template named without one chosen is not used', () => {
    const same = decideUpdate(owner, target({ status: 'INVITED' }), input({ email: 'm1@example.test' }), facts({ addressProblem: false }))
    expect(same).toMatchObject({ ok: true, after: { email: 'm1@example.test' }, email: undefined })
    expect(decideUpdate(owner, target({ status: 'INVITED' }), input(), facts())).toMatchObject({ ok: true, email: undefined })
    const corrected = decideUpdate(owner, target({ status: 'INVITED' }), input({ email: 'right@example.test' }), facts())
    expect(corrected).toMatchObject({ ok: true, after: { email: 'right@example.test' }, email: 'right@example.test' })
    const none = decideUpdate(owner, target({ roleTemplateId: 't-sales', templateKeys: ['users.view'] }), input(), facts({ template: sales }))
    expect(none).toMatchObject({ ok: true, after: { roleTemplateId: null, roleTemplateName: null, templateKeys: [] } })
  })
  it('a grant the member already has is kept even when the actor lacks it', () => {
    const editor = makeAccess({ membershipId: 'me', directKeys: ['users.view', 'users.edit'] })
    const keeps = decideUpdate(editor, target({ directKeys: ['analytics.view'] }), input({ permissions: ['analytics.view'] }), facts())
    expect(keeps).toMatchObject({ ok: true, grant: { keys: ['analytics.view'] } })
    // Through the template they have it too.
    const viaTemplate = decideUpdate(editor, target({ templateKeys: ['analytics.view'] }), input({ permissions: ['analytics.view'] }), facts())
    expect(viaTemplate).toMatchObject({ ok: true, grant: { keys: ['analytics.view'] } })
  })

  it('saving a form with nothing changed is still judged: an admin may not save an owner’s', () => {
    const admin = makeAccess({ baseRole: 'ADMIN', membershipId: 'me' })
    const r = decideUpdate(admin, target({ membershipId: 'o', baseRole: 'OWNER' }), input({ baseRole: 'OWNER' }), facts())
    expect(r).toMatchObject({ ok: false, code: 'forbidden', message: 'Only an owner can change an owner.' })
  })
})
