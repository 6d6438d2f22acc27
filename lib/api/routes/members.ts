import 'server-only'
import { z } from 'zod'
import { inviteMembers, resendInvite, revokeInvites } from '@/app/(app)/settings/users/invite-actions'
import { deleteMembers, setMemberStatus } from '@/app/(app)/settings/users/actions'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { Access, accessSummary } from '@/lib/authz/access'
import { loadMemberInputs } from '@/lib/db/access-input'
import { getMember, type MemberDetail } from '@/lib/db/member-detail'
import { loadMembersSlice } from '@/lib/db/member-list'
import {
  BASE_ROLES,
  MEMBER_SORTS,
  MEMBER_STATUSES,
  SIGN_IN_FILTERS,
  TWO_FACTOR_FILTERS,
  baseRoleSchema,
  emailSchema,
  updateMemberSchema,
} from '@/lib/validation/members'
import { ApiAnswer, defineApiRoute, notFound, precondition } from '../define-route'
import { problem } from '../problem'
import { deletedSchema, idParam, listOf, memberSchema, memberSummarySchema, sliceQuery } from '../schemas'

// Members under /api/v1/members: the users table's list, the member page, and its changes —
// each change through the same server action as the app (ctx.act), so the same rules decide.

const memberParams = z.object({ memberId: idParam })

/** A member as the API shows them. */
function memberAnswer(m: MemberDetail): z.input<typeof memberSchema> {
  return {
    id: m.id,
    email: m.email,
    name: m.name,
    baseRole: m.baseRole,
    status: m.status,
    crmAccess: m.crmAccess,
    roleTemplate: m.roleTemplate,
    teams: m.teams,
    lastLoginAt: m.lastLoginAt,
    createdAt: m.createdAt,
    inviteExpiresAt: m.inviteExpiresAt,
    version: m.version,
    permissions: m.directKeys,
    templatePermissions: m.templateKeys,
    invitedBy: m.invitedBy,
    updatedAt: m.updatedAt,
  }
}

/** The member as they are now (in the change's transaction when called from `act`), or the route's 404. */
async function readMember(tenantId: string, memberId: string, headers?: Record<string, string>) {
  const m = await getMember(tenantId, memberId)
  if (!m) throw notFound('The member', headers)
  return m
}

export const listMembersRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/members',
    operationId: 'listMembers',
    summary: 'List members',
    description:
      'The members of the workspace with the users table’s filters and sorts, a slice at a time: pass each answer’s `nextCursor` as `cursor` until it is null. A slice is read from an index position, so a deep slice costs what the first does.',
    permission: 'users.view',
    query: z
      .object({
        q: z.string().trim().max(200).default('').describe('Text in the email or name.'),
        role: z.enum(BASE_ROLES).optional(),
        status: z.enum(MEMBER_STATUSES).optional(),
        template: z.string().trim().min(1).max(64).optional().describe('A role template id, or `none` for members without one.'),
        signin: z.enum(SIGN_IN_FILTERS).optional().describe('`never`: never signed in; `stale`: not for 90 days.'),
        twofactor: z.enum(TWO_FACTOR_FILTERS).optional().describe('Whether they use two-factor sign-in.'),
        sort: z.enum(MEMBER_SORTS).default('email'),
        dir: z.enum(['asc', 'desc']).default('asc'),
        ...sliceQuery,
      })
      .strict(),
    response: listOf(memberSummarySchema.extend({ twoFactor: z.boolean() }), 'MemberList'),
  },
  async (_input, { caller, query }) => {
    const { limit, cursor, ...q } = query
    const slice = await loadMembersSlice(caller!.key.tenantId, q, cursor, limit)
    if (!slice)
      throw new ApiAnswer(
        problem('invalid_request', 'The cursor does not belong to this list: pass a `nextCursor` of the same filters and sort.', {
          headers: caller!.headers,
          parameters: { cursor: ['Not a cursor of this list.'] },
        }),
      )
    return { data: slice.rows, total: slice.total, nextCursor: slice.next }
  },
)

export const getMemberRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/members/{memberId}',
    operationId: 'getMember',
    summary: 'Get a member',
    description: 'One member, with their role template, teams, direct grants and version (the ETag, for If-Match on updates).',
    permission: 'users.view',
    params: memberParams,
    response: memberSchema,
    etag: (m) => m.version,
  },
  async (_input, { caller, params }) => memberAnswer(await readMember(caller!.key.tenantId, params.memberId, caller!.headers)),
)

