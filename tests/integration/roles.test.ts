import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createRole, deleteRole, duplicateRole, findAssignees, previewRoleImpact, setRoleAssignees, updateRole } from '@/app/(app)/settings/roles/actions'
import { db } from '@/lib/db/client'
import { accessFor, accessOf, createWorkspace, ensurePlans, failure, success, auditEvents } from '../support/fixtures'

// Role templates through the real server actions and a real database: create, duplicate, edit
// (optimistic locking), impact preview, delete (with members) and assignees, each with the
// plan's role limit, the escalation rules and "nothing written when refused".

const role = (tenantId: string, keys: string[] = [], name = `Role ${randomBytes(3).toString('hex')}`, description = '') =>
  db().roleTemplate.create({ data: { tenantId, name, description, permissions: { create: keys.map((key) => ({ key })) } } })

/** A role as stored, for before/after comparisons (null: deleted). */
async function roleRow(id: string) {
  const r = await db().roleTemplate.findUnique({ where: { id }, include: { permissions: true } })
  return r && { name: r.name, description: r.description, version: r.version, permissions: r.permissions.map((p) => p.key).sort() }
}
const roleCount = (tenantId: string) => db().roleTemplate.count({ where: { tenantId } })
const templateOf = async (m: { id: string }) => (await db().membership.findUniqueOrThrow({ where: { id: m.id } })).roleTemplateId
const events = auditEvents

async function setup(opts: { plan?: string } = {}) {
  const ws = await createWorkspace(opts)
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner) }
}
const fields = (name: string, permissions: string[] = [], description = '') => ({ name, description, permissions })
const edit = (r: { id: string }, version: number, name: string, permissions: string[]) => ({ roleId: r.id, version, name, description: '', permissions })

describe('createRole', () => {
  it('stores normalized permissions (prerequisites added) and audits role.create with the caller’s ip', async () => {
    const { ws, state } = await setup()
    const r = success(await createRole.run(state, fields('Campaigns', ['broadcasts.publish', 'contacts.edit.own'], 'Runs campaigns'), '203.0.113.9'))
    const stored = await roleRow(r.data!.id)
    const normalized = ['broadcasts.create', 'broadcasts.publish', 'broadcasts.view', 'contacts.edit.own', 'contacts.view.own']
    expect(stored).toEqual({ name: 'Campaigns', description: 'Runs campaigns', version: 1, permissions: normalized })
    const [event] = await events(ws.tenant.id)
    expect(event).toMatchObject({ action: 'role.create', targetId: r.data!.id, ip: '203.0.113.9' })
    expect([...(event.after as { permissions: string[] }).permissions].sort()).toEqual(normalized)
  })

  it('refuses a duplicate name on the name field, an unknown key as invalid, and writes nothing', async () => {
    const { ws, state } = await setup()
    await role(ws.tenant.id, ['users.view'], 'Support')
    const clash = failure(await createRole.run(state, fields('  Support ', ['inbox.view.own'])))
    expect(Object.keys(clash.fieldErrors ?? {})).toEqual(['name'])
    const unknown = failure(await createRole.run(state, fields('New', ['users.view', 'made.up'])))
    expect(unknown.code).toBe('invalid')
    expect(unknown.fieldErrors?.permissions?.join(' ')).toContain('made.up')
    expect(await roleCount(ws.tenant.id)).toBe(1)
    expect(await events(ws.tenant.id)).toHaveLength(0)
  })

  it('a member creates roles only from permissions they hold; without roles.create, not at all', async () => {
    const { ws } = await setup()
    const creator = await accessOf(await ws.add({ permissions: ['roles.view', 'roles.create'] }))
    const r = failure(await createRole.run(creator, fields('Broadcasters', ['roles.view', 'broadcasts.view'])))
    expect(r.code).toBe('forbidden')
    expect(r.fieldErrors?.permissions?.join(' ')).toContain('broadcasts.view')
    expect(await roleCount(ws.tenant.id)).toBe(0)
    success(await createRole.run(creator, fields('Role viewers', ['roles.view'])))
    expect(await roleCount(ws.tenant.id)).toBe(1)

    const viewer = await accessOf(await ws.add({ permissions: ['roles.view'] }))
    expect(failure(await createRole.run(viewer, fields('Nope', ['roles.view']))).code).toBe('forbidden')
    expect(await roleCount(ws.tenant.id)).toBe(1)
    expect(await events(ws.tenant.id, 'role.create')).toHaveLength(1)
  })
})

