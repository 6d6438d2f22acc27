import { Prisma } from './generated/client'
import { parsed, valueRows, type Json } from './sql-json'

/** What the record scopes and their reasons need about records' owners and teams (of one workspace). */
export type RecordContext = {
  /** Each owner's teams (the "team" scope reaches a record whose owner is a teammate). */
  ownerTeams: ReadonlyMap<string, readonly string[]>
  /** Each owner's name (or email), for reasons. */
  ownerLabels: ReadonlyMap<string, string>
  /** The names of the records' teams and of their owners' teams. */
  teamNames: ReadonlyMap<string, string>
}

export type RecordContextColumns = {
  owners: Json<{ id: string; label: string; teams: string[] | null }[]> | null
  teams: Json<{ id: string; name: string }[]> | null
}

/**
 * The owners and teams records name (member ids and team ids of the host's records), as two
 * columns `owners` and `teams` of a statement (lib/db/authorize-context.ts). Ids of other
 * workspaces, or of nothing, are simply absent: such an owner has no teams and such a team is
 * nobody's.
 */
export function recordContextColumns(tenant: Prisma.Sql, ownerIds: readonly string[], teamIds: readonly string[]) {
  return Prisma.sql`
      (SELECT json_agg(json_build_object('id', m.id, 'label', COALESCE(NULLIF(m.name, ''), m.email),
                'teams', (SELECT array_agg(tm."teamId") FROM "TeamMember" tm WHERE tm."membershipId" = m.id)))
         FROM ${valueRows(ownerIds)} r(v),
              LATERAL (SELECT id, name, email FROM "Membership" WHERE id = r.v AND "tenantId" = ${tenant} LIMIT 1) m) AS owners,
      (SELECT json_agg(json_build_object('id', t.id, 'name', t.name))
         FROM (SELECT r.v FROM ${valueRows(teamIds)} r(v)
               UNION
               SELECT tm."teamId" FROM ${valueRows(ownerIds)} o(v), LATERAL (SELECT "teamId" FROM "TeamMember" WHERE "membershipId" = o.v OFFSET 0) tm) r(v),
              LATERAL (SELECT id, name FROM "Team" WHERE id = r.v AND "tenantId" = ${tenant} LIMIT 1) t) AS teams`
}

export function recordContextOf(row: RecordContextColumns): RecordContext {
  const owners = row.owners ? parsed(row.owners) : []
  const teams = row.teams ? parsed(row.teams) : []
  return {
    ownerTeams: new Map(owners.map((o) => [o.id, o.teams ?? []])),
    ownerLabels: new Map(owners.map((o) => [o.id, o.label])),
    teamNames: new Map(teams.map((t) => [t.id, t.name])),
  }
}
