import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { getMember } from '@/lib/db/member-detail'
import {
  addressChangeProblem,
  deleteMembers,
  findTeams,
  findTemplates,
  loadTargets,
  memberSnapshot,
  replaceTemplate,
  setMembersStatus,
  setMembersTemplate,
  statusesByEmail,
  updateMembership,
} from '@/lib/db/members'
import { listMemberOptions, listOwnerOptions, listPickers } from '@/lib/db/pickers'
import { createWorkspace } from '../support/fixtures'

// The data functions that read one member and the pickers' options, called directly: every field
// they return, their order, and that another workspace's rows (made in the same test, so it holds
// when run alone) are never among them.

const DAY = 24 * 60 * 60 * 1000
const invitation = (membershipId: string, sentAt: Date, extra: { acceptedAt?: Date; revokedAt?: Date } = {}) =>
  db().invitation.create({
    data: { membershipId, tokenHash: `${membershipId}-${sentAt.getTime()}`, sentAt, expiresAt: new Date(sentAt.getTime() + 7 * DAY), ...extra },
  })

describe('getMember: one member as the detail page shows them', () => {
  it('an active member: account, template and its known keys, own keys, teams by name, who invited them', async () => {
    const ws = await createWorkspace()
    const inviter = await ws.add({ role: 'ADMIN', email: `inviter@${ws.tag}.test` })
    const t = await db().roleTemplate.create({
      data: { tenantId: ws.tenant.id, name: 'Support', permissions: { create: [{ key: 'users.view' }, { key: 'gone.key' }] } },
    })
    const m = await ws.add({ templateId: t.id, permissions: ['audit.view', 'also.gone'], crmAccess: true })
    await db().membership.update({ where: { id: m.id }, data: { invitedById: inviter.id, lastLoginAt: new Date('2026-11-30T08:00:00.000Z') } })
    const [zed, alpha] = [
      await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Zed' } }),
      await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Alpha' } }),
    ]
    await db().teamMember.createMany({ data: [zed, alpha].map((x) => ({ teamId: x.id, membershipId: m.id })) })
    // A member who joined shows no pending link, even with an open invitation row left over.
    await invitation(m.id, new Date(Date.now() - DAY))
    const row = await db().membership.findUniqueOrThrow({ where: { id: m.id } })

    expect(await getMember(ws.tenant.id, m.id)).toEqual({
      id: m.id,
      email: m.email,
      name: m.email.split('@')[0],
      baseRole: 'MEMBER',
      status: 'ACTIVE',
      crmAccess: true,
      roleTemplate: { id: t.id, name: 'Support' },
      teams: [
        { id: alpha.id, name: 'Alpha' },
        { id: zed.id, name: 'Zed' },
      ],
      lastLoginAt: '2026-11-30T08:00:00.000Z',
      createdAt: row.createdAt.toISOString(),
      inviteExpiresAt: null,
      userId: m.userId,
      version: row.version,
      hasAccount: true,
      templateKeys: ['users.view'],
      directKeys: ['audit.view'],
      invitedBy: { email: inviter.email, name: 'inviter' },
      inviteSentAt: null,
      updatedAt: row.updatedAt.toISOString(),
    })
  })

  it('an invited member: no account, their newest open link’s dates; an admin has CRM access', async () => {
    const ws = await createWorkspace()
    const email = `new@${ws.tag}.test`
    const user = await db().user.create({ data: { email, name: '' } })
    const m = await db().membership.create({ data: { tenantId: ws.tenant.id, userId: user.id, status: 'INVITED', baseRole: 'ADMIN' } })
    const now = Date.now()
    await invitation(m.id, new Date(now - 3 * DAY))
    const newest = await invitation(m.id, new Date(now - 2 * DAY))
    await invitation(m.id, new Date(now - DAY), { revokedAt: new Date() })
    await invitation(m.id, new Date(now - DAY / 2), { acceptedAt: new Date() })
    const got = await getMember(ws.tenant.id, m.id)
    expect(got).toMatchObject({
      status: 'INVITED',
      baseRole: 'ADMIN',
      crmAccess: true,
      hasAccount: false,
      roleTemplate: null,
      templateKeys: [],
      directKeys: [],
      invitedBy: null,
      lastLoginAt: null,
      inviteSentAt: newest.sentAt.toISOString(),
      inviteExpiresAt: newest.expiresAt.toISOString(),
    })
  })

  it('an invited member without an open link: no dates', async () => {
    const ws = await createWorkspace()
    const m = await ws.add({ status: 'INVITED' })
    await invitation(m.id, new Date(Date.now() - DAY), { revokedAt: new Date() })
    expect(await getMember(ws.tenant.id, m.id)).toMatchObject({ status: 'INVITED', inviteSentAt: null, inviteExpiresAt: null })
  })

  it('a member of another workspace, or no member, is not found', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const theirs = await other.add()
    expect(await getMember(ws.tenant.id, theirs.id)).toBeNull()
    expect(await getMember(ws.tenant.id, 'no-such-member')).toBeNull()
    expect(await getMember(other.tenant.id, theirs.id)).toMatchObject({ id: theirs.id })
  })
})

