import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { deleteMembers, setMembersTemplate, setMemberStatus } from '@/app/(app)/settings/users/actions'
import { inviteMembers, resendInvite, resendInvites, revokeInvites } from '@/app/(app)/settings/users/invite-actions'
import { changePlan } from '@/app/(app)/settings/billing/actions'
import { createRole, deleteRole, duplicateRole, setRoleAssignees, updateRole } from '@/app/(app)/settings/roles/actions'
import type { Access } from '@/lib/authz/access'
import type { ActionResult } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { databaseChecksum } from '../support/checksum'
import { accessFor, accessOf, createWorkspace, success, keepMailInOutbox, memberVersion } from '../support/fixtures'

// Privilege escalation on every path that can grant: invite, resend, CSV batch, bulk template,
// member edit, role edit, duplicate, assignees, delete-with-replacement, billing. The actor is a
// member who may manage users and roles but holds no broadcasts, billing, CRM or delete
// permission. Every attempt must be refused and leave the whole database as it was.

keepMailInOutbox()

/** What the actor may do: users and roles, no broadcasts.*, billing.*, users.delete, contacts (no CRM access). */
const DELEGATE = ['users.view', 'users.invite', 'users.edit', 'users.edit_status', 'roles.view', 'roles.create', 'roles.edit', 'roles.assign', 'teams.view']

async function role(tenantId: string, name: string, keys: string[]) {
  return db().roleTemplate.create({ data: { tenantId, name, permissions: { create: keys.map((key) => ({ key })) } } })
}

/**
 * A workspace with: an owner, an admin, a suspended admin, the actor (a member whose
 * permissions come from the role "Delegate", CRM access off), a second actor who may also
 * delete roles, a plain member, a member using the role "Plain", roles "Broadcaster"
 * (broadcasts.view) and "Viewer" (users.view), and invitations sent by the owner: an admin,
 * a member with "Broadcaster", a member with CRM access, and a plain member.
 */
async function setup() {
  const ws = await createWorkspace({ plan: 'business' })
  const t = ws.tenant.id
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const admin = await ws.add({ role: 'ADMIN' })
  const suspendedAdmin = await ws.add({ role: 'ADMIN', status: 'SUSPENDED' })
  const delegate = await role(t, 'Delegate', DELEGATE)
  const broadcaster = await role(t, 'Broadcaster', ['broadcasts.view'])
  const viewer = await role(t, 'Viewer', ['users.view'])
  const plain = await role(t, 'Plain', ['users.view', 'teams.view'])
  const actor = await ws.add({ templateId: delegate.id })
  const actor2 = await ws.add({ templateId: delegate.id, permissions: ['roles.delete'] })
  const member = await ws.add()
  const plainUser = await ws.add({ templateId: plain.id })
  const team = await db().team.create({ data: { tenantId: t, name: 'Support' } })

  const ownerState = await accessOf(owner)
  const addr = (name: string) => `${name}-${randomBytes(3).toString('hex')}@${ws.tag}.test`
  const invitations = {
    admin: addr('invited-admin'),
    broadcaster: addr('invited-broadcaster'),
    crm: addr('invited-crm'),
    plain: addr('invited-plain'),
  }
  success(
    await inviteMembers.run(ownerState, {
      rows: [
        { email: invitations.admin, baseRole: 'ADMIN' },
        { email: invitations.broadcaster, roleTemplateId: broadcaster.id },
      ],
    }),
  )
  success(await inviteMembers.run(ownerState, { rows: [{ email: invitations.crm }], crmAccess: true }))
  success(await inviteMembers.run(ownerState, { rows: [{ email: invitations.plain, roleTemplateId: viewer.id }] }))
  const invited = async (email: string) => (await db().membership.findFirstOrThrow({ where: { tenantId: t, user: { email } } })).id

  return {
    ws,
    owner,
    admin,
    suspendedAdmin,
    actor,
    actor2,
    member,
    plainUser,
    team,
    roles: { delegate, broadcaster, viewer, plain },
    invited: {
      admin: await invited(invitations.admin),
      broadcaster: await invited(invitations.broadcaster),
      crm: await invited(invitations.crm),
      plain: await invited(invitations.plain),
    },
    state: await accessOf(actor),
    state2: await accessOf(actor2),
    addr,
  }
}

type World = Awaited<ReturnType<typeof setup>>
type Attempt = {
  name: string
  run: (w: World) => Promise<ActionResult<unknown>>
  /** The refusal's code, when the path answers one for the whole request. */
  code?: 'forbidden' | 'not_found' | 'invalid'
  /** A field the refusal must point at. */
  field?: string
}

