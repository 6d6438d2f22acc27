import { db } from './client'
import type { Prisma } from './generated/client'
import { byText, cursorAfter, sliceOf } from './paging'
import { TAKEN, unlessTaken } from './tx'

export type TeamRow = { id: string; name: string; createdAt: string; members: { id: string; email: string; name: string }[]; contacts: number }

/** The workspace's teams with their members and how many contacts each holds. */
export async function listTeams(tenantId: string): Promise<TeamRow[]> {
  const rows = await db().team.findMany({
    where: { tenantId },
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      createdAt: true,
      members: {
        orderBy: { membership: { user: { email: 'asc' } } },
        select: { membership: { select: { id: true, user: { select: { email: true, name: true } } } } },
      },
      _count: { select: { contacts: true } },
    },
  })
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    members: t.members.map((m) => ({ id: m.membership.id, email: m.membership.user.email, name: m.membership.user.name })),
    contacts: t._count.contacts,
  }))
}

/** What a team is read with, one at a time or a slice of the list: its counts, not its members. */
const TEAM_SELECT = { id: true, name: true, createdAt: true, _count: { select: { members: true, contacts: true } } } satisfies Prisma.TeamSelect

const teamOf = ({ _count, ...t }: Prisma.TeamGetPayload<{ select: typeof TEAM_SELECT }>) => ({ ...t, members: _count.members, contacts: _count.contacts })
export type TeamSummary = ReturnType<typeof teamOf>

/** A team of this workspace, or null: an id from another workspace is not found. */
export async function getTeam(tenantId: string, teamId: string): Promise<TeamSummary | null> {
  const t = await db().team.findFirst({ where: { id: teamId, tenantId }, select: TEAM_SELECT })
  return t && teamOf(t)
}

const BY_NAME = byText('name')

/** The teams after a cursor (the API's list), by name, with the total and the next slice's cursor; null for a cursor not of this list. */
export async function listTeamsSlice(tenantId: string, cursor: string | undefined, limit: number) {
  const after = cursorAfter(cursor, BY_NAME)
  if (!after) return null
  const [total, read] = await Promise.all([
    db().team.count({ where: { tenantId } }),
    db().team.findMany({
      where: after === 'start' ? { tenantId } : { tenantId, OR: [{ name: { gt: after.value } }, { name: after.value, id: { gt: after.id } }] },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: limit + 1,
      select: TEAM_SELECT,
    }),
  ])
  return { ...sliceOf(read.map(teamOf), limit, (t) => t.name), total }
}

export type TeamWrite = { ok: true; team: { id: string; name: string } } | { ok: false; reason: 'not_found' | 'name_taken' }

export async function createTeam(tenantId: string, name: string): Promise<TeamWrite> {
  const team = await unlessTaken(() => db().team.create({ data: { tenantId, name }, select: { id: true, name: true } }))
  return team === TAKEN ? { ok: false, reason: 'name_taken' } : { ok: true, team }
}

/** Renames a team of this workspace; `before` is the old name (for the audit log). */
export async function renameTeam(tenantId: string, teamId: string, name: string): Promise<TeamWrite & { before?: string }> {
  const team = await db().team.findFirst({ where: { id: teamId, tenantId }, select: { name: true } })
  if (!team) return { ok: false, reason: 'not_found' }
  if ((await unlessTaken(() => db().team.update({ where: { id: teamId }, data: { name } }))) === TAKEN) return { ok: false, reason: 'name_taken' }
  return { ok: true, team: { id: teamId, name }, before: team.name }
}

/** Deletes a team; its contacts keep their owner and lose the team (schema: SetNull). */
export async function deleteTeam(tenantId: string, teamId: string) {
  const tx = db()
  {
    const team = await tx.team.findFirst({
      where: { id: teamId, tenantId },
      select: { id: true, name: true, _count: { select: { members: true, contacts: true } } },
    })
    if (!team) return null
    // Its members lose a team: an open form of theirs is out of date.
    await tx.membership.updateMany({ where: { teams: { some: { teamId: team.id } } }, data: { version: { increment: 1 } } })
    await tx.team.delete({ where: { id: team.id } })
    return { name: team.name, members: team._count.members, contacts: team._count.contacts }
  }
}

/**
 * Adds and removes members of a team. Every id must be a member of this workspace (an id from
 * elsewhere makes the whole change "not found"). Returns the emails added and removed.
 */
export async function setTeamMembers(tenantId: string, teamId: string, add: string[], remove: string[]) {
  const tx = db()
  {
    const team = await tx.team.findFirst({ where: { id: teamId, tenantId }, select: { name: true } })
    if (!team) return null
    const ids = [...new Set([...add, ...remove])]
    const members = await tx.membership.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, user: { select: { email: true } } } })
    if (members.length !== ids.length) return null
    const email = new Map(members.map((m) => [m.id, m.user.email]))
    // Only real changes count: adding a member already in the team, or removing one who is not, does nothing.
    const current = new Set(
      (await tx.teamMember.findMany({ where: { teamId, membershipId: { in: ids } }, select: { membershipId: true } })).map((m) => m.membershipId),
    )
    const adding = [...new Set(add)].filter((id) => !remove.includes(id) && !current.has(id))
    const removing = [...new Set(remove)].filter((id) => current.has(id))
    await tx.teamMember.createMany({ data: adding.map((membershipId) => ({ teamId, membershipId })), skipDuplicates: true })
    await tx.teamMember.deleteMany({ where: { teamId, membershipId: { in: removing } } })
    // A member's teams are part of their form: an open form of theirs is now out of date.
    await tx.membership.updateMany({ where: { id: { in: [...adding, ...removing] } }, data: { version: { increment: 1 } } })
    return { team: team.name, added: adding.map((id) => email.get(id)!), removed: removing.map((id) => email.get(id)!) }
  }
}