const inviteSchema = z
  .object({
    email: emailSchema,
    baseRole: baseRoleSchema.default('MEMBER'),
    roleTemplateId: idParam.nullable().default(null).describe('A role template for a member (ignored for owners and admins).'),
    crmAccess: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'InviteMember' })

export const inviteMemberRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/api/v1/members',
    operationId: 'inviteMember',
    summary: 'Invite a member',
    description:
      'Invites someone by email, as the Invite dialog does: a seat is taken, the link is mailed, and they join when they accept. Refused (409 `limit_reached`) when the plan has no seat left, and (403) when the key’s creator could not give the role or template.',
    permission: 'users.invite',
    body: inviteSchema,
    example: { email: 'new.person@example.com', baseRole: 'MEMBER', roleTemplateId: null, crmAccess: false },
    response: memberSchema,
    created: { location: (m) => `/api/v1/members/${m.id}` },
    etag: (m) => m.version,
    idempotent: true,
    via: [inviteMembers],
  },
  async ({ email, baseRole, roleTemplateId, crmAccess }, { caller, act }) =>
    act(
      inviteMembers,
      { rows: [{ email, baseRole, roleTemplateId }], crmAccess },
      async (data) => memberAnswer(await readMember(caller!.key.tenantId, data!.memberIds[0])),
      { field: (f) => (f.startsWith('rows.0.') ? f.slice('rows.0.'.length) : f === 'crmAccess' ? f : null) },
    ),
)

const patchSchema = updateMemberSchema
  .pick({ baseRole: true, roleTemplateId: true, crmAccess: true, teamIds: true, permissions: true })
  .extend({ email: emailSchema.describe('Only an invited member’s address can be corrected (a new link is sent).') })
  .partial()
  .strict()
  .meta({ id: 'UpdateMember', description: 'The fields to change; the others stay as they are.' })

export const updateMemberRoute = defineApiRoute(
  {
    method: 'PATCH',
    path: '/api/v1/members/{memberId}',
    operationId: 'updateMember',
    summary: 'Update a member',
    description:
      'Changes a member’s role, role template, CRM access, teams or direct grants, as the member page does: only what the key’s creator could do there (grant only what they hold; owners and admins only by owners…). Send If-Match with the ETag of the member you read to make sure nobody changed them meanwhile.',
    permission: 'users.edit',
    params: memberParams,
    body: patchSchema,
    example: { roleTemplateId: null, permissions: ['users.view'] },
    response: memberSchema,
    etag: (m) => m.version,
    ifMatch: true,
    via: [updateMember],
  },
  async (patch, { caller, params, act, ifMatch }) => {
    const tenantId = caller!.key.tenantId
    const m = await readMember(tenantId, params.memberId, caller!.headers)
    precondition({ caller, ifMatch }, 'The member', m.version)
    const input = {
      memberId: m.id,
      version: m.version,
      baseRole: patch.baseRole ?? m.baseRole,
      roleTemplateId: patch.roleTemplateId !== undefined ? patch.roleTemplateId : (m.roleTemplate?.id ?? null),
      crmAccess: patch.crmAccess ?? m.crmAccess,
      teamIds: patch.teamIds ?? m.teams.map((t) => t.id),
      permissions: patch.permissions ?? m.directKeys,
      ...(patch.email !== undefined && patch.email !== m.email && { email: patch.email }),
    }
    return act(updateMember, input, async () => memberAnswer(await readMember(tenantId, m.id)), { field: (f) => (f in patchSchema.shape ? f : null) })
  },
)

export const deleteMemberRoute = defineApiRoute(
  {
    method: 'DELETE',
    path: '/api/v1/members/{memberId}',
    operationId: 'deleteMember',
    summary: 'Delete a member',
    description:
      'Removes a member (or an invitation) from the workspace and frees their seat. Their contacts go to nobody, or to another member or a team (`reassignTo`, `reassignId`).',
    permission: 'users.delete',
    params: memberParams,
    query: z
      .object({
        reassignTo: z.enum(['unassigned', 'member', 'team']).default('unassigned').describe('Where their contacts go.'),
        reassignId: idParam.optional().describe('The member or team that gets them.'),
      })
      .strict(),
    response: deletedSchema,
    via: [deleteMembers],
  },
  async (_input, { params, query, act }) => {
    const input = { memberIds: [params.memberId], reassignTo: query.reassignTo, reassignId: query.reassignId ?? null }
    return act(deleteMembers, input, async () => ({ id: params.memberId, deleted: true as const }), { field: () => null })
  },
)

