import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import { del, ins, member, memoryWorld, TENANT, upd, user, type Tables } from '@/tests/unit/world'
import type { ChangeEntry, Row } from '@/lib/db/access-changes'
import type { Access } from './access'
import { checkContacts } from './contact-changes'
import { checkChange } from './no-escalation'
import { PUBLIC_ONLY, type MemberChange } from './rules'

// The contacts part of the gate's last word (contact-changes.ts), on hand-built logs and the rows
// after them: what creating, moving and deleting a contact needs, and who comes to see which contact.

const contact = (id: string, ownerId: string | null, teamId: string | null = null, over: Row = {}): Row => ({ id, tenantId: TENANT, ownerId, teamId, ...over })
const actor = (keys: string[], over: Parameters<typeof makeAccess>[0] = {}) => makeAccess({ membershipId: 'actor', directKeys: keys, ...over })
const judge = (a: Access | null, log: ChangeEntry[], tables: Tables, members = new Map<string, MemberChange>()) =>
  checkContacts(a, log, members, memoryWorld(tables))
const ME = member('actor')

describe('checkContacts: creating, deleting and moving a contact', () => {
  it('nothing to judge without contact or team-member entries; an anonymous caller touches no contact', async () => {
    expect(await judge(null, [ins('Team', { id: 't', tenantId: TENANT })], {})).toBeNull()
    expect(await judge(null, [ins('Contact', contact('c', null))], {})).toEqual(PUBLIC_ONLY)
    expect(await judge(null, [ins('TeamMember', { teamId: 't', membershipId: 'm' })], {})).toEqual(PUBLIC_ONLY)
  })

  it('a contact of another workspace is refused', async () => {
    const other = contact('c', 'actor', null, { tenantId: 'tenant-2' })
    expect(await judge(actor(['contacts.view.all_assigned', 'contacts.create']), [ins('Contact', other)], {})).toEqual({
      message: 'That contact belongs to another workspace.',
    })
    expect(await judge(actor(['contacts.view.all_assigned', 'contacts.delete.all_assigned']), [del('Contact', other)], {})).toEqual({
      message: 'That contact belongs to another workspace.',
    })
  })

  it('creating one needs “Create contacts”; for someone else or a team, “Assign contacts” too', async () => {
    const creator = actor(['contacts.view.own', 'contacts.create'])
    const mine = contact('c', 'actor')
    expect(await judge(creator, [ins('Contact', mine)], { Contact: [mine] })).toBeNull()
    expect(await judge(actor(['contacts.view.own']), [ins('Contact', mine)], { Contact: [mine] })).toEqual({
      message: 'Creating a contact needs the “Create contacts” permission.',
      field: 'ownerId',
    })
    const assigning = { message: 'Giving a contact another owner or a team needs the “Assign contacts” permission.', field: 'ownerId' }
    expect(await judge(creator, [ins('Contact', contact('c', 'm'))], {})).toEqual(assigning)
    expect(await judge(creator, [ins('Contact', contact('c', 'actor', 't'))], {})).toEqual(assigning)
    expect(await judge(actor(['contacts.view.own', 'contacts.create', 'contacts.assign.own']), [ins('Contact', contact('c', 'm'))], {})).toBeNull()
  })

  it('deleting one needs “Delete contacts” over it as it was, through its owner’s teams before the change', async () => {
    const teamLead = actor(['contacts.view.team', 'contacts.delete.team'], { teamIds: ['t'] })
    const theirs = contact('c', 'o')
    const inTeam = { TeamMember: [{ teamId: 't', membershipId: 'o' }] }
    expect(await judge(teamLead, [del('Contact', theirs)], inTeam)).toBeNull()
    expect(await judge(teamLead, [del('Contact', theirs)], {})).toEqual({ message: 'Deleting that contact needs “Delete contacts” over it.' })
    // The owner left the team in the same change: it was theirs when deleted.
    expect(await judge(teamLead, [del('TeamMember', { teamId: 't', membershipId: 'o' }), del('Contact', theirs)], {})).toBeNull()
    // Created and deleted in one change: nothing to judge but the creation.
    const mine = contact('n', 'actor')
    expect(await judge(actor(['contacts.view.own', 'contacts.create']), [ins('Contact', mine), del('Contact', mine)], {})).toBeNull()
  })

  it('moving one needs “Assign contacts” over it as it was, unless its owner or team was deleted in the same change', async () => {
    const mover = actor(['contacts.view.all_assigned', 'contacts.assign.own'])
    const moved = [upd('Contact', contact('c', 'actor'), contact('c', 'm'))]
    const tables = { Contact: [contact('c', 'm')], Membership: [ME, member('m')], User: [user('actor'), user('m')] }
    expect(await judge(mover, moved, tables)).toBeNull()
    const refused = {
      message:
        'Moving contacts needs “Assign contacts” over them: the contacts of the people you delete go elsewhere, so someone who may assign them has to do it.',
      field: 'reassignId',
    }
    expect(await judge(mover, [upd('Contact', contact('c', 'x'), contact('c', 'm'))], tables)).toEqual(refused)

    const viewer = actor(['contacts.view.all_assigned'])
    const ownerGone = [upd('Contact', contact('c', 'x', 't'), contact('c', null, 't'))]
    const gone = new Map<string, MemberChange>([['x', { before: null, after: null }]])
    const noOwner = { Contact: [contact('c', null, 't')] }
    expect(await judge(viewer, ownerGone, noOwner, gone)).toBeNull()
    expect(await judge(viewer, ownerGone, noOwner)).toEqual(refused)
    // The owner deleted, and the team changed too: a move.
    expect(await judge(viewer, [upd('Contact', contact('c', 'x', 't'), contact('c', null, 'u'))], noOwner, gone)).toEqual(refused)

    const teamGone = [upd('Contact', contact('c', 'x', 't'), contact('c', 'x', null)), del('Team', { id: 't', tenantId: TENANT })]
    expect(await judge(viewer, teamGone, { Contact: [contact('c', 'x')] })).toBeNull()
    expect(await judge(viewer, [teamGone[0]], { Contact: [contact('c', 'x')] })).toEqual(refused)
    expect(await judge(viewer, [upd('Contact', contact('c', 'x', 't'), contact('c', 'y', null)), teamGone[1]], { Contact: [contact('c', 'y')] })).toEqual(
      refused,
    )
  })
})

