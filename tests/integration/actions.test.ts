import { describe, expect, it } from 'vitest'
import { changePassword } from '@/app/(app)/profile/actions'
import { updateRole } from '@/app/(app)/settings/roles/actions'
import { authenticate } from '@/lib/auth/sign-in'
import { db } from '@/lib/db/client'
import { accessOf, createWorkspace, failure, PASSWORD, success, auditCount } from '../support/fixtures'

// The action gate (lib/authz/guards.ts defineAction) with real server actions and a real
// database: session → active membership → permission → validation → handler → audit.

async function createRole(tenantId: string, name: string, keys: string[] = [], description = '') {
  return db().roleTemplate.create({ data: { tenantId, name, description, permissions: { create: keys.map((key) => ({ key })) } } })
}

/** What a role looks like in the database, for before/after comparisons. */
async function roleRow(id: string) {
  const r = await db().roleTemplate.findUniqueOrThrow({
    where: { id },
    select: { name: true, description: true, version: true, permissions: { select: { key: true } } },
  })
  return { name: r.name, description: r.description, version: r.version, permissions: r.permissions.map((p) => p.key).sort() }
}

/** A workspace with an owner and one role (users.view, analytics.view), at version 1. */
async function setup() {
  const ws = await createWorkspace()
  const owner = await ws.add({ role: 'OWNER' })
  const role = await createRole(ws.tenant.id, 'Support', ['users.view', 'analytics.view'], 'Answers customers')
  return { ws, owner, role }
}