describe('pickers', () => {
  it('listPickers: this workspace’s templates and teams by name', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    await db().roleTemplate.create({ data: { tenantId: other.tenant.id, name: 'Aaa' } })
    await db().team.create({ data: { tenantId: other.tenant.id, name: 'Aaa' } })
    const b = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'B' } })
    const a = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'A' } })
    const t = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'T' } })
    const s2 = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'S' } })
    expect(await listPickers(ws.tenant.id)).toEqual({
      templates: [
        { id: a.id, name: 'A' },
        { id: b.id, name: 'B' },
      ],
      teams: [
        { id: s2.id, name: 'S' },
        { id: t.id, name: 'T' },
      ],
    })
  })

  it('listMemberOptions: every member of the workspace, whatever their status, by email', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    await other.add({ email: `a@${other.tag}.test` })
    const c = await ws.add({ email: `c@${ws.tag}.test`, status: 'SUSPENDED' })
    const a = await ws.add({ email: `a@${ws.tag}.test`, status: 'INVITED' })
    const b = await ws.add({ email: `b@${ws.tag}.test` })
    expect(await listMemberOptions(ws.tenant.id)).toEqual([
      { id: a.id, email: a.email, name: 'a', status: 'INVITED' },
      { id: b.id, email: b.email, name: 'b', status: 'ACTIVE' },
      { id: c.id, email: c.email, name: 'c', status: 'SUSPENDED' },
    ])
  })

  it('listOwnerOptions: active members who can see contacts, labelled by name (else address), by label', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    await other.add({ crmAccess: true })
    const withCrm = await ws.add({ email: `zoe@${ws.tag}.test`, crmAccess: true })
    const admin = await ws.add({ email: `Bob@${ws.tag}.test`, role: 'ADMIN' })
    // Unnamed: labelled by the address, which sorts last although the empty name sorts first.
    const owner = await ws.add({ email: `zz-owner@${ws.tag}.test`, role: 'OWNER' })
    await db().user.update({ where: { id: owner.userId }, data: { name: '' } })
    await ws.add({ email: `nocrm@${ws.tag}.test` })
    await ws.add({ email: `gone@${ws.tag}.test`, crmAccess: true, status: 'SUSPENDED' })
    await ws.add({ email: `later@${ws.tag}.test`, crmAccess: true, status: 'INVITED' })
    expect(await listOwnerOptions(ws.tenant.id)).toEqual([
      { id: admin.id, label: 'Bob' },
      { id: withCrm.id, label: 'zoe' },
      { id: owner.id, label: owner.email },
    ])
  })
})