describe('role limit', () => {
  it('on a plan allowing 2 roles, creating or duplicating a third is refused naming the limit', async () => {
    await ensurePlans()
    const plan = await db().plan.create({
      data: { id: `roles2-${randomBytes(4).toString('hex')}`, name: 'Tiny', seatLimit: 10, roleLimit: 2, enabledModules: ['settings', 'billing'] },
    })
    const { ws, state } = await setup({ plan: plan.id })
    const first = await role(ws.tenant.id, ['users.view'], 'First')
    success(await createRole.run(state, fields('Second', ['users.view']))) // 2 of 2
    for (const r of [await createRole.run(state, fields('Third', ['users.view'])), await duplicateRole.run(state, { roleId: first.id })]) {
      expect(failure(r).code).toBe('limit')
      expect(r.message).toMatch(/Tiny plan allows 2 role templates/)
    }
    expect(await roleCount(ws.tenant.id)).toBe(2)
  })
})

describe('duplicateRole', () => {
  it('copies description and permissions as “X (copy)”, then “X (copy 2)”', async () => {
    const { ws, state } = await setup()
    const src = await role(ws.tenant.id, ['inbox.view.own', 'inbox.send.own', 'users.view'], 'Support', 'Answers customers')
    const names: string[] = []
    for (let i = 0; i < 2; i++) {
      const copy = await roleRow(success(await duplicateRole.run(state, { roleId: src.id })).data!.id)
      expect(copy).toMatchObject({ description: 'Answers customers', version: 1, permissions: (await roleRow(src.id))!.permissions })
      names.push(copy!.name)
    }
    expect(names).toEqual(['Support (copy)', 'Support (copy 2)'])
    expect(await events(ws.tenant.id, 'role.create')).toHaveLength(2)
  })

  it('does not find a role of another workspace, and refuses copying permissions the actor lacks', async () => {
    const { ws, state } = await setup()
    const other = await createWorkspace()
    const foreign = await role(other.tenant.id, ['users.view'], 'Foreign')
    expect(failure(await duplicateRole.run(state, { roleId: foreign.id })).code).toBe('not_found')
    expect([await roleCount(ws.tenant.id), await roleCount(other.tenant.id)]).toEqual([0, 1])

    const analysts = await role(ws.tenant.id, ['analytics.view'], 'Analysts')
    const viewers = await role(ws.tenant.id, ['roles.view'], 'Viewers')
    const member = await accessOf(await ws.add({ permissions: ['roles.view', 'roles.create'] }))
    const r = failure(await duplicateRole.run(member, { roleId: analysts.id }))
    expect(r.code).toBe('forbidden')
    expect(r.message).toMatch(/^You can’t duplicate Analysts: .*analytics\.view/)
    expect(await roleCount(ws.tenant.id)).toBe(2)
    success(await duplicateRole.run(member, { roleId: viewers.id }))
    expect(await roleCount(ws.tenant.id)).toBe(3)
  })
})