function statusRoute(status: 'SUSPENDED' | 'ACTIVE') {
  const suspend = status === 'SUSPENDED'
  return defineApiRoute(
    {
      method: 'POST',
      path: suspend ? '/api/v1/members/{memberId}/suspend' : '/api/v1/members/{memberId}/reactivate',
      operationId: suspend ? 'suspendMember' : 'reactivateMember',
      summary: suspend ? 'Suspend a member' : 'Reactivate a member',
      description: suspend
        ? 'Suspends an active member: their sessions and API keys stop working on their next request; their seat stays taken.'
        : 'Reactivates a suspended member (a seat must be free).',
      permission: 'users.edit_status',
      params: memberParams,
      response: memberSchema,
      etag: (m) => m.version,
      idempotent: true,
      via: [setMemberStatus],
    },
    async (_input, { caller, params, act }) =>
      act(setMemberStatus, { memberIds: [params.memberId], status }, async () => memberAnswer(await readMember(caller!.key.tenantId, params.memberId))),
  )
}
export const suspendMemberRoute = statusRoute('SUSPENDED')
export const reactivateMemberRoute = statusRoute('ACTIVE')

export const resendInvitationRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/api/v1/members/{memberId}/invitation/resend',
    operationId: 'resendInvitation',
    summary: 'Resend an invitation',
    description: 'Mails an invited member a new link; the previous one stops working.',
    permission: 'users.invite',
    params: memberParams,
    response: memberSchema,
    idempotent: true,
    via: [resendInvite],
  },
  async (_input, { caller, params, act }) =>
    act(resendInvite, { memberId: params.memberId }, async () => memberAnswer(await readMember(caller!.key.tenantId, params.memberId))),
)

export const revokeInvitationRoute = defineApiRoute(
  {
    method: 'DELETE',
    path: '/api/v1/members/{memberId}/invitation',
    operationId: 'revokeInvitation',
    summary: 'Revoke an invitation',
    description: 'Withdraws an invitation that was not accepted yet: its link stops working and the seat is freed.',
    permission: 'users.invite',
    params: memberParams,
    response: z.object({ id: z.string(), revoked: z.literal(true) }).meta({ id: 'Revoked' }),
    via: [revokeInvites],
  },
  async (_input, { params, act }) => act(revokeInvites, { memberIds: [params.memberId] }, async () => ({ id: params.memberId, revoked: true as const })),
)

export const memberAccessRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/members/{memberId}/access',
    operationId: 'getMemberAccess',
    summary: 'A member’s effective access',
    description:
      'What a member may do now: every permission key they hold through their role, role template and grants, within the plan and their CRM access — the set every gate of the app checks. Empty for a member who is not active.',
    permission: 'users.view',
    params: memberParams,
    response: z
      .object({
        memberId: z.string(),
        status: z.enum(MEMBER_STATUSES),
        baseRole: z.enum(BASE_ROLES),
        roleTemplate: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
        crmAccess: z.boolean(),
        teamIds: z.array(z.string()).describe('Their teams: what the `team` record scopes reach.'),
        plan: z.object({ id: z.string(), name: z.string(), enabledModules: z.array(z.string()) }),
        permissions: z.array(z.string()).describe('Permission keys (leaves), e.g. contacts.view.team.'),
      })
      .meta({ id: 'MemberAccess' }),
  },
  async (_input, { caller, params }) => {
    const [m] = await loadMemberInputs(caller!.key.tenantId, [params.memberId], [])
    if (!m) throw notFound('The member', caller!.headers)
    return { memberId: m.membershipId, status: m.status, ...accessSummary(new Access(m)) }
  },
)

export const MEMBER_ROUTES = [
  listMembersRoute,
  inviteMemberRoute,
  getMemberRoute,
  updateMemberRoute,
  deleteMemberRoute,
  suspendMemberRoute,
  reactivateMemberRoute,
  resendInvitationRoute,
  revokeInvitationRoute,
  memberAccessRoute,
]