/** A member edit as the form sends it: the target's current values, with `change` applied. */
const edit = async (id: string, change: Record<string, unknown> = {}) => ({
  memberId: id,
  version: await memberVersion(id),
  baseRole: 'MEMBER',
  roleTemplateId: null,
  crmAccess: false,
  teamIds: [],
  permissions: [],
  ...change,
})

const ATTEMPTS: Attempt[] = [
  // Invite
  {
    name: 'invite someone as OWNER',
    field: 'rows.0.baseRole',
    run: (w) => inviteMembers.run(w.state, { rows: [{ email: w.addr('boss'), baseRole: 'OWNER' }] }),
  },
  {
    name: 'invite someone as ADMIN',
    field: 'rows.0.baseRole',
    run: (w) => inviteMembers.run(w.state, { rows: [{ email: w.addr('admin'), baseRole: 'ADMIN' }] }),
  },
  {
    name: 'invite with a role template that has broadcasts.view',
    field: 'rows.0.roleTemplateId',
    run: (w) => inviteMembers.run(w.state, { rows: [{ email: w.addr('b'), roleTemplateId: w.roles.broadcaster.id }] }),
  },
  {
    name: 'invite with CRM access (the actor has none)',
    field: 'rows.0.crmAccess',
    run: (w) => inviteMembers.run(w.state, { rows: [{ email: w.addr('crm') }], crmAccess: true }),
  },
  {
    name: 'CSV batch of 60 rows, row 37 as ADMIN: the whole batch is refused',
    field: 'rows.37.baseRole',
    run: (w) =>
      inviteMembers.run(w.state, {
        rows: Array.from({ length: 60 }, (_, i) => ({
          email: w.addr(`csv${i}`),
          baseRole: i === 37 ? 'ADMIN' : 'MEMBER',
          roleTemplateId: i % 2 ? w.roles.viewer.id : null,
        })),
      }),
  },
  {
    name: 'CSV batch of 40 rows, row 12 with the Broadcaster template: the whole batch is refused',
    field: 'rows.12.roleTemplateId',
    run: (w) =>
      inviteMembers.run(w.state, {
        rows: Array.from({ length: 40 }, (_, i) => ({ email: w.addr(`csv${i}`), roleTemplateId: i === 12 ? w.roles.broadcaster.id : w.roles.viewer.id })),
      }),
  },
  // Resend and revoke
  { name: 'resend the invitation of an invited ADMIN', code: 'forbidden', run: (w) => resendInvite.run(w.state, { memberId: w.invited.admin }) },
  {
    name: 'resend the invitation of a member invited with Broadcaster',
    code: 'forbidden',
    run: (w) => resendInvite.run(w.state, { memberId: w.invited.broadcaster }),
  },
  { name: 'resend the invitation of a member invited with CRM access', code: 'forbidden', run: (w) => resendInvite.run(w.state, { memberId: w.invited.crm }) },
  {
    name: 'bulk: resend the invitations of an invited ADMIN, a Broadcaster and a member with CRM access',
    code: 'forbidden',
    run: (w) => resendInvites.run(w.state, { memberIds: [w.invited.admin, w.invited.broadcaster, w.invited.crm] }),
  },
  { name: 'revoke the invitation of an invited ADMIN', code: 'forbidden', run: (w) => revokeInvites.run(w.state, { memberIds: [w.invited.admin] }) },
  // Bulk template
  {
    name: 'bulk: give a member the Broadcaster template',
    code: 'forbidden',
    run: (w) => setMembersTemplate.run(w.state, { memberIds: [w.member.id], roleTemplateId: w.roles.broadcaster.id }),
  },
  {
    name: 'bulk: give themselves the Broadcaster template',
    code: 'forbidden',
    run: (w) => setMembersTemplate.run(w.state, { memberIds: [w.actor.id], roleTemplateId: w.roles.broadcaster.id }),
  },
  {
    name: 'bulk: put a template on the admin',
    code: 'forbidden',
    run: (w) => setMembersTemplate.run(w.state, { memberIds: [w.admin.id], roleTemplateId: w.roles.viewer.id }),
  },
  // Member edit
  {
    name: 'member edit: grant broadcasts.view directly',
    code: 'forbidden',
    field: 'permissions',
    run: async (w) => updateMember.run(w.state, await edit(w.member.id, { permissions: ['broadcasts.view'] })),
  },
  {
    name: 'member edit: grant users.delete directly',
    code: 'forbidden',
    field: 'permissions',
    run: async (w) => updateMember.run(w.state, await edit(w.member.id, { permissions: ['users.view', 'users.delete'] })),
  },
  {
    name: 'member edit: grant contacts.view.all_assigned (CRM) directly',
    code: 'forbidden',
    field: 'permissions',
    run: async (w) => updateMember.run(w.state, await edit(w.member.id, { crmAccess: false, permissions: ['contacts.view.all_assigned'] })),
  },
  {
    name: 'member edit: make a member ADMIN',
    code: 'forbidden',
    field: 'baseRole',
    run: async (w) => updateMember.run(w.state, await edit(w.member.id, { baseRole: 'ADMIN' })),
  },
  {
    name: 'member edit: make a member OWNER',
    code: 'forbidden',
    field: 'baseRole',
    run: async (w) => updateMember.run(w.state, await edit(w.member.id, { baseRole: 'OWNER' })),
  },
  {
    name: 'member edit: turn CRM access on',
    code: 'forbidden',
    field: 'crmAccess',
    run: async (w) => updateMember.run(w.state, await edit(w.member.id, { crmAccess: true })),
  },
  {
    name: 'member edit: give the Broadcaster template',
    code: 'forbidden',
    field: 'roleTemplateId',
    run: async (w) => updateMember.run(w.state, await edit(w.member.id, { roleTemplateId: w.roles.broadcaster.id })),
  },
  { name: 'member edit: change an admin (demote to member)', code: 'forbidden', run: async (w) => updateMember.run(w.state, await edit(w.admin.id)) },
  {
    name: 'member edit: change an admin (keep ADMIN, add a grant)',
    code: 'forbidden',
    run: async (w) => updateMember.run(w.state, await edit(w.admin.id, { baseRole: 'ADMIN', crmAccess: true, permissions: ['users.view'] })),
  },
  {
    name: 'member edit: change the owner',
    code: 'forbidden',
    run: async (w) => updateMember.run(w.state, await edit(w.owner.id, { baseRole: 'OWNER', crmAccess: true })),
  },
  {
    name: 'member edit: make themselves ADMIN',
    code: 'forbidden',
    field: 'baseRole',
    run: async (w) => updateMember.run(w.state, await edit(w.actor.id, { baseRole: 'ADMIN', roleTemplateId: w.roles.delegate.id })),
  },
  {
    name: 'member edit: grant themselves broadcasts.view',
    code: 'forbidden',
    field: 'permissions',
    run: async (w) => updateMember.run(w.state, await edit(w.actor.id, { roleTemplateId: w.roles.delegate.id, permissions: ['broadcasts.view'] })),
  },
  {
    name: 'member edit: turn their own CRM access on',
    code: 'forbidden',
    field: 'crmAccess',
    run: async (w) => updateMember.run(w.state, await edit(w.actor.id, { roleTemplateId: w.roles.delegate.id, crmAccess: true })),
  },
  // Status
  { name: 'reactivate a suspended admin', code: 'forbidden', run: (w) => setMemberStatus.run(w.state, { memberIds: [w.suspendedAdmin.id], status: 'ACTIVE' }) },
  {
    name: 'suspend the owner and the admin',
    code: 'forbidden',
    run: (w) => setMemberStatus.run(w.state, { memberIds: [w.owner.id, w.admin.id], status: 'SUSPENDED' }),
  },
  { name: 'delete a member (no users.delete)', code: 'forbidden', run: (w) => deleteMembers.run(w.state, { memberIds: [w.member.id] }) },
  // Roles
  {
    name: 'role edit: add broadcasts.view to their own role',
    code: 'forbidden',
    field: 'permissions',
    run: (w) => updateRole.run(w.state, { roleId: w.roles.delegate.id, version: 1, name: 'Delegate', permissions: [...DELEGATE, 'broadcasts.view'] }),
  },
  {
    name: 'role edit: add users.delete to a role',
    code: 'forbidden',
    field: 'permissions',
    run: (w) => updateRole.run(w.state, { roleId: w.roles.plain.id, version: 1, name: 'Plain', permissions: ['users.view', 'teams.view', 'users.delete'] }),
  },
  {
    name: 'role edit: add billing.manage to a role',
    code: 'forbidden',
    field: 'permissions',
    run: (w) => updateRole.run(w.state, { roleId: w.roles.viewer.id, version: 1, name: 'Viewer', permissions: ['users.view', 'billing.manage'] }),
  },
  {
    name: 'create a role with broadcasts.view',
    code: 'forbidden',
    field: 'permissions',
    run: (w) => createRole.run(w.state, { name: 'Sneaky', permissions: ['users.view', 'broadcasts.view'] }),
  },
  {
    name: 'create a role with contacts.delete.unassigned (CRM)',
    code: 'forbidden',
    field: 'permissions',
    run: (w) => createRole.run(w.state, { name: 'Sneaky', permissions: ['contacts.delete.unassigned'] }),
  },
  { name: 'duplicate a role that has broadcasts.view', code: 'forbidden', run: (w) => duplicateRole.run(w.state, { roleId: w.roles.broadcaster.id }) },
  {
    name: 'assignees: give a member the Broadcaster role',
    code: 'forbidden',
    run: (w) => setRoleAssignees.run(w.state, { roleId: w.roles.broadcaster.id, add: [w.member.id] }),
  },
  {
    name: 'assignees: give themselves the Broadcaster role',
    code: 'forbidden',
    run: (w) => setRoleAssignees.run(w.state, { roleId: w.roles.broadcaster.id, add: [w.actor.id] }),
  },
  { name: 'assignees: give the admin a role', code: 'forbidden', run: (w) => setRoleAssignees.run(w.state, { roleId: w.roles.viewer.id, add: [w.admin.id] }) },
  {
    name: 'delete a role, moving its members to Broadcaster (actor with roles.delete)',
    code: 'forbidden',
    field: 'replacementId',
    run: (w) => deleteRole.run(w.state2, { roleId: w.roles.plain.id, replacementId: w.roles.broadcaster.id }),
  },
  { name: 'delete a role without roles.delete', code: 'forbidden', run: (w) => deleteRole.run(w.state, { roleId: w.roles.plain.id, removeFromMembers: 1 }) },
  // Billing
  { name: 'change the plan (billing.manage)', code: 'forbidden', run: (w) => changePlan.run(w.state, { planId: 'free' }) },
]