describe('checkContacts: who comes to see what', () => {
  const viewerOfTeam = member('v', { crmAccess: true })
  const base = {
    Membership: [ME, viewerOfTeam],
    User: [user('actor'), user('v')],
    MembershipPermission: [{ membershipId: 'v', key: 'contacts.view.team' }],
  }
  const joins = ins('TeamMember', { teamId: 't', membershipId: 'v' })
  const lead = actor(['contacts.view.own', 'teams.view', 'teams.edit'])

  it('someone joining a team newly sees its contacts: refused when the actor cannot see them', async () => {
    const tables = { ...base, TeamMember: [{ teamId: 't', membershipId: 'v' }], Contact: [contact('c', null, 't')] }
    expect(await judge(lead, [joins], tables)).toEqual({ message: 'This would let v@example.test see contacts you can’t see yourself.' })
    // The actor sees every contact: nothing to compare.
    expect(await judge(actor(['contacts.view.all_assigned', 'contacts.view.unassigned', 'teams.view', 'teams.edit']), [joins], tables)).toBeNull()
    // A contact the actor sees anyway.
    expect(await judge(lead, [joins], { ...tables, Contact: [contact('c', 'actor', 't')] })).toBeNull()
    // A viewer without CRM access sees no contact.
    expect(await judge(lead, [joins], { ...tables, Membership: [ME, member('v')] })).toBeNull()
    // A suspended viewer sees nothing.
    expect(await judge(lead, [joins], { ...tables, Membership: [ME, member('v', { crmAccess: true, status: 'SUSPENDED' })] })).toBeNull()
    // A viewer without a team scope does not come to see it.
    expect(await judge(lead, [joins], { ...tables, MembershipPermission: [{ membershipId: 'v', key: 'contacts.view.own' }] })).toBeNull()
  })

  it('the contacts of the members of a grown team count too (team scope reaches its members’ records)', async () => {
    const tables = {
      ...base,
      Membership: [...base.Membership, member('o')],
      TeamMember: [
        { teamId: 't', membershipId: 'v' },
        { teamId: 't', membershipId: 'o' },
      ],
      Contact: [contact('c', 'o')],
    }
    expect(await judge(lead, [joins], tables)).toEqual({ message: 'This would let v@example.test see contacts you can’t see yourself.' })
  })

  it('someone who already saw it before the change does not count', async () => {
    const already = {
      ...base,
      Membership: [...base.Membership, member('o')],
      TeamMember: [
        { teamId: 't', membershipId: 'v' },
        { teamId: 't', membershipId: 'o' },
        { teamId: 's', membershipId: 'v' },
        { teamId: 's', membershipId: 'o' },
      ],
      Contact: [contact('c', 'o')],
    }
    expect(await judge(lead, [joins], already)).toBeNull()
  })

  it('a contact moved into someone’s view: anyone in the workspace is a viewer', async () => {
    const mover = actor(['contacts.view.own', 'contacts.assign.own'])
    const tables = { ...base, TeamMember: [{ teamId: 't', membershipId: 'v' }], Contact: [contact('c', null, 't')] }
    // Moved from the actor (who saw it) to a team: fine.
    expect(await judge(mover, [upd('Contact', contact('c', 'actor'), contact('c', null, 't'))], tables)).toBeNull()
    // Created in the change: only the creation is judged.
    const created = [ins('Contact', contact('c', 'actor')), upd('Contact', contact('c', 'actor'), contact('c', null, 't'))]
    expect(await judge(actor(['contacts.view.own', 'contacts.create', 'contacts.assign.own']), created, tables)).toBeNull()
  })

  it('through checkChange: a team grown in the same change as nothing else', async () => {
    const tables = { ...base, TeamMember: [{ teamId: 't', membershipId: 'v' }], Contact: [contact('c', null, 't')] }
    expect(await checkChange(lead, [joins], memoryWorld(tables))).toEqual({ message: 'This would let v@example.test see contacts you can’t see yourself.' })
  })
})