describe('updateRole', () => {
  it('bumps the version; a save from a stale version is a conflict and leaves the role as saved', async () => {
    const { ws, state } = await setup()
    const r = await role(ws.tenant.id, ['users.view'], 'Support')
    expect(success(await updateRole.run(state, edit(r, 1, 'Support', ['users.view', 'inbox.view.own']))).data).toEqual({ version: 2 })
    const saved = await roleRow(r.id)
    const stale = failure(await updateRole.run(state, edit(r, 1, 'Hijacked', ['analytics.view'])))
    expect(stale.code).toBe('conflict')
    expect(stale.message).toMatch(/changed by someone else/)
    expect(await roleRow(r.id)).toEqual(saved)
    expect(saved).toMatchObject({ version: 2, permissions: ['inbox.view.own', 'users.view'] })
    expect(success(await updateRole.run(state, edit(r, 2, 'Support', ['users.view']))).data).toEqual({ version: 3 })
  })

  it('does not find a role of another workspace and leaves it untouched', async () => {
    const { state } = await setup()
    const other = await createWorkspace()
    const foreign = await role(other.tenant.id, ['users.view'], 'Foreign')
    const before = await roleRow(foreign.id)
    expect(failure(await updateRole.run(state, edit(foreign, 1, 'Mine now', ['analytics.view']))).code).toBe('not_found')
    expect(await roleRow(foreign.id)).toEqual(before)
    expect(await events(other.tenant.id)).toHaveLength(0)
  })

  it('refuses granting a key the editor lacks; keeping one already there is allowed', async () => {
    const { ws } = await setup()
    const r = await role(ws.tenant.id, ['analytics.view', 'users.view'], 'Analysts')
    const editor = await accessOf(await ws.add({ permissions: ['roles.view', 'roles.edit', 'users.view'] }))
    const refused = failure(await updateRole.run(editor, edit(r, 1, 'Analysts', ['analytics.view', 'users.view', 'workflows.view'])))
    expect(refused.code).toBe('forbidden')
    expect(refused.fieldErrors?.permissions?.join(' ')).toContain('workflows.view')
    expect(await roleRow(r.id)).toMatchObject({ version: 1, permissions: ['analytics.view', 'users.view'] })
    success(await updateRole.run(editor, edit(r, 1, 'Analysts', ['analytics.view', 'users.view', 'roles.view'])))
    expect(await roleRow(r.id)).toMatchObject({ version: 2, permissions: ['analytics.view', 'roles.view', 'users.view'] })
  })

  it('members with the role get the change on their next access check', async () => {
    const { ws, state } = await setup()
    const r = await role(ws.tenant.id, ['analytics.view'], 'Analysts')
    const m = await ws.add({ templateId: r.id })
    expect((await accessFor(m)).can('analytics.view')).toBe(true)
    success(await updateRole.run(state, edit(r, 1, 'Analysts', ['workflows.view'])))
    const after = await accessFor(m)
    expect([after.can('analytics.view'), after.can('workflows.view')]).toEqual([false, true])
  })
})

describe('previewRoleImpact', () => {
  it('counts per key who gains and who loses, after direct grants and CRM access', async () => {
    const { ws, state } = await setup()
    const r = await role(ws.tenant.id, ['analytics.view', 'users.view'], 'Analysts')
    await ws.add({ templateId: r.id, crmAccess: true, permissions: ['users.view'] }) // keeps users.view directly
    await ws.add({ templateId: r.id, crmAccess: false })
    await ws.add({ role: 'ADMIN', templateId: r.id }) // admins have everything: not counted
    const before = await roleRow(r.id)
    const p = success(await previewRoleImpact.run(state, { roleId: r.id, permissions: ['analytics.view', 'contacts.view.own', 'workflows.view'] }))
    const lines = (xs: { key: string; members: number }[]) => xs.map(({ key, members }) => ({ key, members })).sort((a, b) => a.key.localeCompare(b.key))
    expect(p.data?.members).toBe(2)
    expect(lines(p.data!.gained)).toEqual([
      { key: 'contacts.view.own', members: 1 },
      { key: 'workflows.view', members: 2 },
    ])
    expect(lines(p.data!.lost)).toEqual([{ key: 'users.view', members: 1 }])
    expect(await roleRow(r.id)).toEqual(before) // read only

    const foreign = await role((await createWorkspace()).tenant.id, ['users.view'])
    expect(failure(await previewRoleImpact.run(state, { roleId: foreign.id, permissions: [] })).code).toBe('not_found')
  })
})

