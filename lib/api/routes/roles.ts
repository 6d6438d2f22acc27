import 'server-only'
import { z } from 'zod'
import { createRole, deleteRole, setRoleAssignees, updateRole } from '@/app/(app)/settings/roles/actions'
import { loadMemberRefs } from '@/lib/db/member-refs'
import { getRole, listRolesSlice, type RoleDetail } from '@/lib/db/roles'
import { createRoleSchema, roleFieldsSchema, setAssigneesSchema } from '@/lib/validation/roles'
import { badCursor, defineApiRoute, notFound, precondition } from '../define-route'
import { deletedSchema, idParam, listOf, memberRefSchema, membersDelta, roleSchema, sliceQuery } from '../schemas'

// Role templates under /api/v1/roles: the roles list and page, and their changes through the
// same server actions as the app (ctx.act): the plan's limit, the no-escalation check (a role
// grants only what the key's creator and the key hold), optimistic locking, audit events.

const roleParams = z.object({ roleId: idParam })

function roleAnswer(r: RoleDetail): z.input<typeof roleSchema> {
  const { members, createdAt, updatedAt, ...rest } = r
  return { ...rest, assignees: members, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() }
}

/** The role as it is now (in the change's transaction when called from `act`), or the route's 404. */
async function readRole(tenantId: string, roleId: string, headers?: Record<string, string>) {
  const r = await getRole(tenantId, roleId)
  if (!r) throw notFound('The role template', headers)
  return r
}

export const listRolesRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/roles',
    operationId: 'listRoles',
    summary: 'List role templates',
    description:
      'The workspace’s role templates by name, with their permissions, a slice at a time: pass each answer’s `nextCursor` as `cursor` until it is null.',
    permission: 'roles.view',
    query: z.object({ q: z.string().trim().max(200).default('').describe('Text in the name or description.'), ...sliceQuery }).strict(),
    response: listOf(roleSchema, 'RoleList'),
  },
  async (_input, { caller, query }) => {
    const slice = await listRolesSlice(caller!.key.tenantId, query.q, query.cursor, query.limit)
    if (!slice) throw badCursor(caller!.headers)
    return { data: slice.rows.map(roleAnswer), total: slice.total, nextCursor: slice.next }
  },
)

export const getRoleRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/roles/{roleId}',
    operationId: 'getRole',
    summary: 'Get a role template',
    description: 'One role template with its permissions and version (the ETag, for If-Match on updates).',
    permission: 'roles.view',
    params: roleParams,
    response: roleSchema,
    etag: (r) => r.version,
  },
  async (_input, { caller, params }) => roleAnswer(await readRole(caller!.key.tenantId, params.roleId, caller!.headers)),
)

const createSchema = createRoleSchema.strict().meta({ id: 'CreateRole' })

/** Field errors of the role actions under the body's names (the role's id is the path's). */
const roleField = (f: string) => (['name', 'description', 'permissions'].includes(f) ? f : null)

export const createRoleRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/api/v1/roles',
    operationId: 'createRole',
    summary: 'Create a role template',
    description:
      'Creates a role template as the New role page does: within the plan’s limit (409 `limit_reached`), with a name no other template has (409), granting only permissions both the key and its creator hold (403).',
    permission: 'roles.create',
    body: createSchema,
    example: { name: 'Support agent', description: 'Answers customers.', permissions: [] },
    response: roleSchema,
    created: { location: (r) => `/api/v1/roles/${r.id}` },
    etag: (r) => r.version,
    idempotent: true,
    via: [createRole],
  },
  async (input, { caller, act }) => act(createRole, input, async (data) => roleAnswer(await readRole(caller!.key.tenantId, data!.id)), { field: roleField }),
)

const patchSchema = z
  .object({
    name: roleFieldsSchema.shape.name,
    // Without its default: a description left out stays as it is.
    description: roleFieldsSchema.shape.description.unwrap(),
    permissions: createRoleSchema.shape.permissions.describe('The whole new set: what it grants from now on.'),
  })
  .partial()
  .strict()
  .meta({ id: 'UpdateRole', description: 'The fields to change; the others stay as they are.' })