describe('action gate: session and membership', () => {
  it('refuses an anonymous caller before anything else, and writes nothing', async () => {
    const { ws, role } = await setup()
    const before = await roleRow(role.id)
    const r = failure(await updateRole.run({ status: 'anonymous' }, { roleId: role.id, version: 1, name: 'Hacked', description: '', permissions: [] }))
    expect(r.code).toBe('unauthenticated')
    expect(await roleRow(role.id)).toEqual(before)
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('refuses a suspended member, even an owner, and writes nothing', async () => {
    const { ws, role } = await setup()
    const suspended = await ws.add({ role: 'OWNER', status: 'SUSPENDED' })
    const state = await accessOf(suspended)
    expect(state).toEqual({ status: 'inactive', reason: 'SUSPENDED' })
    const before = await roleRow(role.id)
    const r = failure(await updateRole.run(state, { roleId: role.id, version: 1, name: 'Hacked', description: '', permissions: ['billing.manage'] }))
    expect(r.code).toBe('unauthenticated')
    expect(await roleRow(role.id)).toEqual(before)

    const pw = failure(await changePassword.run(state, { currentPassword: PASSWORD, newPassword: 'a new password 1', confirmPassword: 'a new password 1' }))
    expect(pw.code).toBe('unauthenticated')
    // The password is unchanged: only the right one gets the "suspended" answer.
    expect(await authenticate(suspended.email, PASSWORD, null)).toMatchObject({ ok: false, code: 'suspended' })
    const user = await db().user.findUniqueOrThrow({ where: { id: suspended.userId } })
    expect(user.sessionVersion).toBe(0)
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('refuses a member without roles.edit with forbidden, and the role is unchanged', async () => {
    const { ws, role } = await setup()
    const viewer = await ws.add({ permissions: ['roles.view', 'users.view', 'users.edit'] })
    const before = await roleRow(role.id)
    const r = failure(
      await updateRole.run(await accessOf(viewer), { roleId: role.id, version: 1, name: 'Renamed', description: '', permissions: ['users.view'] }),
    )
    expect(r.code).toBe('forbidden')
    expect(await roleRow(role.id)).toEqual(before)
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('lets a member holding roles.edit through a role template in', async () => {
    const { ws, role } = await setup()
    const editorsRole = await createRole(ws.tenant.id, 'Role editors', ['roles.view', 'roles.edit', 'users.view', 'analytics.view'])
    const editor = await ws.add({ templateId: editorsRole.id })
    const r = success(
      await updateRole.run(await accessOf(editor), { roleId: role.id, version: 1, name: 'Support', description: 'Changed', permissions: ['users.view'] }),
    )
    expect(r.data).toEqual({ version: 2 })
    expect(await roleRow(role.id)).toMatchObject({ description: 'Changed', permissions: ['users.view'], version: 2 })
  })
})

describe('action gate: validation', () => {
  it('returns every field error at once and writes nothing', async () => {
    const { ws, owner, role } = await setup()
    const before = await roleRow(role.id)
    const r = failure(await updateRole.run(await accessOf(owner), { roleId: role.id, name: '', description: 'x'.repeat(600), permissions: [] }))
    expect(r.code).toBe('invalid')
    expect(Object.keys(r.fieldErrors ?? {}).sort()).toEqual(['description', 'name', 'version'])
    expect(r.fieldErrors?.name).toEqual(['Enter a name for the role template.'])
    expect(r.fieldErrors?.description).toEqual(['Use at most 500 characters.'])
    expect(r.fieldErrors?.version?.length).toBeGreaterThan(0)
    expect(await roleRow(role.id)).toEqual(before)
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('accepts FormData-style string input (version coerced)', async () => {
    const { owner, role } = await setup()
    const r = success(await updateRole.run(await accessOf(owner), { roleId: role.id, version: '1', name: '  Support desk  ', permissions: ['users.view'] }))
    expect(r.data).toEqual({ version: 2 })
    expect(await roleRow(role.id)).toEqual({ name: 'Support desk', description: '', version: 2, permissions: ['users.view'] })
  })
})

describe('updateRole', () => {
  it('saves name, description and normalized permissions, bumps the version and audits once', async () => {
    const { ws, owner, role } = await setup()
    const r = success(
      await updateRole.run(
        await accessOf(owner),
        {
          roleId: role.id,
          version: 1,
          name: 'Support team',
          description: 'Answers and publishes',
          permissions: ['analytics.view', 'broadcasts.publish', 'contacts.edit.team'],
        },
        '203.0.113.7',
      ),
    )
    expect(r.data).toEqual({ version: 2 })
    const added = ['broadcasts.create', 'broadcasts.publish', 'broadcasts.view', 'contacts.edit.team', 'contacts.view.team']
    expect(await roleRow(role.id)).toEqual({
      name: 'Support team',
      description: 'Answers and publishes',
      version: 2,
      permissions: ['analytics.view', ...added].sort(),
    })

    const events = await db().auditEvent.findMany({ where: { tenantId: ws.tenant.id } })
    expect(events).toHaveLength(1)
    const e = events[0]
    expect(e).toMatchObject({ action: 'role.update', actorEmail: owner.email, actorId: owner.userId, targetType: 'role', targetId: role.id, ip: '203.0.113.7' })
    const before = e.before as { name: string; description: string; permissionsRemoved: string[] }
    const after = e.after as { name: string; description: string; permissionsAdded: string[] }
    expect(before).toMatchObject({ name: 'Support', description: 'Answers customers' })
    expect(before.permissionsRemoved).toEqual(['users.view'])
    expect(after).toMatchObject({ name: 'Support team', description: 'Answers and publishes' })
    expect([...after.permissionsAdded].sort()).toEqual(added)
  })

  it('refuses a save from a stale version and keeps the first save', async () => {
    const { ws, owner, role } = await setup()
    const state = await accessOf(owner)
    success(await updateRole.run(state, { roleId: role.id, version: 1, name: 'First', description: 'first save', permissions: ['workflows.view'] }))
    const second = failure(
      await updateRole.run(state, { roleId: role.id, version: 1, name: 'Second', description: 'second save', permissions: ['audit.view'] }),
    )
    expect(second.code).toBe('conflict')
    expect(second.message).toContain('changed by someone else')
    expect(await roleRow(role.id)).toEqual({ name: 'First', description: 'first save', version: 2, permissions: ['workflows.view'] })
    expect(await auditCount(ws.tenant.id)).toBe(1)
    // Reloaded, the second editor can save.
    success(await updateRole.run(state, { roleId: role.id, version: 2, name: 'Second', description: 'second save', permissions: ['audit.view'] }))
    expect(await roleRow(role.id)).toMatchObject({ name: 'Second', version: 3, permissions: ['audit.view'] })
  })

  it('does not find a role of another workspace, and leaves it alone', async () => {
    const { ws, owner } = await setup()
    const other = await createWorkspace()
    const foreign = await createRole(other.tenant.id, 'Theirs', ['users.view'])
    const before = await roleRow(foreign.id)
    const r = failure(
      await updateRole.run(await accessOf(owner), { roleId: foreign.id, version: 1, name: 'Mine now', description: '', permissions: ['billing.manage'] }),
    )
    expect(r.code).toBe('not_found')
    expect(await roleRow(foreign.id)).toEqual(before)
    expect(await auditCount(ws.tenant.id)).toBe(0)
    expect(await auditCount(other.tenant.id)).toBe(0)
  })

  it('refuses an unknown permission key and writes nothing', async () => {
    const { ws, owner, role } = await setup()
    const before = await roleRow(role.id)
    const r = failure(
      await updateRole.run(await accessOf(owner), { roleId: role.id, version: 1, name: 'Support', description: '', permissions: ['users.view', 'made.up'] }),
    )
    expect(r.code).toBe('invalid')
    expect(r.fieldErrors?.permissions?.join(' ')).toContain('made.up')
    expect(await roleRow(role.id)).toEqual(before)
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('refuses a name another role of the workspace has; another workspace’s names do not count', async () => {
    const { ws, owner, role } = await setup()
    const sales = await createRole(ws.tenant.id, 'Sales', ['users.view'])
    const before = await roleRow(sales.id)
    const r = failure(
      await updateRole.run(await accessOf(owner), {
        roleId: sales.id,
        version: 1,
        name: ' Support ',
        description: 'dup',
        permissions: ['users.view', 'audit.view'],
      }),
    )
    expect(r.fieldErrors?.name?.length).toBeGreaterThan(0)
    expect(await roleRow(sales.id)).toEqual(before) // name, version and permissions all rolled back
    expect(await roleRow(role.id)).toMatchObject({ name: 'Support', version: 1 })
    expect(await auditCount(ws.tenant.id)).toBe(0)

    const other = await createWorkspace()
    const otherOwner = await other.add({ role: 'OWNER' })
    const theirs = await createRole(other.tenant.id, 'Sales')
    success(await updateRole.run(await accessOf(otherOwner), { roleId: theirs.id, version: 1, name: 'Support', description: '', permissions: [] }))
    expect(await roleRow(theirs.id)).toMatchObject({ name: 'Support', version: 2 })
  })
})

describe('updateRole: no escalation', () => {
  async function escalationSetup() {
    const ws = await createWorkspace()
    // The role holds keys the editor lacks (users.view, analytics.*).
    const role = await createRole(ws.tenant.id, 'Analysts', ['users.view', 'analytics.view', 'analytics.export'])
    const editor = await ws.add({ permissions: ['roles.view', 'roles.edit', 'workflows.view'] })
    return { ws, role, state: await accessOf(editor) }
  }

  it('refuses adding a permission the editor lacks, naming it, and writes nothing', async () => {
    const { ws, role, state } = await escalationSetup()
    const before = await roleRow(role.id)
    const r = failure(
      await updateRole.run(state, { roleId: role.id, version: 1, name: 'Analysts', description: '', permissions: [...before.permissions, 'users.delete'] }),
    )
    expect(r.code).toBe('forbidden')
    expect(r.fieldErrors?.permissions?.join(' ')).toContain('users.delete')
    expect(await roleRow(role.id)).toEqual(before)
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('refuses a held key whose prerequisite, added by normalization, the editor lacks', async () => {
    const ws = await createWorkspace()
    const role = await createRole(ws.tenant.id, 'Empty')
    // Stored without its prerequisite users.view (as an old grant might be).
    const editor = await ws.add({ permissions: ['roles.view', 'roles.edit', 'roles.assign'] })
    const r = failure(
      await updateRole.run(await accessOf(editor), { roleId: role.id, version: 1, name: 'Empty', description: '', permissions: ['roles.assign'] }),
    )
    expect(r.code).toBe('forbidden')
    expect(r.fieldErrors?.permissions?.join(' ')).toContain('users.view')
    expect(await roleRow(role.id)).toEqual({ name: 'Empty', description: '', version: 1, permissions: [] })
  })

  it('lets the editor keep keys they lack that were already there, add keys they hold, and remove keys', async () => {
    const { ws, role, state } = await escalationSetup()
    const kept = success(
      await updateRole.run(state, {
        roleId: role.id,
        version: 1,
        name: 'Analysts',
        description: 'kept',
        permissions: ['users.view', 'analytics.view', 'analytics.export', 'workflows.view'],
      }),
    )
    expect(kept.data).toEqual({ version: 2 })
    expect(await roleRow(role.id)).toMatchObject({
      description: 'kept',
      version: 2,
      permissions: ['analytics.export', 'analytics.view', 'users.view', 'workflows.view'],
    })

    success(await updateRole.run(state, { roleId: role.id, version: 2, name: 'Analysts', description: 'trimmed', permissions: ['analytics.view'] }))
    expect(await roleRow(role.id)).toMatchObject({ description: 'trimmed', version: 3, permissions: ['analytics.view'] })
    expect(await auditCount(ws.tenant.id)).toBe(2)

    // Once removed, a key the editor lacks cannot be put back by them.
    const back = failure(
      await updateRole.run(state, { roleId: role.id, version: 3, name: 'Analysts', description: '', permissions: ['analytics.view', 'users.view'] }),
    )
    expect(back.code).toBe('forbidden')
    expect(back.fieldErrors?.permissions?.join(' ')).toContain('users.view')
  })
})

describe('profile: changePassword', () => {
  it('refuses a wrong current password and changes nothing', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const r = failure(
      await changePassword.run(await accessOf(m), {
        currentPassword: 'not the password',
        newPassword: 'brand new secret',
        confirmPassword: 'brand new secret',
      }),
    )
    expect(r.fieldErrors?.currentPassword?.length).toBeGreaterThan(0)
    expect((await db().user.findUniqueOrThrow({ where: { id: m.userId } })).sessionVersion).toBe(0)
    expect(await authenticate(m.email, 'brand new secret', null)).toMatchObject({ ok: false, code: 'invalid' })
    expect(await authenticate(m.email, PASSWORD, null)).toMatchObject({ ok: true })
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('returns every field error of the form', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const r = failure(await changePassword.run(await accessOf(m), { currentPassword: '', newPassword: 'short', confirmPassword: 'other' }))
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(expect.arrayContaining(['currentPassword', 'newPassword']))
  })

  it('with the right one: bumps the session version and the new password signs in', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const before = await db().user.findUniqueOrThrow({ where: { id: m.userId } })
    success(await changePassword.run(await accessOf(m), { currentPassword: PASSWORD, newPassword: 'brand new secret', confirmPassword: 'brand new secret' }))
    const after = await db().user.findUniqueOrThrow({ where: { id: m.userId } })
    expect(after.sessionVersion).toBe(before.sessionVersion + 1)
    expect(after.passwordHash).not.toBe(before.passwordHash)
    expect(await authenticate(m.email, 'brand new secret', null)).toMatchObject({ ok: true, userId: m.userId, sessionVersion: after.sessionVersion })
    expect(await authenticate(m.email, PASSWORD, null)).toMatchObject({ ok: false, code: 'invalid' })
    const events = await db().auditEvent.findMany({ where: { tenantId: ws.tenant.id } })
    expect(events.map((e) => [e.action, e.actorEmail, e.targetId])).toEqual([['profile.password', m.email, m.userId]])
  })
})