describe('deleteRole', () => {
  async function withMembers() {
    const s = await setup()
    const r = await role(s.ws.tenant.id, ['users.view', 'inbox.view.own'], 'Support', 'Answers customers')
    const members = [await s.ws.add({ templateId: r.id }), await s.ws.add({ templateId: r.id })]
    return { ...s, r, members }
  }

  it('with members and no choice, or a stale count, refuses and deletes nothing', async () => {
    const { ws, state, r, members } = await withMembers()
    const none = failure(await deleteRole.run(state, { roleId: r.id }))
    expect(none.code).toBe('conflict')
    expect(none.message).toMatch(/2 members use this role template/)
    expect(failure(await deleteRole.run(state, { roleId: r.id, removeFromMembers: 1 })).code).toBe('conflict')
    expect(await roleRow(r.id)).not.toBeNull()
    expect(await Promise.all(members.map(templateOf))).toEqual([r.id, r.id])
    expect(await events(ws.tenant.id)).toHaveLength(0)
  })

  it('with the right count, deletes the role and leaves its members without one', async () => {
    const { ws, state, r, members } = await withMembers()
    success(await deleteRole.run(state, { roleId: r.id, removeFromMembers: 2 }))
    expect(await roleRow(r.id)).toBeNull()
    expect(await Promise.all(members.map(templateOf))).toEqual([null, null])
    expect(await events(ws.tenant.id, 'role.delete')).toHaveLength(1)
  })

  it('with a replacement, moves the members and audits what the role was', async () => {
    const { ws, state, r, members } = await withMembers()
    const next = await role(ws.tenant.id, ['users.view'], 'Helpdesk')
    const res = success(await deleteRole.run(state, { roleId: r.id, replacementId: next.id }))
    expect(res.message).toMatch(/2 members now have Helpdesk/)
    expect(await roleRow(r.id)).toBeNull()
    expect(await Promise.all(members.map(templateOf))).toEqual([next.id, next.id])
    const [event] = await events(ws.tenant.id, 'role.delete')
    const before = event.before as { name: string; permissions: string[]; members: string[] }
    expect(before.name).toBe('Support')
    expect([...before.permissions].sort()).toEqual(['inbox.view.own', 'users.view'])
    expect([...before.members].sort()).toEqual(members.map((m) => m.email).sort())
    expect(event.after).toEqual({ membersMovedTo: 'Helpdesk' })
  })

  it('refuses a replacement of another workspace, or one holding permissions the actor lacks', async () => {
    const { ws, r, members, state } = await withMembers()
    const foreign = await role((await createWorkspace()).tenant.id, ['users.view'])
    expect(Object.keys(failure(await deleteRole.run(state, { roleId: r.id, replacementId: foreign.id })).fieldErrors ?? {})).toEqual(['replacementId'])
    expect(Object.keys(failure(await deleteRole.run(state, { roleId: r.id, replacementId: r.id })).fieldErrors ?? {})).toEqual(['replacementId'])

    const strong = await role(ws.tenant.id, ['users.view', 'analytics.view'], 'Strong')
    const actor = await accessOf(await ws.add({ permissions: ['roles.view', 'roles.delete', 'roles.assign', 'users.view', 'inbox.view.own'] }))
    const lacks = failure(await deleteRole.run(actor, { roleId: r.id, replacementId: strong.id }))
    expect(lacks.code).toBe('forbidden')
    expect(lacks.fieldErrors?.replacementId?.join(' ')).toContain('analytics.view')
    expect(await roleRow(r.id)).not.toBeNull()
    expect(await Promise.all(members.map(templateOf))).toEqual([r.id, r.id])
    expect(await events(ws.tenant.id)).toHaveLength(0)
  })

  it('moving members needs roles.assign; removing the role from them does not', async () => {
    const { ws, r, members } = await withMembers()
    const viewers = await role(ws.tenant.id, ['roles.view'], 'Viewers')
    const deleter = await accessOf(await ws.add({ permissions: ['roles.view', 'roles.delete'] }))
    expect(failure(await deleteRole.run(deleter, { roleId: r.id, replacementId: viewers.id })).code).toBe('forbidden')
    expect(await Promise.all(members.map(templateOf))).toEqual([r.id, r.id])
    success(await deleteRole.run(deleter, { roleId: r.id, removeFromMembers: 2 }))
    expect(await roleRow(r.id)).toBeNull()
    expect(await Promise.all(members.map(templateOf))).toEqual([null, null])
  })
})

