import { db } from './client'
import { parsed, type Json } from './sql-json'

/** What the record scopes and their reasons need about records' owners and teams (of one workspace). */
export type RecordContext = {
  /** Each owner's teams (the "team" scope reaches a record whose owner is a teammate). */
  ownerTeams: ReadonlyMap<string, readonly string[]>
  /** Each owner's name (or email), for reasons. */
  ownerLabels: ReadonlyMap<string, string>
  /** The names of the records' teams and of their owners' teams. */
  teamNames: ReadonlyMap<string, string>
}

type Raw = { owners: Json<{ id: string; label: string; teams: string[] | null }[]> | null; teams: Json<{ id: string; name: string }[]> | null }

/**
 * The owners and teams records name (member ids and team ids of the host's records), in ONE
 * query. Ids of other workspaces, or of nothing, are simply absent: such an owner has no teams
 * and such a team is nobody's.
 */
export async function loadRecordContext(tenantId: string, ownerIds: readonly string[], teamIds: readonly string[]): Promise<RecordContext> {
  const empty = { ownerTeams: new Map(), ownerLabels: new Map(), teamNames: new Map() }
  if (ownerIds.length === 0 && teamIds.length === 0) return empty
  const [row] = await db().$queryRaw<Raw[]>`
    SELECT
      (SELECT json_agg(json_build_object('id', m.id, 'label', COALESCE(NULLIF(m.name, ''), m.email),
                'teams', (SELECT array_agg(tm."teamId") FROM "TeamMember" tm WHERE tm."membershipId" = m.id)))
         FROM "Membership" m WHERE m."tenantId" = ${tenantId} AND m.id = ANY(${[...ownerIds]}::text[])) AS owners,
      (SELECT json_agg(json_build_object('id', t.id, 'name', t.name))
         FROM "Team" t WHERE t."tenantId" = ${tenantId}
          AND (t.id = ANY(${[...teamIds]}::text[])
               OR t.id IN (SELECT tm."teamId" FROM "TeamMember" tm WHERE tm."membershipId" = ANY(${[...ownerIds]}::text[])))) AS teams`
  const owners = row.owners ? parsed(row.owners) : []
  const teams = row.teams ? parsed(row.teams) : []
  return {
    ownerTeams: new Map(owners.map((o) => [o.id, o.teams ?? []])),
    ownerLabels: new Map(owners.map((o) => [o.id, o.label])),
    teamNames: new Map(teams.map((t) => [t.id, t.name])),
  }
}