describe('escalation attempts by a member who manages users and roles', () => {
  let w: World
  let initial: string

  beforeAll(async () => {
    w = await setup()
    initial = await databaseChecksum()
  })

  it('the actor holds exactly the delegated permissions (and nothing of broadcasts, billing, CRM or deletion)', async () => {
    const a: Access = await accessFor(w.actor)
    expect(a.keys()).toEqual(expect.arrayContaining(DELEGATE))
    expect(a.keys()).toHaveLength(DELEGATE.length)
    for (const k of ['broadcasts.view', 'billing.view', 'billing.manage', 'users.delete', 'roles.delete', 'contacts.view', 'teams.edit'])
      expect(a.can(k), k).toBe(false)
    expect((await accessFor(w.actor2)).can('roles.delete')).toBe(true)
  })

  it.each(ATTEMPTS.map((a) => [a.name, a] as const))('%s', async (_name, attempt) => {
    const before = await databaseChecksum()
    const r = await attempt.run(w)
    if (r.ok) throw new Error(`ESCALATION: ${attempt.name} succeeded: ${JSON.stringify(r)}`)
    expect(r.code).not.toBe('unauthenticated')
    if (attempt.code) expect(r.code).toBe(attempt.code)
    if (attempt.field) expect(r.fieldErrors ?? {}).toHaveProperty([attempt.field])
    expect(await databaseChecksum()).toBe(before)
  })

  it('after every attempt, the whole database is as it was', async () => {
    expect(await databaseChecksum()).toBe(initial)
  })
})