describe('setRoleAssignees', () => {
  it('adds and removes members in one call; owners and admins are skipped with the reason', async () => {
    const { ws, state } = await setup()
    const r = await role(ws.tenant.id, ['users.view'], 'Support')
    const [a, b, c] = [await ws.add(), await ws.add(), await ws.add({ templateId: r.id })]
    const [admin, owner2] = [await ws.add({ role: 'ADMIN' }), await ws.add({ role: 'OWNER' })]
    const res = success(await setRoleAssignees.run(state, { roleId: r.id, add: [a.id, b.id, admin.id, owner2.id], remove: [c.id] }))
    expect([...(res.data?.changed ?? [])].sort()).toEqual([a.id, b.id, c.id].sort())
    expect(res.data?.skipped.map((s) => s.id).sort()).toEqual([admin.id, owner2.id].sort())
    expect(res.data?.skipped.every((s) => /members only/.test(s.reason))).toBe(true)
    expect(await Promise.all([a, b, c, admin, owner2].map(templateOf))).toEqual([r.id, r.id, null, null, null])
    expect(await events(ws.tenant.id, 'member.template')).toHaveLength(3)
  })

  it('a member of another workspace fails the whole call and changes nothing', async () => {
    const { ws, state } = await setup()
    const r = await role(ws.tenant.id, ['users.view'])
    const a = await ws.add()
    const foreign = await (await createWorkspace()).add()
    expect(failure(await setRoleAssignees.run(state, { roleId: r.id, add: [a.id, foreign.id] })).code).toBe('not_found')
    expect(await Promise.all([a, foreign].map(templateOf))).toEqual([null, null])
    expect(await events(ws.tenant.id)).toHaveLength(0)
  })

  it('a member cannot give a role with permissions they lack, unless the target already has them', async () => {
    const { ws } = await setup()
    const r = await role(ws.tenant.id, ['analytics.view'], 'Analysts')
    const actor = await accessOf(await ws.add({ permissions: ['roles.view', 'roles.assign', 'users.view'] }))
    const [plain, hasIt] = [await ws.add(), await ws.add({ permissions: ['analytics.view'] })]
    const res = success(await setRoleAssignees.run(actor, { roleId: r.id, add: [plain.id, hasIt.id] }))
    expect(res.data?.changed).toEqual([hasIt.id])
    expect(res.data?.skipped).toEqual([{ id: plain.id, email: plain.email, reason: expect.stringMatching(/can’t give Analysts/) }])
    expect(await Promise.all([plain, hasIt].map(templateOf))).toEqual([null, r.id])
    expect((await accessFor(plain)).can('analytics.view')).toBe(false)
  })

  it('a member taken off a role loses its permissions on their next access check', async () => {
    const { ws, state } = await setup()
    const r = await role(ws.tenant.id, ['users.view'], 'User viewers')
    const m = await ws.add({ templateId: r.id })
    expect((await accessFor(m)).can('users.view')).toBe(true)
    success(await setRoleAssignees.run(state, { roleId: r.id, remove: [m.id] }))
    expect((await accessFor(m)).can('users.view')).toBe(false)
  })
})

