'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, notFoundResult, ok } from '@/lib/authz/result'
import { prepareGrant } from '@/lib/authz/grants'
import * as rolesDb from '@/lib/db/roles'
import { bulkResult } from '@/lib/members/result'
import { setAssignees } from '@/lib/roles/assignees'
import * as roleCreation from '@/lib/roles/create'
import * as roleDeletion from '@/lib/roles/delete'
import { roleImpact } from '@/lib/roles/impact'
import {
  createRoleSchema,
  deleteRoleSchema,
  previewRoleSchema,
  roleIdSchema,
  searchAssignableSchema,
  setAssigneesSchema,
  updateRoleSchema,
} from '@/lib/validation/roles'

export const createRole = defineAction({ audits: ['role.create'], permission: 'roles.create', schema: createRoleSchema }, async (input, { access, audit }) => {
  const r = await roleCreation.createRole(access, input)
  if (!r.ok) return fail(r.message, r.fieldErrors, r.code)
  audit({
    action: 'role.create',
    targetType: 'role',
    targetId: r.role.id,
    summary: `Created role ${r.role.name}`,
    after: { name: r.role.name, description: input.description, permissions: r.permissions },
  })
  revalidatePath('/settings/roles')
  return ok(`Created ${r.role.name}.`, { id: r.role.id })
})

export const duplicateRole = defineAction(
  { audits: ['role.create'], permission: 'roles.create', schema: roleIdSchema },
  async ({ roleId }, { access, audit }) => {
    const r = await roleCreation.duplicateRole(access, roleId)
    if (!r.ok) return fail(r.message, r.fieldErrors, r.code)
    audit({
      action: 'role.create',
      targetType: 'role',
      targetId: r.role.id,
      summary: `Duplicated a role as ${r.role.name}`,
      after: { name: r.role.name, copiedFrom: roleId, permissions: r.permissions },
    })
    revalidatePath('/settings/roles')
    return ok(`Created ${r.role.name}.`, { id: r.role.id })
  },
)

export const updateRole = defineAction({ audits: ['role.update'], permission: 'roles.edit', schema: updateRoleSchema }, async (input, { access, audit }) => {
  const role = await rolesDb.getRole(access.tenantId, input.roleId)
  if (!role) return notFoundResult('That role template')
  const grant = prepareGrant(access, role.permissions, input.permissions)
  if ('refusal' in grant) return fail(grant.refusal.message, { permissions: [grant.refusal.message] }, grant.refusal.code ?? 'forbidden')
  const saved = await rolesDb.updateRole(access.tenantId, role.id, input.version, { name: input.name, description: input.description, permissions: grant.keys })
  if (!saved.ok) {
    if (saved.reason === 'not_found') return notFoundResult('That role template')
    if (saved.reason === 'name_taken') return fail('Check the highlighted fields.', { name: ['Another role template already has this name.'] }, 'conflict')
    return fail(
      'This role template was changed by someone else since you opened it. Reload to see their changes, then make yours again.',
      undefined,
      'conflict',
    )
  }
  const before = new Set(role.permissions)
  const after = new Set<string>(grant.keys)
  audit({
    action: 'role.update',
    targetType: 'role',
    targetId: role.id,
    summary: `Updated role template ${input.name}`,
    before: { name: role.name, description: role.description, permissionsRemoved: role.permissions.filter((k) => !after.has(k)) },
    after: { name: input.name, description: input.description, permissionsAdded: grant.keys.filter((k) => !before.has(k)) },
  })
  revalidatePath('/settings/roles')
  return ok('Role template saved. Members with this role template get the change on their next request.', { version: saved.version })
})

/** Read only: what saving these permissions would change for the role's members. */
export const previewRoleImpact = defineAction(
  { audits: [], permission: 'roles.edit', schema: previewRoleSchema, readOnly: true },
  async ({ roleId, permissions }, { access }) => {
    const impact = await roleImpact(access.tenantId, access.member.enabledModules, roleId, permissions)
    return impact ? ok(undefined, impact) : notFoundResult('That role template')
  },
)

export const deleteRole = defineAction({ audits: ['role.delete'], permission: 'roles.delete', schema: deleteRoleSchema }, async (input, { access, audit }) => {
  const r = await roleDeletion.deleteRole(access, input)
  if (!r.ok) return fail(r.message, r.fieldErrors, r.code)
  audit({
    action: 'role.delete',
    targetType: 'role',
    targetId: r.role.id,
    summary: `Deleted role ${r.role.name}`,
    before: { name: r.role.name, description: r.role.description, permissions: r.role.permissions, members: r.members },
    after: { membersMovedTo: r.replacement },
  })
  revalidatePath('/settings/roles')
  revalidatePath('/settings/users')
  const n = r.members.length
  const moved =
    n === 0
      ? ''
      : r.replacement
        ? ` ${n} ${n === 1 ? 'member now has' : 'members now have'} ${r.replacement}.`
        : ` ${n} ${n === 1 ? 'member has' : 'members have'} no role template now.`
  return ok(`Deleted ${r.role.name}.${moved}`)
})

export const setRoleAssignees = defineAction(
  { audits: ['member.template'], permission: 'roles.assign', schema: setAssigneesSchema },
  async (input, { access, audit }) => {
    const r = await setAssignees(access, input)
    if (!r.ok) return fail(r.message, undefined, r.code)
    for (const t of r.added)
      audit({
        action: 'member.template',
        targetType: 'member',
        targetId: t.membershipId,
        summary: `Gave ${t.email} the role template ${r.roleName}`,
        before: { roleTemplateId: t.roleTemplateId },
        after: { roleTemplateId: input.roleId },
      })
    for (const t of r.removed)
      audit({
        action: 'member.template',
        targetType: 'member',
        targetId: t.membershipId,
        summary: `Removed the role template ${r.roleName} from ${t.email}`,
        before: { roleTemplateId: input.roleId },
        after: { roleTemplateId: null },
      })
    revalidatePath('/settings/roles')
    revalidatePath('/settings/users')
    const changed = [...r.added, ...r.removed]
    return bulkResult({ ok: true, changed, skipped: r.skipped }, (who) => `Updated the role template of ${who}`)
  },
)

/** Read only: the role's members and, for a search, members who could be given it. */
export const findAssignees = defineAction(
  { audits: [], permission: 'roles.assign', schema: searchAssignableSchema, readOnly: true },
  async ({ roleId, q }, { access }) => {
    const role = await rolesDb.getRole(access.tenantId, roleId)
    if (!role) return notFoundResult('That role template')
    const [assigned, candidates] = await Promise.all([rolesDb.listAssignees(access.tenantId, roleId), rolesDb.searchAssignable(access.tenantId, roleId, q)])
    return ok(undefined, { assigned, candidates })
  },
)