describe('checkContacts: each entry in its place', () => {
  const refused = {
    message:
      'Moving contacts needs “Assign contacts” over them: the contacts of the people you delete go elsewhere, so someone who may assign them has to do it.',
    field: 'reassignId',
  }
  const viewer = actor(['contacts.view.all_assigned'])

  it('only a deleted owner’s contacts may lose their owner without “Assign contacts”, and only to nobody', async () => {
    const ownerGone = [upd('Contact', contact('c', 'x', 't'), contact('c', null, 't'))]
    // x is among the members the change touched, but not deleted.
    const kept = new Map<string, MemberChange>([['x', { before: null, after: { membershipId: 'x' } as MemberChange['after'] }]])
    expect(await judge(viewer, ownerGone, { Contact: [contact('c', null, 't')] }, kept)).toEqual(refused)
    const gone = new Map<string, MemberChange>([['x', { before: null, after: null }]])
    expect(await judge(viewer, [upd('Contact', contact('c', 'x', 't'), contact('c', 'm', 't'))], { Contact: [contact('c', 'm', 't')] }, gone)).toEqual(refused)
  })

  it('only a deleted team’s contacts may lose their team without “Assign contacts”, and only to none', async () => {
    const renamed = upd('Team', { id: 't', tenantId: TENANT }, { id: 't', tenantId: TENANT, name: 'x' })
    expect(await judge(viewer, [upd('Contact', contact('c', 'x', 't'), contact('c', 'x', null)), renamed], { Contact: [contact('c', 'x')] })).toEqual(refused)
    const deleted = del('Team', { id: 't', tenantId: TENANT })
    expect(await judge(viewer, [upd('Contact', contact('c', 'x', 't'), contact('c', 'x', 'u')), deleted], { Contact: [contact('c', 'x', 'u')] })).toEqual(
      refused,
    )
  })

  it('every team of a contact’s owner counts for the scope over it', async () => {
    const teamLead = actor(['contacts.view.team', 'contacts.delete.team'], { teamIds: ['t'] })
    const tables = {
      TeamMember: [
        { teamId: 't', membershipId: 'o' },
        { teamId: 's', membershipId: 'o' },
      ],
    }
    expect(await judge(teamLead, [del('Contact', contact('c', 'o'))], tables)).toBeNull()
  })

  it('a contact moved twice is judged as it was before the whole change', async () => {
    const mover = actor(['contacts.view.all_assigned', 'contacts.assign.own'])
    const log = [upd('Contact', contact('c', 'x'), contact('c', 'actor')), upd('Contact', contact('c', 'actor'), contact('c', 'm'))]
    expect(await judge(mover, log, { Contact: [contact('c', 'm')] })).toEqual(refused)
  })

  it('a deleted member’s contact left to nobody must not come into anyone’s view the actor lacks', async () => {
    const deleter = actor(['users.view', 'users.delete', 'contacts.view.own'])
    const log = [upd('Contact', contact('c', 'x'), contact('c', null))]
    const gone = new Map<string, MemberChange>([['x', { before: null, after: null }]])
    const tables = {
      Contact: [contact('c', null)],
      Membership: [ME, member('v', { crmAccess: true })],
      User: [user('actor'), user('v')],
      MembershipPermission: [{ membershipId: 'v', key: 'contacts.view.unassigned' }],
    }
    expect(await judge(deleter, log, tables, gone)).toEqual({ message: 'This would let v@example.test see contacts you can’t see yourself.' })
    // Whoever saw them before (here through the actor’s own view) changes nothing, each contact as it was.
    const seer = actor(['users.view', 'users.delete', 'contacts.view.all_assigned'])
    const two = [...log, upd('Contact', contact('d', 'x'), contact('d', null))]
    expect(await judge(seer, two, { ...tables, Contact: [contact('c', null), contact('d', null)] }, gone)).toBeNull()
  })

  it('a viewer who saw a deleted member’s contact through that member’s team had seen it', async () => {
    const deleter = actor(['users.view', 'users.delete', 'contacts.view.own'])
    const log = [del('TeamMember', { teamId: 't', membershipId: 'x' }), upd('Contact', contact('c', 'x'), contact('c', null))]
    const gone = new Map<string, MemberChange>([['x', { before: null, after: null }]])
    const tables = {
      Contact: [contact('c', null)],
      Membership: [ME, member('v', { crmAccess: true })],
      User: [user('actor'), user('v')],
      MembershipPermission: [
        { membershipId: 'v', key: 'contacts.view.team' },
        { membershipId: 'v', key: 'contacts.view.unassigned' },
      ],
      TeamMember: [{ teamId: 't', membershipId: 'v' }],
    }
    expect(await judge(deleter, log, tables, gone)).toBeNull()
    expect(await judge(deleter, [log[1]], tables, gone)).toEqual({ message: 'This would let v@example.test see contacts you can’t see yourself.' })
  })

  it('a member removed from a team and put back in one change: the team did not grow', async () => {
    const lead = actor(['contacts.view.own', 'teams.view', 'teams.edit'])
    const tables = {
      Membership: [ME, member('v', { crmAccess: true }), member('o')],
      User: [user('actor'), user('v')],
      MembershipPermission: [{ membershipId: 'v', key: 'contacts.view.team' }],
      TeamMember: [
        { teamId: 't', membershipId: 'o' },
        { teamId: 't', membershipId: 'v' },
      ],
      Contact: [contact('c', null, 't')],
    }
    const back = [del('TeamMember', { teamId: 't', membershipId: 'v' }), ins('TeamMember', { teamId: 't', membershipId: 'v' })]
    expect(await judge(lead, back, tables)).toBeNull()
  })

  it('a contact created in a team that grows in the same change is judged as a creation only', async () => {
    const creator = actor(['contacts.view.own', 'contacts.create', 'contacts.assign.own', 'teams.view', 'teams.edit'])
    const tables = {
      Membership: [ME, member('v', { crmAccess: true })],
      User: [user('actor'), user('v')],
      MembershipPermission: [{ membershipId: 'v', key: 'contacts.view.team' }],
      TeamMember: [{ teamId: 't', membershipId: 'v' }],
      Contact: [contact('c', 'actor', 't')],
    }
    const log = [ins('Contact', contact('c', 'actor', 't')), ins('TeamMember', { teamId: 't', membershipId: 'v' })]
    expect(await judge(creator, log, tables)).toBeNull()
  })
})
