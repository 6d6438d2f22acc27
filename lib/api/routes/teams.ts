import 'server-only'
import { z } from 'zod'
import { createTeam, deleteTeam, renameTeam, setTeamMembers } from '@/app/(app)/settings/teams/actions'
import { loadMemberRefs } from '@/lib/db/member-refs'
import { getTeam, listTeamsSlice, type TeamSummary } from '@/lib/db/teams'
import { createTeamSchema, setTeamMembersSchema } from '@/lib/validation/teams'
import { badCursor, defineApiRoute, notFound } from '../define-route'
import { deletedSchema, idParam, listOf, memberRefSchema, membersDelta, sliceQuery, teamSchema } from '../schemas'

// Teams under /api/v1/teams: the Teams page's list and its changes, each through the same server
// action as the app (ctx.act). Teams have no version, so no ETag: a rename is the whole change.

const teamParams = z.object({ teamId: idParam })

const teamAnswer = (t: TeamSummary): z.input<typeof teamSchema> => ({ ...t, createdAt: t.createdAt.toISOString() })

/** The team as it is now (in the change's transaction when called from `act`), or the route's 404. */
async function readTeam(tenantId: string, teamId: string, headers?: Record<string, string>) {
  const t = await getTeam(tenantId, teamId)
  if (!t) throw notFound('The team', headers)
  return t
}

export const listTeamsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/teams',
    operationId: 'listTeams',
    summary: 'List teams',
    description: 'The workspace’s teams by name, a slice at a time: pass each answer’s `nextCursor` as `cursor` until it is null.',
    permission: 'teams.view',
    query: z.object(sliceQuery).strict(),
    response: listOf(teamSchema, 'TeamList'),
  },
  async (_input, { caller, query }) => {
    const slice = await listTeamsSlice(caller!.key.tenantId, query.cursor, query.limit)
    if (!slice) throw badCursor(caller!.headers)
    return { data: slice.rows.map(teamAnswer), total: slice.total, nextCursor: slice.next }
  },
)

const nameSchema = createTeamSchema.strict()
/** The team's name is the body's one field; the team's id is the path's. */
const teamField = (f: string) => (f === 'name' ? f : null)

export const createTeamRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/api/v1/teams',
    operationId: 'createTeam',
    summary: 'Create a team',
    description: 'Creates a team with a name no other team of the workspace has (409 otherwise). Takes an Idempotency-Key.',
    permission: 'teams.create',
    body: nameSchema.meta({ id: 'CreateTeam' }),
    example: { name: 'North' },
    response: teamSchema,
    created: { location: (t) => `/api/v1/teams/${t.id}` },
    idempotent: true,
    via: [createTeam],
  },
  async (input, { caller, act }) => act(createTeam, input, async (data) => teamAnswer(await readTeam(caller!.key.tenantId, data!.id)), { field: teamField }),
)

export const getTeamRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/teams/{teamId}',
    operationId: 'getTeam',
    summary: 'Get a team',
    description: 'One team, with how many members and contacts it has.',
    permission: 'teams.view',
    params: teamParams,
    response: teamSchema,
  },
  async (_input, { caller, params }) => teamAnswer(await readTeam(caller!.key.tenantId, params.teamId, caller!.headers)),
)

export const renameTeamRoute = defineApiRoute(
  {
    method: 'PATCH',
    path: '/api/v1/teams/{teamId}',
    operationId: 'renameTeam',
    summary: 'Rename a team',
    description: 'Renames a team (409 when another team has the name).',
    permission: 'teams.edit',
    params: teamParams,
    body: nameSchema.meta({ id: 'UpdateTeam' }),
    example: { name: 'North-east' },
    response: teamSchema,
    via: [renameTeam],
  },
  async ({ name }, { caller, params, act }) =>
    act(renameTeam, { teamId: params.teamId, name }, async () => teamAnswer(await readTeam(caller!.key.tenantId, params.teamId)), { field: teamField }),
)

export const deleteTeamRoute = defineApiRoute(
  {
    method: 'DELETE',
    path: '/api/v1/teams/{teamId}',
    operationId: 'deleteTeam',
    summary: 'Delete a team',
    description: 'Deletes a team: its members lose it (and what its `team` scopes reached); its contacts keep their owners and have no team.',
    permission: 'teams.delete',
    params: teamParams,
    response: deletedSchema,
    via: [deleteTeam],
  },
  async (_input, { params, act }) => act(deleteTeam, { teamId: params.teamId }, async () => ({ id: params.teamId, deleted: true as const })),
)

export const listTeamMembersRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/teams/{teamId}/members',
    operationId: 'listTeamMembers',
    summary: 'List a team’s members',
    description: 'The team’s members by email, a slice at a time.',
    permission: 'teams.view',
    params: teamParams,
    query: z.object(sliceQuery).strict(),
    response: listOf(memberRefSchema, 'MemberRefList'),
  },
  async (_input, { caller, params, query }) => {
    const tenantId = caller!.key.tenantId
    await readTeam(tenantId, params.teamId, caller!.headers)
    const slice = await loadMemberRefs(tenantId, { teamId: params.teamId }, query.cursor, query.limit)
    if (!slice) throw badCursor(caller!.headers)
    return { data: slice.rows, total: slice.total, nextCursor: slice.next }
  },
)

export const setTeamMembersRoute = defineApiRoute(
  {
    method: 'PATCH',
    path: '/api/v1/teams/{teamId}/members',
    operationId: 'setTeamMembers',
    summary: 'Add members to a team, or remove them',
    description:
      'Adds and removes members of a team in one change, as the team’s Members dialog does: adding a member it has, or removing one it has not, changes nothing. Every id must be a member of the workspace (404 otherwise, and nothing changes). Members see what the team’s records scopes reach on their next request. Answers the team.',
    permission: 'teams.edit',
    params: teamParams,
    body: membersDelta(setTeamMembersSchema.pick({ add: true, remove: true }), 'TeamMembersDelta'),
    example: { add: ['a-membership-id'], remove: [] },
    response: teamSchema,
    via: [setTeamMembers],
  },
  async ({ add, remove }, { caller, params, act }) =>
    act(setTeamMembers, { teamId: params.teamId, add, remove }, async () => teamAnswer(await readTeam(caller!.key.tenantId, params.teamId)), {
      field: () => null,
    }),
)

export const TEAM_ROUTES = [listTeamsRoute, createTeamRoute, getTeamRoute, renameTeamRoute, deleteTeamRoute, listTeamMembersRoute, setTeamMembersRoute]
