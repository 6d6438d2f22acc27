import type { Prisma } from '@/lib/db/generated/client'
import type { Access } from './access'
import { getAction, type ScopedActionKey, type Scope } from './catalog'

/**
 * Record scopes: which records of an assignable kind (an owner member and/or a team) a scoped
 * permission reaches. One definition, used two ways: as a Prisma `where` for lists, counts,
 * search and export, and for writes, which re-check the record itself inside that `where`.
 *   own              the record's owner is the member
 *   team             own, or the record's team is one of the member's teams, or its owner is a teammate
 *   all_assigned     the record has an owner or a team
 *   unassigned_team  no owner, and the team is one of the member's teams
 *   unassigned       neither an owner nor a team
 */
export type AssignableWhere = {
  ownerId?: string | null | { not: null } | { in: string[] }
  teamId?: string | null | { not: null } | { in: string[] }
  owner?: { teams: { some: { teamId: { in: string[] } } } }
  OR?: AssignableWhere[]
}

function scopeClause(scope: Scope, access: Access): AssignableWhere | null {
  const me = access.membershipId
  const teams = [...access.member.teamIds]
  switch (scope) {
    case 'own':
      return { ownerId: me }
    case 'team':
      return teams.length
        ? { OR: [{ ownerId: me }, { teamId: { in: teams } }, { owner: { teams: { some: { teamId: { in: teams } } } } }] }
        : { ownerId: me }
    case 'all_assigned':
      return { OR: [{ ownerId: { not: null } }, { teamId: { not: null } }] }
    case 'unassigned_team':
      return teams.length ? { ownerId: null, teamId: { in: teams } } : null
    case 'unassigned':
      return { ownerId: null, teamId: null }
  }
}

/**
 * The `where` for the records a member reaches with a scoped action (any of the scopes they
 * hold). `null` means none: callers return an empty list, a zero count, or "not found".
 */
export function scopeWhere(access: Access, action: ScopedActionKey): AssignableWhere | null {
  const info = getAction(action)
  if (!info?.def.scopes) throw new Error(`${action} is not a scoped permission`)
  const clauses: AssignableWhere[] = []
  for (const scope of info.def.scopes) {
    if (!access.can(`${action}.${scope}`)) continue
    if (scope === 'all_assigned') {
      // all_assigned + unassigned = every record: no filter needed.
      if (access.can(`${action}.unassigned`)) return {}
    }
    const c = scopeClause(scope, access)
    if (c) clauses.push(c)
  }
  if (clauses.length === 0) return null
  return clauses.length === 1 ? clauses[0] : { OR: clauses }
}

/** The same scope as a Contact where clause, tenant included. */
export function contactScopeWhere(access: Access, action: ScopedActionKey): Prisma.ContactWhereInput | null {
  const w = scopeWhere(access, action)
  return w === null ? null : { tenantId: access.tenantId, ...(w as Prisma.ContactWhereInput) }
}

export type AssignableRecord = { ownerId: string | null; teamId: string | null; ownerTeamIds: readonly string[] }

/** Which scope, if any, lets the member act on one record (for "explain access" and checks in memory). */
export function matchingScope(access: Access, action: ScopedActionKey, record: AssignableRecord): Scope | null {
  const info = getAction(action)
  if (!info?.def.scopes) throw new Error(`${action} is not a scoped permission`)
  const teams = new Set(access.member.teamIds)
  for (const scope of info.def.scopes) {
    if (!access.can(`${action}.${scope}`)) continue
    const ownerIsMe = record.ownerId === access.membershipId
    const inMyTeams = record.teamId !== null && teams.has(record.teamId)
    const ownerIsTeammate = record.ownerId !== null && record.ownerTeamIds.some((t) => teams.has(t))
    const hit =
      scope === 'own' ? ownerIsMe
      : scope === 'team' ? ownerIsMe || inMyTeams || ownerIsTeammate
      : scope === 'all_assigned' ? record.ownerId !== null || record.teamId !== null
      : scope === 'unassigned_team' ? record.ownerId === null && inMyTeams
      : record.ownerId === null && record.teamId === null
    if (hit) return scope
  }
  return null
}
