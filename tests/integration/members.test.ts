import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { deleteMembers, setMembersTemplate, setMemberStatus } from '@/app/(app)/settings/users/actions'
import { inviteMembers, resendInvite, revokeInvites } from '@/app/(app)/settings/users/invite-actions'
import { acceptInvite } from '@/app/invite/[token]/actions'
import type { AccessState } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { findInvitation } from '@/lib/db/invitations'
import { seatUsage } from '@/lib/db/seats'
import { accessFor, accessOf, createWorkspace, failure, success, keepMailInOutbox, auditCount, memberVersion } from '../support/fixtures'

// Changes to existing members through the real server actions and a real database: suspend
// and reactivate, delete (seats, users, contacts, audit), role templates in bulk, and the member
// edit form, each with the escalation rules and "nothing written when refused".

keepMailInOutbox()

type Member = { id: string; userId: string; tenantId: string; email: string }

/** What a membership looks like in the database, for before/after comparisons (null: deleted). */
async function memberRow(id: string) {
  const m = await db().membership.findUnique({ where: { id }, include: { user: true, permissions: true, teams: true } })
  if (!m) return null
  const { baseRole, status, crmAccess, roleTemplateId } = m
  return {
    email: m.user.email,
    baseRole,
    status,
    crmAccess,
    roleTemplateId,
    permissions: m.permissions.map((p) => p.key).sort(),
    teams: m.teams.map((t) => t.teamId).sort(),
  }
}
const rows = (ms: Member[]) => Promise.all(ms.map((m) => memberRow(m.id)))

async function setup() {
  const ws = await createWorkspace()
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner) }
}
const template = (tenantId: string, keys: string[]) =>
  db().roleTemplate.create({ data: { tenantId, name: `Role ${randomBytes(3).toString('hex')}`, permissions: { create: keys.map((key) => ({ key })) } } })
const team = (tenantId: string, name = `Team ${randomBytes(3).toString('hex')}`) => db().team.create({ data: { tenantId, name } })
const contact = (tenantId: string, ownerId: string | null) =>
  db().contact.create({ data: { tenantId, name: `Contact ${randomBytes(3).toString('hex')}`, ownerId } })

const suspend = (state: AccessState, ids: string[]) => setMemberStatus.run(state, { memberIds: ids, status: 'SUSPENDED' })
const edit = async (m: { id: string }, change: Record<string, unknown> = {}) => ({
  memberId: m.id,
  version: await memberVersion(m.id),
  baseRole: 'MEMBER',
  roleTemplateId: null,
  crmAccess: false,
  teamIds: [],
  permissions: [],
  ...change,
})

/** Invites an address through the action and returns its membership and the mailed token. */
async function invited(state: AccessState, tenantId: string, email: string) {
  success(await inviteMembers.run(state, { rows: [{ email }] }))
  const mail = await db().outboxMail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: 'desc' } })
  const m = await db().membership.findFirstOrThrow({ where: { tenantId, user: { email } } })
  return { ...m, email, token: /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1] }
}