// The same paths with what the actor does hold go through: the refusals above are about the
// permissions asked for, not an actor who cannot use these screens at all.
describe('the same paths within the actor’s own permissions succeed', () => {
  let w: World
  beforeAll(async () => {
    w = await setup()
  })

  it('invite, resend, member edit, bulk template, role create / edit / duplicate / assign, delete with a replacement', async () => {
    success(await inviteMembers.run(w.state, { rows: [{ email: w.addr('ok'), roleTemplateId: w.roles.viewer.id }] }))
    success(await resendInvite.run(w.state, { memberId: w.invited.plain }))
    success(await updateMember.run(w.state, await edit(w.member.id, { permissions: ['users.view', 'roles.view'] })))
    success(await setMembersTemplate.run(w.state, { memberIds: [w.member.id], roleTemplateId: w.roles.viewer.id }))
    const created = success(await createRole.run(w.state, { name: 'Helpers', permissions: ['users.view', 'teams.view'] }))
    success(await updateRole.run(w.state, { roleId: w.roles.viewer.id, version: 1, name: 'Viewer', permissions: ['users.view', 'roles.view'] }))
    success(await duplicateRole.run(w.state, { roleId: w.roles.plain.id }))
    success(await setRoleAssignees.run(w.state, { roleId: (created.data as { id: string }).id, add: [w.member.id] }))
    success(await deleteRole.run(w.state2, { roleId: w.roles.plain.id, replacementId: w.roles.viewer.id }))
    const m = await db().membership.findUniqueOrThrow({ where: { id: w.plainUser.id } })
    expect(m.roleTemplateId).toBe(w.roles.viewer.id)
  })
})