export const updateRoleRoute = defineApiRoute(
  {
    method: 'PATCH',
    path: '/api/v1/roles/{roleId}',
    operationId: 'updateRole',
    summary: 'Update a role template',
    description:
      'Renames a role template, or changes its description or permissions, as its page does: a permission may be added only if both the key and its creator hold it. Members with the template get the change on their next request. Send If-Match with the ETag you read to make sure nobody saved it meanwhile (412 otherwise).',
    permission: 'roles.edit',
    params: roleParams,
    body: patchSchema,
    example: { description: 'Answers customers and keeps their records.' },
    response: roleSchema,
    etag: (r) => r.version,
    ifMatch: true,
    via: [updateRole],
  },
  async (patch, ctx) => {
    const tenantId = ctx.caller!.key.tenantId
    const r = await readRole(tenantId, ctx.params.roleId, ctx.caller!.headers)
    precondition(ctx, 'The role template', r.version)
    const input = {
      roleId: r.id,
      version: r.version,
      name: patch.name ?? r.name,
      description: patch.description ?? r.description,
      permissions: patch.permissions ?? r.permissions,
    }
    return ctx.act(updateRole, input, async () => roleAnswer(await readRole(tenantId, r.id)), { field: roleField })
  },
)

export const deleteRoleRoute = defineApiRoute(
  {
    method: 'DELETE',
    path: '/api/v1/roles/{roleId}',
    operationId: 'deleteRole',
    summary: 'Delete a role template',
    description:
      'Deletes a role template. Members who have it move to another template (`replacementId`: giving it to them, judged like any assignment), or lose it when `removeFromMembers` is their number as you read it (`assignees`); a number that changed meanwhile is refused (409), so nobody loses access unseen.',
    permission: 'roles.delete',
    params: roleParams,
    query: z
      .object({
        replacementId: idParam.optional().describe('The role template its members get instead.'),
        removeFromMembers: z.coerce.number().int().min(0).max(1_000_000).optional().describe('How many members lose it: the role’s `assignees`.'),
      })
      .strict(),
    response: deletedSchema,
    via: [deleteRole],
  },
  async (_input, { params, query, act }) => {
    const input = { roleId: params.roleId, replacementId: query.replacementId ?? null, removeFromMembers: query.removeFromMembers ?? null }
    return act(deleteRole, input, async () => ({ id: params.roleId, deleted: true as const }), { field: () => null })
  },
)

export const listAssigneesRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/roles/{roleId}/assignees',
    operationId: 'listRoleAssignees',
    summary: 'List a role template’s members',
    description: 'The members who have the role template, by email, a slice at a time (as the Assignees dialog lists them: Assign roles).',
    permission: 'roles.assign',
    params: roleParams,
    query: z.object(sliceQuery).strict(),
    response: listOf(memberRefSchema, 'MemberRefList'),
  },
  async (_input, { caller, params, query }) => {
    const tenantId = caller!.key.tenantId
    await readRole(tenantId, params.roleId, caller!.headers)
    const slice = await loadMemberRefs(tenantId, { roleTemplateId: params.roleId }, query.cursor, query.limit)
    if (!slice) throw badCursor(caller!.headers)
    return { data: slice.rows, total: slice.total, nextCursor: slice.next }
  },
)

const assigneesChangeSchema = z
  .object({
    changed: z.array(z.string()).describe('The members whose role template changed.'),
    skipped: z
      .array(z.object({ id: z.string(), email: z.string(), reason: z.string() }))
      .describe('The members left as they were, each with the reason (already has it, only owners change admins…).'),
  })
  .meta({ id: 'AssigneesChange' })

export const setAssigneesRoute = defineApiRoute(
  {
    method: 'PATCH',
    path: '/api/v1/roles/{roleId}/assignees',
    operationId: 'setRoleAssignees',
    summary: 'Give members a role template, or take it away',
    description:
      'Adds members to a role template and removes others, as the Assignees dialog does, in one change: each member is judged like any change of their template (owners and admins take none; a member may gain only what the key and its creator hold) and one refused is skipped with the reason, the others changed. Refused (403) when none could be changed. Takes an Idempotency-Key.',
    permission: 'roles.assign',
    params: roleParams,
    body: membersDelta(setAssigneesSchema.pick({ add: true, remove: true }), 'RoleAssigneesDelta'),
    example: { add: ['a-membership-id'], remove: [] },
    response: assigneesChangeSchema,
    idempotent: true,
    via: [setRoleAssignees],
  },
  async ({ add, remove }, { params, act }) =>
    act(setRoleAssignees, { roleId: params.roleId, add, remove }, async (data) => ({ changed: data?.changed ?? [], skipped: data?.skipped ?? [] }), {
      field: () => null,
    }),
)

export const ROLE_ROUTES = [listRolesRoute, createRoleRoute, getRoleRoute, updateRoleRoute, deleteRoleRoute, listAssigneesRoute, setAssigneesRoute]