const state = async (...members: { id: string }[]) =>
  Promise.all(members.map((m) => db().membership.findUniqueOrThrow({ where: { id: m.id }, select: { status: true, roleTemplateId: true, version: true } })))

describe('members: what a change reads and writes', () => {
  it('loadTargets: each target with its template’s and its own known keys and its teams; another workspace’s ids are absent', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const t = await db().roleTemplate.create({
      data: { tenantId: ws.tenant.id, name: 'Support', permissions: { create: [{ key: 'users.view' }, { key: 'gone.key' }] } },
    })
    const team = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'T' } })
    const m = await ws.add({ templateId: t.id, permissions: ['audit.view', 'also.gone'], crmAccess: true, status: 'SUSPENDED' })
    await db().teamMember.create({ data: { teamId: team.id, membershipId: m.id } })
    const plain = await ws.add({ role: 'ADMIN' })
    const theirs = await other.add()
    const rows = await loadTargets(ws.tenant.id, [m.id, plain.id, theirs.id])
    expect(rows.sort((a, b) => (a.membershipId === m.id ? -1 : b.membershipId === m.id ? 1 : 0))).toEqual([
      {
        membershipId: m.id,
        tenantId: ws.tenant.id,
        userId: m.userId,
        version: 1,
        email: m.email,
        baseRole: 'MEMBER',
        status: 'SUSPENDED',
        crmAccess: true,
        roleTemplateId: t.id,
        roleTemplateName: 'Support',
        templateKeys: ['users.view'],
        directKeys: ['audit.view'],
        teamIds: [team.id],
      },
      {
        membershipId: plain.id,
        tenantId: ws.tenant.id,
        userId: plain.userId,
        version: 1,
        email: plain.email,
        baseRole: 'ADMIN',
        status: 'ACTIVE',
        crmAccess: false,
        roleTemplateId: null,
        roleTemplateName: null,
        templateKeys: [],
        directKeys: [],
        teamIds: [],
      },
    ])
  })

  it('status and template changes write the members named, in this workspace, and make their open forms out of date', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const [from, to] = [
      await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'From' } }),
      await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'To' } }),
    ]
    const [a, b, bystander] = [await ws.add({ templateId: from.id }), await ws.add({ templateId: from.id }), await ws.add()]
    const theirs = await other.add()

    await setMembersStatus(ws.tenant.id, [a.id, theirs.id], 'SUSPENDED')
    expect(await state(a, b, bystander, theirs)).toEqual([
      { status: 'SUSPENDED', roleTemplateId: from.id, version: 2 },
      { status: 'ACTIVE', roleTemplateId: from.id, version: 1 },
      { status: 'ACTIVE', roleTemplateId: null, version: 1 },
      { status: 'ACTIVE', roleTemplateId: null, version: 1 },
    ])
    await setMembersTemplate(ws.tenant.id, [bystander.id, theirs.id], to.id)
    expect((await state(bystander, theirs)).map((s) => [s.roleTemplateId, s.version])).toEqual([
      [to.id, 2],
      [null, 1],
    ])
    await replaceTemplate(ws.tenant.id, from.id, null)
    expect((await state(a, b, bystander)).map((s) => [s.roleTemplateId, s.version])).toEqual([
      [null, 3],
      [null, 2],
      [to.id, 2],
    ])
  })

  it('statusesByEmail: the statuses of these addresses in this workspace', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const a = await ws.add({ status: 'INVITED' })
    const b = await ws.add()
    const theirs = await other.add({ status: 'SUSPENDED' })
    await ws.add()
    expect(await statusesByEmail(ws.tenant.id, [a.email, b.email, theirs.email, 'nobody@example.com'])).toEqual(
      new Map([
        [a.email, 'INVITED'],
        [b.email, 'ACTIVE'],
      ]),
    )
  })

  it('deleteMembers: their contacts go where chosen, their rows go, and a user left with no account and no workspace goes too', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const heir = await ws.add({ crmAccess: true })
    const team = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'T' } })
    const contact = (tenantId: string, ownerId: string | null, name: string) => db().contact.create({ data: { tenantId, ownerId, name } })
    const owner = async (id: string) => db().contact.findUniqueOrThrow({ where: { id }, select: { ownerId: true, teamId: true } })

    const withAccount = await ws.add()
    const invitedOnly = await ws.add({ status: 'INVITED' })
    await db().user.update({ where: { id: invitedOnly.userId }, data: { passwordHash: null } })
    const invitedTwice = await ws.add({ status: 'INVITED' })
    await db().user.update({ where: { id: invitedTwice.userId }, data: { passwordHash: null } })
    await db().membership.create({ data: { tenantId: other.tenant.id, userId: invitedTwice.userId, status: 'INVITED' } })
    const kept = await ws.add()
    const [c1, c2, keep] = [
      await contact(ws.tenant.id, withAccount.id, 'c1'),
      await contact(ws.tenant.id, invitedOnly.id, 'c2'),
      await contact(ws.tenant.id, kept.id, 'keep'),
    ]

    // Someone else with no account and no workspace is not theirs to remove.
    const stranger = await db().user.create({ data: { email: `stranger@${ws.tag}.test` } })
    const targets = await loadTargets(ws.tenant.id, [withAccount.id, invitedOnly.id, invitedTwice.id])
    expect(await deleteMembers(ws.tenant.id, targets, { to: 'member', memberId: heir.id })).toEqual({ contactsMoved: 2 })
    expect([await owner(c1.id), await owner(c2.id), await owner(keep.id)]).toEqual([
      { ownerId: heir.id, teamId: null },
      { ownerId: heir.id, teamId: null },
      { ownerId: kept.id, teamId: null },
    ])
    expect(await db().membership.count({ where: { id: { in: [withAccount.id, invitedOnly.id, invitedTwice.id] } } })).toBe(0)
    expect(await db().membership.count({ where: { id: { in: [heir.id, kept.id] } } })).toBe(2)
    expect(await db().user.count({ where: { id: withAccount.userId } })).toBe(1)
    expect(await db().user.count({ where: { id: invitedOnly.userId } })).toBe(0)
    expect(await db().user.count({ where: { id: invitedTwice.userId } })).toBe(1)
    expect(await db().user.count({ where: { id: stranger.id } })).toBe(1)

    const toTeam = await ws.add()
    const c3 = await contact(ws.tenant.id, toTeam.id, 'c3')
    expect(await deleteMembers(ws.tenant.id, await loadTargets(ws.tenant.id, [toTeam.id]), { to: 'team', teamId: team.id })).toEqual({ contactsMoved: 1 })
    expect(await owner(c3.id)).toEqual({ ownerId: null, teamId: team.id })
    const unassigned = await ws.add()
    const c4 = await contact(ws.tenant.id, unassigned.id, 'c4')
    expect(await deleteMembers(ws.tenant.id, await loadTargets(ws.tenant.id, [unassigned.id]), { to: 'unassigned' })).toEqual({ contactsMoved: 1 })
    expect(await owner(c4.id)).toEqual({ ownerId: null, teamId: null })
  })

  it('updateMembership writes role, template, CRM access (always on above member), teams, grants and a corrected address', async () => {
    const ws = await createWorkspace()
    const t = await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'T' } })
    const [oldTeam, newTeam] = [
      await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Old' } }),
      await db().team.create({ data: { tenantId: ws.tenant.id, name: 'New' } }),
    ]
    const m = await ws.add({ permissions: ['users.view'], status: 'INVITED' })
    await db().teamMember.create({ data: { teamId: oldTeam.id, membershipId: m.id } })
    const [target] = await loadTargets(ws.tenant.id, [m.id])
    const email = `fixed@${ws.tag}.test`
    await updateMembership(ws.tenant.id, target, {
      email,
      baseRole: 'ADMIN',
      roleTemplateId: t.id,
      crmAccess: false,
      teamIds: [newTeam.id],
      permissions: ['audit.view'],
    })
    const [after] = await loadTargets(ws.tenant.id, [m.id])
    expect(after).toMatchObject({
      email,
      baseRole: 'ADMIN',
      roleTemplateId: t.id,
      crmAccess: true,
      teamIds: [newTeam.id],
      directKeys: ['audit.view'],
      version: 2,
    })
    await updateMembership(ws.tenant.id, after, { baseRole: 'MEMBER', roleTemplateId: null, crmAccess: false, teamIds: [], permissions: [] })
    expect((await loadTargets(ws.tenant.id, [m.id]))[0]).toMatchObject({
      email,
      baseRole: 'MEMBER',
      roleTemplateId: null,
      crmAccess: false,
      teamIds: [],
      directKeys: [],
      version: 3,
    })
  })

  it('addressChangeProblem: an account, an address in use, or a membership elsewhere stops correcting an invitee’s address', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const fresh = async () => {
      const m = await ws.add({ status: 'INVITED' })
      await db().user.update({ where: { id: m.userId }, data: { passwordHash: null } })
      return (await loadTargets(ws.tenant.id, [m.id]))[0]
    }
    const free = `free@${ws.tag}.test`
    expect(await addressChangeProblem(await fresh(), free)).toBeNull()
    const taken = await ws.add()
    expect(await addressChangeProblem(await fresh(), taken.email)).toBe('taken')
    const withAccount = (await loadTargets(ws.tenant.id, [taken.id]))[0]
    expect(await addressChangeProblem(withAccount, free)).toBe('has_account')
    const twice = await fresh()
    await db().membership.create({ data: { tenantId: other.tenant.id, userId: twice.userId, status: 'INVITED' } })
    expect(await addressChangeProblem(twice, free)).toBe('elsewhere')
  })

  it('memberSnapshot: how a member reads in the audit log; findTemplates and findTeams: only this workspace’s', async () => {
    const ws = await createWorkspace()
    const other = await createWorkspace()
    const t = await db().roleTemplate.create({
      data: { tenantId: ws.tenant.id, name: 'Support', permissions: { create: [{ key: 'users.view' }, { key: 'gone.key' }] } },
    })
    const [b, a] = [
      await db().team.create({ data: { tenantId: ws.tenant.id, name: 'B' } }),
      await db().team.create({ data: { tenantId: ws.tenant.id, name: 'A' } }),
    ]
    const m = await ws.add({ templateId: t.id, role: 'ADMIN' })
    await db().teamMember.createMany({ data: [b, a].map((x) => ({ teamId: x.id, membershipId: m.id })) })
    const [target] = await loadTargets(ws.tenant.id, [m.id])
    expect(await memberSnapshot(target)).toEqual({ email: m.email, baseRole: 'ADMIN', roleTemplate: 'Support', crmAccess: true, teams: ['A', 'B'] })
    const plain = (await loadTargets(ws.tenant.id, [(await ws.add()).id]))[0]
    expect(await memberSnapshot(plain)).toEqual({ email: plain.email, baseRole: 'MEMBER', roleTemplate: null, crmAccess: false, teams: [] })

    const theirTemplate = await db().roleTemplate.create({ data: { tenantId: other.tenant.id, name: 'Theirs' } })
    const theirTeam = await db().team.create({ data: { tenantId: other.tenant.id, name: 'Theirs' } })
    await db().roleTemplate.create({ data: { tenantId: ws.tenant.id, name: 'Not asked for' } })
    expect(await findTemplates(ws.tenant.id, [t.id, theirTemplate.id])).toEqual(new Map([[t.id, { id: t.id, name: 'Support', keys: ['users.view'] }]]))
    expect(await findTeams(ws.tenant.id, [a.id, theirTeam.id])).toEqual(new Map([[a.id, { id: a.id, name: 'A' }]]))
  })
})