describe('findAssignees', () => {
  it('lists the role’s members and the members who could be given it, in this workspace only', async () => {
    const { ws, owner, state } = await setup()
    const r = await role(ws.tenant.id, ['users.view'])
    const [holder, candidate] = [await ws.add({ templateId: r.id }), await ws.add()]
    await (await createWorkspace()).add({ email: `outsider-${candidate.email}` })
    const res = success(await findAssignees.run(state, { roleId: r.id, q: '' }))
    expect(res.data?.assigned.map((m) => m.id)).toEqual([holder.id])
    expect(res.data?.candidates.map((m) => m.id)).toEqual([candidate.id])
    expect(res.data?.candidates.map((m) => m.id)).not.toContain(owner.id)
    const foreign = await role((await createWorkspace()).tenant.id)
    expect(failure(await findAssignees.run(state, { roleId: foreign.id, q: '' })).code).toBe('not_found')
  })
})

// The words of each refusal, and the edges each branch of lib/roles decides (found undecided by
// the mutation run: docs/mutation.md, sixth batch).
describe('lib/roles: refusals word for word, and the edges', () => {
  it('the role limit names the plan, and offers an upgrade only when a plan allows more', async () => {
    await ensurePlans()
    const top = await db().plan.create({
      data: { id: `roles-top-${randomBytes(4).toString('hex')}`, name: 'Top', seatLimit: 10, roleLimit: 21, enabledModules: ['settings', 'billing'] },
    })
    const { ws, state } = await setup({ plan: top.id })
    await db().roleTemplate.createMany({ data: Array.from({ length: 21 }, (_, i) => ({ tenantId: ws.tenant.id, name: `R${i}` })) })
    expect(failure(await createRole.run(state, fields('One more', ['users.view']))).message).toBe(
      'The Top plan allows 21 role templates and all are used. Delete a role template first.',
    )
    await db().plan.update({ where: { id: top.id }, data: { roleLimit: 2 } })
    await db().roleTemplate.deleteMany({ where: { tenantId: ws.tenant.id, name: { not: { in: ['R0', 'R1'] } } } })
    expect(
      failure(await duplicateRole.run(state, { roleId: (await db().roleTemplate.findFirstOrThrow({ where: { tenantId: ws.tenant.id } })).id })).message,
    ).toBe('The Top plan allows 2 role templates and all are used. Delete a role template or upgrade the plan first.')
  })

  it('a name taken, and a role not found, in their words', async () => {
    const { ws, state } = await setup()
    await role(ws.tenant.id, [], 'Taken')
    const clash = failure(await createRole.run(state, fields('Taken', ['users.view'])))
    expect([clash.code, clash.message, clash.fieldErrors]).toEqual([
      'conflict',
      'Check the highlighted fields.',
      { name: ['Another role template already has this name.'] },
    ])
    const gone = 'cm0000000000000000000000'
    expect(failure(await duplicateRole.run(state, { roleId: gone })).message).toBe('That role template was not found.')
    expect(failure(await deleteRole.run(state, { roleId: gone, removeFromMembers: 0 })).message).toBe('That role template was not found.')
    expect(failure(await setRoleAssignees.run(state, { roleId: gone, add: [] })).message).toBe('That role template was not found.')
    const stranger = failure(await setRoleAssignees.run(state, { roleId: (await role(ws.tenant.id)).id, add: [gone] }))
    expect(stranger.message).toBe('Some of these members are no longer in this workspace. Reload and try again.')
  })

  it('a role nobody uses is deleted whatever replacement is named, and moves nobody', async () => {
    const { ws, state } = await setup()
    const unused = await role(ws.tenant.id, ['users.view'], 'Unused')
    const other = await role(ws.tenant.id, ['users.view'], 'Other')
    const holder = await ws.add({ templateId: other.id })
    const res = success(await deleteRole.run(state, { roleId: unused.id, replacementId: other.id }))
    expect(res.message).not.toMatch(/now have/)
    expect(await roleRow(unused.id)).toBeNull()
    const [event] = await events(ws.tenant.id, 'role.delete')
    expect(event.after).toEqual({ membersMovedTo: null })
    expect(await templateOf(holder)).toBe(other.id)
    // Naming itself, or nothing, is no problem either when nobody uses it.
    const lone = await role(ws.tenant.id, [], 'Lone')
    success(await deleteRole.run(state, { roleId: lone.id, replacementId: lone.id }))
    expect(await roleRow(lone.id)).toBeNull()
  })

  it('one member, or several: the count in the refusal, and the replacement’s field error', async () => {
    const { ws, state } = await setup()
    const single = await role(ws.tenant.id, ['users.view'], 'Single')
    await ws.add({ templateId: single.id })
    const one = failure(await deleteRole.run(state, { roleId: single.id }))
    expect(one.message).toBe('1 member uses this role template. Choose a replacement, or confirm removing it from them.')
    expect(one.fieldErrors).toEqual({ replacementId: [one.message] })
    const pair = await role(ws.tenant.id, ['users.view'], 'Pair')
    await ws.add({ templateId: pair.id })
    await ws.add({ templateId: pair.id })
    expect(failure(await deleteRole.run(state, { roleId: pair.id, removeFromMembers: 3 })).message).toBe(
      '2 members use this role template. Choose a replacement, or confirm removing it from all 2.',
    )
    const self = failure(await deleteRole.run(state, { roleId: pair.id, replacementId: pair.id }))
    expect([self.code, self.message, self.fieldErrors]).toEqual([
      'invalid',
      'Check the highlighted fields.',
      { replacementId: ['Choose another role template of this workspace.'] },
    ])
    const strong = await role(ws.tenant.id, ['analytics.view'], 'Strong')
    const actor = await accessOf(await ws.add({ permissions: ['roles.view', 'roles.delete', 'roles.assign', 'users.view'] }))
    const lacks = failure(await deleteRole.run(actor, { roleId: pair.id, replacementId: strong.id }))
    expect(lacks.message).toBe(`You can’t move members to Strong: ${lacks.fieldErrors?.replacementId?.[0]}`)
  })

  it('assignees: a member named twice counts once; already on it, or not on it, is skipped in words', async () => {
    const { ws, state } = await setup()
    const r = await role(ws.tenant.id, ['users.view'], 'Support')
    const [a, on, off] = [await ws.add(), await ws.add({ templateId: r.id }), await ws.add()]
    const res = success(await setRoleAssignees.run(state, { roleId: r.id, add: [a.id, a.id, on.id], remove: [off.id, off.id] }))
    expect(res.data?.changed).toEqual([a.id])
    expect(res.data?.skipped).toEqual([
      { id: on.id, email: on.email, reason: 'Already has this role template.' },
      { id: off.id, email: off.email, reason: 'Does not have this role template.' },
    ])
    expect(await events(ws.tenant.id, 'member.template')).toHaveLength(1)
    // Removing a member named twice: one change, one event.
    const again = success(await setRoleAssignees.run(state, { roleId: r.id, remove: [a.id, a.id] }))
    expect(again.data?.changed).toEqual([a.id])
    expect(await events(ws.tenant.id, 'member.template')).toHaveLength(2)
    // Named in both lists: added, not removed.
    const both = success(await setRoleAssignees.run(state, { roleId: r.id, add: [off.id], remove: [off.id] }))
    expect(both.data?.changed).toEqual([off.id])
    expect(both.data?.skipped).toEqual([])
    expect(await templateOf(off)).toBe(r.id)
  })

  it('the impact preview counts only permissions of modules the plan has', async () => {
    const { ws, state } = await setup({ plan: 'free' })
    const r = await role(ws.tenant.id, ['users.view'], 'Viewers')
    await ws.add({ templateId: r.id, crmAccess: true })
    const p = success(await previewRoleImpact.run(state, { roleId: r.id, permissions: ['users.view', 'analytics.view', 'contacts.view.own'] }))
    expect(p.data?.gained.map((l) => l.key)).toEqual(['contacts.view.own'])
    expect(p.data?.lost).toEqual([])
  })
})
