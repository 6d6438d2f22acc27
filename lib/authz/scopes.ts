import { getAction, type Scope, type ScopedActionKey } from './catalog'

/**
 * Record scopes: which records of an assignable kind (an owner member and/or a team) a scoped
 * permission reaches. Each scope is defined ONCE, in SCOPE_RULES, as an OR of ANDs of simple
 * tests on the record; from that one table come both the Prisma `where` (lists, counts, search,
 * export, and the writes' own `where`) and the in-memory matcher (explanations, and the
 * no-escalation check comparing who sees what before and after a change).
 *   own              the record's owner is the member
 *   team             own, or the record's team is one of the member's teams, or its owner is a teammate
 *   all_assigned     the record has an owner or a team
 *   unassigned_team  no owner, and the team is one of the member's teams
 *   unassigned       neither an owner nor a team
 */
type Test = 'ownerIsMe' | 'teamIsMine' | 'ownerIsTeammate' | 'hasOwner' | 'noOwner' | 'hasTeam' | 'noTeam'

export const SCOPE_RULES: Record<Scope, readonly (readonly Test[])[]> = {
  own: [['ownerIsMe']],
  team: [['ownerIsMe'], ['teamIsMine'], ['ownerIsTeammate']],
  all_assigned: [['hasOwner'], ['hasTeam']],
  unassigned_team: [['noOwner', 'teamIsMine']],
  unassigned: [['noOwner', 'noTeam']],
}

/** Whoever the scope is relative to: a member, their teams, and what they hold. `Access` is one. */
export type Viewer = { readonly membershipId: string; readonly teamIds: readonly string[]; can(permission: string): boolean }
export type AssignableRecord = { ownerId: string | null; teamId: string | null; ownerTeamIds: readonly string[] }
export type AssignableWhere = {
  ownerId?: string | null | { not: null } | { in: string[] }
  teamId?: string | null | { not: null } | { in: string[] }
  owner?: { teams: { some: { teamId: { in: string[] } } } }
  OR?: AssignableWhere[]
}

/** Each test as a `where` fragment (null: matches nothing, e.g. "my teams" without teams) and as a matcher. */
const TESTS: Record<Test, { where(v: Viewer): AssignableWhere | null; match(v: Viewer, r: AssignableRecord): boolean }> = {
  ownerIsMe: { where: (v) => ({ ownerId: v.membershipId }), match: (v, r) => r.ownerId === v.membershipId },
  teamIsMine: {
    where: (v) => (v.teamIds.length ? { teamId: { in: [...v.teamIds] } } : null),
    match: (v, r) => r.teamId !== null && v.teamIds.includes(r.teamId),
  },
  ownerIsTeammate: {
    where: (v) => (v.teamIds.length ? { owner: { teams: { some: { teamId: { in: [...v.teamIds] } } } } } : null),
    match: (v, r) => r.ownerId !== null && r.ownerTeamIds.some((t) => v.teamIds.includes(t)),
  },
  hasOwner: { where: () => ({ ownerId: { not: null } }), match: (_v, r) => r.ownerId !== null },
  noOwner: { where: () => ({ ownerId: null }), match: (_v, r) => r.ownerId === null },
  hasTeam: { where: () => ({ teamId: { not: null } }), match: (_v, r) => r.teamId !== null },
  noTeam: { where: () => ({ teamId: null }), match: (_v, r) => r.teamId === null },
}

function scopesOf(action: ScopedActionKey): readonly Scope[] {
  const info = getAction(action)
  if (!info?.def.scopes) throw new Error(`${action} is not a scoped permission`)
  return info.def.scopes
}

function anyOf(clauses: AssignableWhere[]): AssignableWhere | null {
  if (clauses.length === 0) return null
  return clauses.length === 1 ? clauses[0] : { OR: clauses }
}

/** One scope's `where`, or null when it reaches nothing for this viewer. */
export function scopeClause(scope: Scope, viewer: Viewer): AssignableWhere | null {
  const ors: AssignableWhere[] = []
  for (const all of SCOPE_RULES[scope]) {
    const parts = all.map((t) => TESTS[t].where(viewer))
    if (parts.some((p) => p === null)) continue
    ors.push(Object.assign({}, ...parts) as AssignableWhere)
  }
  return anyOf(ors)
}

/**
 * The `where` for the records a member reaches with a scoped action (any of the scopes they
 * hold). `null` means none: callers return an empty list, a zero count, or "not found".
 */
export function scopeWhere(viewer: Viewer, action: ScopedActionKey): AssignableWhere | null {
  const clauses: AssignableWhere[] = []
  for (const scope of scopesOf(action)) {
    if (!viewer.can(`${action}.${scope}`)) continue
    // all_assigned + unassigned = every record: no filter needed.
    if (scope === 'all_assigned' && viewer.can(`${action}.unassigned`)) return {}
    const c = scopeClause(scope, viewer)
    if (c) clauses.push(c)
  }
  return anyOf(clauses)
}

/** Whether one scope reaches a record for this viewer (held or not). */
export function scopeMatches(scope: Scope, viewer: Viewer, record: AssignableRecord): boolean {
  return SCOPE_RULES[scope].some((all) => all.every((t) => TESTS[t].match(viewer, record)))
}

/** Which scope, if any, lets the member act on one record: the first (narrowest) held one that reaches it. */
export function matchingScope(viewer: Viewer, action: ScopedActionKey, record: AssignableRecord): Scope | null {
  for (const scope of scopesOf(action)) {
    if (viewer.can(`${action}.${scope}`) && scopeMatches(scope, viewer, record)) return scope
  }
  return null
}

/** Whether a viewer reaches every record of the kind with this action (so no record can surprise them). */
export function reachesAll(viewer: Viewer, action: ScopedActionKey): boolean {
  return scopeWhere(viewer, action) !== null && Object.keys(scopeWhere(viewer, action)!).length === 0
}