describe('setMemberStatus', () => {
  it('a suspension holds on the member’s next request; reactivating restores access', async () => {
    const { ws, state } = await setup()
    const m = await ws.add({ permissions: ['users.view'] })
    expect((await accessFor(m)).can('users.view')).toBe(true)
    success(await suspend(state, [m.id]))
    expect(await accessOf(m)).toEqual({ status: 'inactive', reason: 'SUSPENDED' })
    expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.suspend', targetId: m.id } })).toBe(1)
    success(await setMemberStatus.run(state, { memberIds: [m.id], status: 'ACTIVE' }))
    expect((await accessFor(m)).can('users.view')).toBe(true)
  })

  it('nobody suspends themselves, and an admin cannot suspend an owner', async () => {
    const { ws, owner, state } = await setup()
    const admin = await ws.add({ role: 'ADMIN' })
    expect(failure(await suspend(state, [owner.id])).message).toMatch(/cannot suspend yourself/)
    expect(failure(await suspend(await accessOf(admin), [owner.id])).message).toMatch(/Only an owner/)
    expect(await accessOf(owner)).toMatchObject({ status: 'ok' })
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('in bulk, a refused member is skipped with the reason and the others are changed', async () => {
    const { ws, owner, state } = await setup()
    const [a, b] = [await ws.add(), await ws.add()]
    const r = success(await suspend(state, [owner.id, a.id, b.id]))
    expect([...(r.data?.changed ?? [])].sort()).toEqual([a.id, b.id].sort())
    expect(r.data?.skipped).toEqual([{ id: owner.id, email: owner.email, reason: 'You cannot suspend yourself.' }])
    expect(r.message).toMatch(/Skipped 1/)
    expect((await rows([owner, a, b])).map((x) => x?.status)).toEqual(['ACTIVE', 'SUSPENDED', 'SUSPENDED'])
  })

  it('an id of another workspace fails the whole selection and changes nothing', async () => {
    const { ws, state } = await setup()
    const a = await ws.add()
    const foreign = await (await createWorkspace()).add()
    expect(failure(await suspend(state, [a.id, foreign.id])).code).toBe('not_found')
    expect((await rows([a, foreign])).map((x) => x?.status)).toEqual(['ACTIVE', 'ACTIVE'])
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('the last active owner is never suspended, deleted or demoted, even with a suspended second owner', async () => {
    const { ws, owner, state } = await setup()
    await ws.add({ role: 'OWNER', status: 'SUSPENDED' })
    const b = await ws.add({ role: 'OWNER' })
    const stateB = await accessOf(b)
    success(await suspend(state, [b.id]))
    const events = await auditCount(ws.tenant.id)
    // B's request passed the gate while B was an active owner; A suspended B meanwhile. The gate
    // reads B's access again under the workspace lock, so B's requests end there.
    for (const r of [
      await suspend(stateB, [owner.id]),
      await deleteMembers.run(stateB, { memberIds: [owner.id] }),
      await updateMember.run(stateB, await edit(owner, { baseRole: 'ADMIN' })),
    ]) {
      expect(failure(r).code).toBe('unauthenticated')
    }
    expect(await memberRow(owner.id)).toMatchObject({ baseRole: 'OWNER', status: 'ACTIVE' })
    expect(await auditCount(ws.tenant.id)).toBe(events)
  })
})

describe('deleteMembers', () => {
  it('frees the seats; an account keeps its user row, an invited-only person is removed; access ends', async () => {
    const { ws, state } = await setup()
    const m = await ws.add()
    const onlyHere = await invited(state, ws.tenant.id, `only@${ws.tag}.test`)
    const other = await createWorkspace()
    const twice = await invited(state, ws.tenant.id, `twice@${ws.tag}.test`)
    success(await inviteMembers.run(await accessOf(await other.add({ role: 'OWNER' })), { rows: [{ email: twice.email }] }))
    expect((await seatUsage(ws.tenant.id)).used).toBe(4)

    const r = success(await deleteMembers.run(state, { memberIds: [m.id, onlyHere.id, twice.id] }))
    expect([...(r.data?.changed ?? [])].sort()).toEqual([m.id, onlyHere.id, twice.id].sort())
    expect((await seatUsage(ws.tenant.id)).used).toBe(1)
    expect(await rows([m, onlyHere, twice])).toEqual([null, null, null])
    expect(await db().user.findUnique({ where: { id: m.userId } })).not.toBeNull() // has a password
    expect(await db().user.findUnique({ where: { id: onlyHere.userId } })).toBeNull()
    expect(await db().user.findUnique({ where: { id: twice.userId } })).not.toBeNull() // still invited elsewhere
    expect(await accessOf(m)).toEqual({ status: 'anonymous' })
    expect((await findInvitation(onlyHere.token)).state).toBe('unknown')
  })

  it('moves the deleted members’ contacts to another member, a team or nobody', async () => {
    const { ws, state } = await setup()
    const [m1, m2, m3, heir] = [await ws.add(), await ws.add(), await ws.add(), await ws.add()]
    const support = await team(ws.tenant.id)
    const [c1, c2, c3, c4, kept] = [
      await contact(ws.tenant.id, m1.id),
      await contact(ws.tenant.id, m1.id),
      await contact(ws.tenant.id, m2.id),
      await contact(ws.tenant.id, m3.id),
      await contact(ws.tenant.id, heir.id),
    ]
    const where = async (c: { id: string }) => db().contact.findUniqueOrThrow({ where: { id: c.id }, select: { ownerId: true, teamId: true } })

    const r = success(await deleteMembers.run(state, { memberIds: [m1.id], reassignTo: 'member', reassignId: heir.id }))
    expect(r.message).toMatch(/2 contacts reassigned/)
    expect([await where(c1), await where(c2)]).toEqual([
      { ownerId: heir.id, teamId: null },
      { ownerId: heir.id, teamId: null },
    ])
    success(await deleteMembers.run(state, { memberIds: [m2.id], reassignTo: 'team', reassignId: support.id }))
    expect(await where(c3)).toEqual({ ownerId: null, teamId: support.id })
    success(await deleteMembers.run(state, { memberIds: [m3.id] }))
    expect(await where(c4)).toEqual({ ownerId: null, teamId: null })
    expect(await where(kept)).toEqual({ ownerId: heir.id, teamId: null })
  })

  it('refuses a reassignment to a member being deleted or to another workspace, deleting nothing', async () => {
    const { ws, state } = await setup()
    const [m1, m2] = [await ws.add(), await ws.add()]
    const c = await contact(ws.tenant.id, m1.id)
    const other = await createWorkspace()
    const [foreignTeam, foreignMember] = [await team(other.tenant.id), await other.add()]
    const before = await rows([m1, m2])
    const attempts = [
      { memberIds: [m1.id, m2.id], reassignTo: 'member', reassignId: m2.id },
      { memberIds: [m1.id], reassignTo: 'member', reassignId: m1.id },
      { memberIds: [m1.id], reassignTo: 'team', reassignId: foreignTeam.id },
      { memberIds: [m1.id], reassignTo: 'member', reassignId: foreignMember.id },
      { memberIds: [m1.id], reassignTo: 'team', reassignId: null },
    ]
    for (const input of attempts) {
      const r = failure(await deleteMembers.run(state, input))
      expect(Object.keys(r.fieldErrors ?? {})).toEqual(['reassignId'])
    }
    expect(await rows([m1, m2])).toEqual(before)
    expect((await db().contact.findUniqueOrThrow({ where: { id: c.id } })).ownerId).toBe(m1.id)
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('the audit log keeps the deleted member’s email, and their earlier events', async () => {
    const { ws, owner, state } = await setup()
    const m = await ws.add()
    success(await suspend(state, [m.id]))
    success(await deleteMembers.run(state, { memberIds: [m.id] }))
    const events = await db().auditEvent.findMany({ where: { tenantId: ws.tenant.id, targetId: m.id } })
    expect(events.map((e) => e.action).sort()).toEqual(['member.delete', 'member.suspend'])
    const deleted = events.find((e) => e.action === 'member.delete')!
    expect(deleted).toMatchObject({ actorEmail: owner.email, summary: `Deleted ${m.email}` })
    expect(deleted.before).toMatchObject({ email: m.email, baseRole: 'MEMBER', status: 'SUSPENDED' })
  })
})

describe('setMembersTemplate', () => {
  it('assigns a template; the member’s next access has its permissions', async () => {
    const { ws, state } = await setup()
    const m = await ws.add()
    const analysts = await template(ws.tenant.id, ['analytics.view', 'analytics.export'])
    expect((await accessFor(m)).can('analytics.view')).toBe(false)
    success(await setMembersTemplate.run(state, { memberIds: [m.id], roleTemplateId: analysts.id }))
    const access = await accessFor(m)
    expect([access.can('analytics.view'), access.can('analytics.export'), access.member.roleTemplateId]).toEqual([true, true, analysts.id])
    expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.template', targetId: m.id } })).toBe(1)
    // And takes it off again: no template, none of its permissions.
    success(await setMembersTemplate.run(state, { memberIds: [m.id], roleTemplateId: null }))
    const after = await accessFor(m)
    expect([after.can('analytics.view'), after.member.roleTemplateId]).toEqual([false, null])
    expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.template', targetId: m.id } })).toBe(2)
  })

  it('refuses a template with permissions the actor lacks; one within them is fine', async () => {
    const { ws } = await setup()
    const actor = await accessOf(await ws.add({ permissions: ['roles.assign', 'users.view', 'roles.view'] }))
    const m = await ws.add()
    const broadcasters = await template(ws.tenant.id, ['broadcasts.view'])
    const r = failure(await setMembersTemplate.run(actor, { memberIds: [m.id], roleTemplateId: broadcasters.id }))
    expect(r.code).toBe('forbidden')
    expect(r.message).toMatch(/permissions you don’t hold/)
    expect((await memberRow(m.id))?.roleTemplateId).toBeNull()
    const viewers = await template(ws.tenant.id, ['users.view'])
    success(await setMembersTemplate.run(actor, { memberIds: [m.id], roleTemplateId: viewers.id }))
    expect((await memberRow(m.id))?.roleTemplateId).toBe(viewers.id)
  })

  it('a template of another workspace is not found', async () => {
    const { ws, state } = await setup()
    const m = await ws.add()
    const foreign = await template((await createWorkspace()).tenant.id, ['users.view'])
    const r = failure(await setMembersTemplate.run(state, { memberIds: [m.id], roleTemplateId: foreign.id }))
    expect(r.code).toBe('not_found')
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['roleTemplateId'])
    expect((await memberRow(m.id))?.roleTemplateId).toBeNull()
  })

  it('skips owners and admins in the selection, with the reason', async () => {
    const { ws, state } = await setup()
    const [admin, owner2, m] = [await ws.add({ role: 'ADMIN' }), await ws.add({ role: 'OWNER' }), await ws.add()]
    const t = await template(ws.tenant.id, ['users.view'])
    const r = success(await setMembersTemplate.run(state, { memberIds: [admin.id, owner2.id, m.id], roleTemplateId: t.id }))
    expect(r.data?.changed).toEqual([m.id])
    expect(r.data?.skipped.map((s) => s.id).sort()).toEqual([admin.id, owner2.id].sort())
    expect(r.data?.skipped.every((s) => /members only/.test(s.reason))).toBe(true)
    expect((await rows([admin, owner2, m])).map((x) => x?.roleTemplateId)).toEqual([null, null, t.id])
  })
})

describe('updateMember', () => {
  it('the owner saves role, template, CRM access, teams and normalized grants; access and audit follow', async () => {
    const { ws, state } = await setup()
    const m = await ws.add()
    const analysts = await template(ws.tenant.id, ['analytics.view'])
    const [t1, t2] = [await team(ws.tenant.id, 'Alpha'), await team(ws.tenant.id, 'Beta')]
    success(
      await updateMember.run(
        state,
        await edit(m, { roleTemplateId: analysts.id, crmAccess: true, teamIds: [t2.id, t1.id], permissions: ['contacts.edit.own', 'workflows.view'] }),
      ),
    )
    const granted = ['contacts.edit.own', 'contacts.view.own', 'workflows.view']
    expect(await memberRow(m.id)).toMatchObject({
      baseRole: 'MEMBER',
      roleTemplateId: analysts.id,
      crmAccess: true,
      teams: [t1.id, t2.id].sort(),
      permissions: granted,
    })
    const access = await accessFor(m)
    expect(['contacts.edit.own', 'contacts.view.own', 'workflows.view', 'analytics.view', 'users.view'].map((k) => access.can(k))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ])
    expect([...access.member.teamIds].sort()).toEqual([t1.id, t2.id].sort())

    success(
      await updateMember.run(
        state,
        await edit(m, { baseRole: 'ADMIN', roleTemplateId: analysts.id, teamIds: [t1.id, t2.id], permissions: ['workflows.view'] }),
      ),
    )
    expect((await accessFor(m)).can('users.delete')).toBe(true)

    const events = await db().auditEvent.findMany({ where: { tenantId: ws.tenant.id, action: 'member.update', targetId: m.id } })
    expect(events).toHaveLength(2)
    type Side = {
      baseRole: string
      roleTemplate: string | null
      crmAccess: boolean
      teams: string[]
      permissionsAdded?: string[]
      permissionsRemoved?: string[]
    }
    const sides = events.map((e) => ({ before: e.before as Side, after: e.after as Side }))
    const [first, second] = ['MEMBER', 'ADMIN'].map((role) => sides.find((x) => x.after.baseRole === role)!)
    expect(first.before).toEqual({ email: m.email, baseRole: 'MEMBER', roleTemplate: null, crmAccess: false, teams: [], permissionsRemoved: [] })
    expect({ ...first.after, permissionsAdded: [...(first.after.permissionsAdded ?? [])].sort() }).toEqual({
      email: m.email,
      baseRole: 'MEMBER',
      roleTemplate: analysts.name,
      crmAccess: true,
      teams: ['Alpha', 'Beta'],
      permissionsAdded: granted,
    })
    expect([...(second.before.permissionsRemoved ?? [])].sort()).toEqual(['contacts.edit.own', 'contacts.view.own'])
    expect(second.after).toMatchObject({ baseRole: 'ADMIN', permissionsAdded: [] })
  })

  it('refuses an unknown key, a key the editor lacks and a member of another workspace, changing nothing', async () => {
    const { ws, state } = await setup()
    const m = await ws.add({ permissions: ['users.view'] })
    const before = await memberRow(m.id)
    const unknown = failure(await updateMember.run(state, await edit(m, { permissions: ['users.view', 'made.up'] })))
    expect(unknown.code).toBe('invalid')
    expect(unknown.fieldErrors?.permissions?.join(' ')).toContain('made.up')

    const editor = await accessOf(await ws.add({ permissions: ['users.view', 'users.edit', 'workflows.view'] }))
    const lacks = failure(await updateMember.run(editor, await edit(m, { permissions: ['users.view', 'analytics.view'] })))
    expect(lacks.code).toBe('forbidden')
    expect(lacks.fieldErrors?.permissions?.join(' ')).toContain('analytics.view')
    expect(await memberRow(m.id)).toEqual(before)
    expect(await auditCount(ws.tenant.id)).toBe(0)
    success(await updateMember.run(editor, await edit(m, { permissions: ['users.view', 'workflows.view'] })))
    expect((await memberRow(m.id))?.permissions).toEqual(['users.view', 'workflows.view'])

    const foreign = await (await createWorkspace()).add()
    expect(failure(await updateMember.run(state, await edit(foreign, { permissions: ['users.view'] }))).code).toBe('not_found')
    expect((await memberRow(foreign.id))?.permissions).toEqual([])
  })

  it('an admin cannot make someone an admin, and nobody changes their own role', async () => {
    const { ws, owner, state } = await setup()
    await ws.add({ role: 'OWNER' }) // so the owner is not the last one
    const admin = await ws.add({ role: 'ADMIN' })
    const m = await ws.add()
    const before = await rows([owner, admin, m])
    const cases: [AccessState, Member, string][] = [
      [await accessOf(admin), m, 'ADMIN'],
      [state, owner, 'ADMIN'],
      [await accessOf(admin), admin, 'MEMBER'],
    ]
    for (const [actor, target, baseRole] of cases) {
      const r = failure(await updateMember.run(actor, await edit(target, { baseRole })))
      expect(Object.keys(r.fieldErrors ?? {})).toEqual(['baseRole'])
    }
    expect(await rows([owner, admin, m])).toEqual(before)
  })

  it('teams must belong to the workspace, and changing them needs teams.edit', async () => {
    const { ws, state } = await setup()
    const m = await ws.add()
    const [mine, foreign] = [await team(ws.tenant.id), await team((await createWorkspace()).tenant.id)]
    const r = failure(await updateMember.run(state, await edit(m, { teamIds: [mine.id, foreign.id] })))
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['teamIds'])
    const noTeams = await accessOf(await ws.add({ permissions: ['users.view', 'users.edit'] }))
    expect(Object.keys(failure(await updateMember.run(noTeams, await edit(m, { teamIds: [mine.id] }))).fieldErrors ?? {})).toEqual(['teamIds'])
    expect((await memberRow(m.id))?.teams).toEqual([])
    const editorMember = await ws.add({ permissions: ['users.view', 'users.edit', 'teams.view', 'teams.edit'] })
    const teamEditor = await accessOf(editorMember)
    success(await updateMember.run(teamEditor, await edit(m, { teamIds: [mine.id] })))
    expect((await memberRow(m.id))?.teams).toEqual([mine.id])
    // Not their own teams, though: joining a team widens the records they see.
    const own = failure(await updateMember.run(teamEditor, await edit(editorMember, { teamIds: [mine.id] })))
    expect(Object.keys(own.fieldErrors ?? {})).toEqual(['teamIds'])
    expect((await memberRow(editorMember.id))?.teams).toEqual([])
  })

  it('an invited person’s address can be corrected, an active member’s cannot', async () => {
    const { ws, state } = await setup()
    const typo = await invited(state, ws.tenant.id, `jon@${ws.tag}.test`)
    success(await updateMember.run(state, await edit(typo, { email: `john@${ws.tag}.test` })))
    expect((await db().user.findUniqueOrThrow({ where: { id: typo.userId } })).email).toBe(`john@${ws.tag}.test`)

    const active = await ws.add()
    const r = failure(await updateMember.run(state, await edit(active, { email: `new-${active.email}` })))
    expect(r.code).toBe('invalid')
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['email'])
    expect((await db().user.findUniqueOrThrow({ where: { id: active.userId } })).email).toBe(active.email)
  })

  it('does not change the address of an invited person who already has an account', async () => {
    const { ws, state } = await setup()
    // An account that left its last workspace keeps its user row and password, then is invited here.
    const other = await createWorkspace()
    const account = await other.add()
    success(await deleteMembers.run(await accessOf(await other.add({ role: 'OWNER' })), { memberIds: [account.id] }))
    const m = await invited(state, ws.tenant.id, account.email)
    expect((await findInvitation(m.token)).hasAccount).toBe(true)
    const r = failure(await updateMember.run(state, await edit(m, { email: `taken-over@${ws.tag}.test` })))
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['email'])
    expect((await db().user.findUniqueOrThrow({ where: { id: account.userId } })).email).toBe(account.email)
  })

  it('correcting an invited address voids the link mailed to the old one', async () => {
    const { ws, state } = await setup()
    const typo = await invited(state, ws.tenant.id, `jon@${ws.tag}.test`)
    success(await updateMember.run(state, await edit(typo, { email: `john@${ws.tag}.test` })))
    // Whoever reads jon@'s mailbox must not be able to join as john@.
    expect((await findInvitation(typo.token)).state).not.toBe('valid')
    const password = 'a brand new password'
    expect((await acceptInvite.run({ status: 'anonymous' }, { mode: 'new', token: typo.token, name: 'Jon', password, confirmPassword: password })).ok).toBe(
      false,
    )
    expect((await memberRow(typo.id))?.status).toBe('INVITED')
  })
})

// The services' own refusals, word for word (lib/members/change.ts, invite.ts, update.ts; found
// undecided by the mutation run: docs/mutation.md, seventh batch).
describe('member changes: the refusals word for word', () => {
  it('one member, or several, no longer here', async () => {
    const { ws, state } = await setup()
    const gone = 'cm0000000000000000000000'
    expect(failure(await suspend(state, [gone])).message).toBe('That member was not found.')
    expect(failure(await suspend(state, [(await ws.add()).id, gone])).message).toBe(
      'Some of the selected members are no longer in this workspace. Reload the page and try again.',
    )
  })

  it('deleting: where the contacts go must stay, in words; revoking invitations skips who has joined', async () => {
    const { ws, state, owner } = await setup()
    const [m1, m2] = [await ws.add(), await ws.add()]
    const leaving = failure(await deleteMembers.run(state, { memberIds: [m1.id, m2.id], reassignTo: 'member', reassignId: m2.id }))
    expect([leaving.code, leaving.fieldErrors]).toEqual(['invalid', { reassignId: ['Choose a member who stays in the workspace.'] }])
    const foreignTeam = await team((await createWorkspace()).tenant.id)
    const noTeam = failure(await deleteMembers.run(state, { memberIds: [m1.id], reassignTo: 'team', reassignId: foreignTeam.id }))
    expect([noTeam.code, noTeam.fieldErrors]).toEqual(['invalid', { reassignId: ['That team does not exist in this workspace.'] }])
    const pending = await invited(state, ws.tenant.id, `pending-${ws.tag}@${ws.tag}.test`)
    const revoked = success(await revokeInvites.run(state, { memberIds: [pending.id, m1.id] }))
    expect(revoked.data?.changed).toEqual([pending.id])
    expect(revoked.data?.skipped).toEqual([{ id: m1.id, email: m1.email, reason: 'Has already joined: delete the member instead.' }])
    expect(await memberRow(m1.id)).not.toBeNull()
    // A deletion reports how many contacts moved.
    await contact(ws.tenant.id, m2.id)
    const moved = success(await deleteMembers.run(state, { memberIds: [m2.id], reassignTo: 'member', reassignId: owner.id }))
    expect(moved.message).toMatch(/1 contact/)
  })

  it('a template of another workspace, in words; the member form’s stale save and a corrected address', async () => {
    const { ws, state } = await setup()
    const m = await ws.add()
    const foreign = await template((await createWorkspace()).tenant.id, ['users.view'])
    const r = failure(await setMembersTemplate.run(state, { memberIds: [m.id], roleTemplateId: foreign.id }))
    expect([r.code, r.fieldErrors]).toEqual(['not_found', { roleTemplateId: ['That role template does not exist in this workspace.'] }])
    const form = await edit(m)
    await db().membership.update({ where: { id: m.id }, data: { version: { increment: 1 } } }) // someone saved meanwhile
    const stale = failure(await updateMember.run(state, form))
    expect([stale.code, stale.message]).toEqual([
      'conflict',
      'This member was changed by someone else since you opened the page. Reload to see their changes, then make yours again.',
    ])
    expect(failure(await updateMember.run(state, { ...(await edit(m)), memberId: 'cm0000000000000000000000' })).message).toBe('That member was not found.')
    const pending = await invited(state, ws.tenant.id, `typo-${ws.tag}@${ws.tag}.test`)
    const fixed = success(await updateMember.run(state, await edit(pending, { email: `fixed-${ws.tag}@${ws.tag}.test` })))
    expect(fixed.message).toMatch(/new invitation/i)
    const unchanged = success(await updateMember.run(state, await edit(m)))
    expect(unchanged.message).not.toMatch(/invitation/i)
  })

  it('resending: not found, outside the domains, and refused by the rules, in words', async () => {
    const { ws, state } = await setup()
    expect(failure(await resendInvite.run(state, { memberId: 'cm0000000000000000000000' })).message).toBe('That member was not found.')
    const pending = await invited(state, ws.tenant.id, `later-${ws.tag}@${ws.tag}.test`)
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: ['example.com'] } })
    const outside = failure(await resendInvite.run(state, { memberId: pending.id }))
    expect([outside.code, outside.message]).toEqual(['invalid', 'Invitations can go only to addresses at example.com.'])
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: [] } })
    const inviter = await accessOf(await ws.add({ permissions: ['users.view', 'users.invite'] }))
    const admin = await invited(state, ws.tenant.id, `admin-${ws.tag}@${ws.tag}.test`)
    await db().membership.update({ where: { id: admin.id }, data: { baseRole: 'ADMIN' } })
    const refused = failure(await resendInvite.run(inviter, { memberId: admin.id }))
    expect([refused.code, refused.message]).toEqual(['forbidden', 'Only an owner can change an admin.'])
  })
})
