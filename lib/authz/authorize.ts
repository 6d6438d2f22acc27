import { Access, type AccessInput } from './access'
import { getAction, getLeaf, type Scope, type ScopedActionKey } from './catalog'
import { explainAccess } from './explain'
import { explainRecord, type RecordVerdict } from './explain-record'
import { permissionReason, recordReason } from './explain-reason'
import { matchingScope, scopeMatches, type AssignableRecord } from './scopes'

// The decisions of the API's authorize call: "may this member do X (to this record)?". Each is
// the app's own: Access.can for a permission, the record scopes (matchingScope / scopeMatches,
// lib/authz/scopes.ts) for a record, and the explanation "View as" gives (explainRecord,
// explain-reason.ts) for the reason. Nothing here is a rule of its own.

export type AuthorizeCheck = { member: string; permission: string; record?: { ownerId?: string | null; teamId?: string | null } }
export type AuthorizeResult = { allowed: boolean; error?: 'member_not_found'; scope?: Scope | null; reason?: string }

/** What the checks' records name: each owner's teams and names, and teams' names (lib/db/record-context.ts). */
export type RecordNames = {
  ownerTeams: ReadonlyMap<string, readonly string[]>
  ownerLabels: ReadonlyMap<string, string>
  teamNames: ReadonlyMap<string, string>
}

const NOT_FOUND = 'No — no member with this id or email in the workspace'

/** One Access per member of a call, however many checks name them (the inputs are the call's own objects). */
const accesses = new WeakMap<AccessInput, Access>()
function accessOf(member: AccessInput): Access {
  let access = accesses.get(member)
  if (!access) accesses.set(member, (access = new Access(member)))
  return access
}

/**
 * One check. `member` is the access input of the member it names (undefined: not a member of
 * the workspace). A record counts for a scoped permission only (an action at any of its scopes,
 * or one scope of it); a permission without scopes is not about a record, and a record sent with
 * it is ignored.
 */
export function authorizeCheck(member: AccessInput | undefined, check: AuthorizeCheck, names: RecordNames, explain: boolean): AuthorizeResult {
  if (!member) return { allowed: false, error: 'member_not_found', ...(explain && { reason: NOT_FOUND }) }
  const access = accessOf(member)
  const leaf = getLeaf(check.permission)
  const action = getAction(leaf?.action ?? check.permission)
  if (!check.record || !action?.def.scopes) {
    const allowed = access.can(check.permission)
    return { allowed, ...(explain && { reason: permissionReason(member, check.permission, allowed) }) }
  }
  const ownerId = check.record.ownerId ?? null
  const teamId = check.record.teamId ?? null
  const record: AssignableRecord = { ownerId, teamId, ownerTeamIds: (ownerId && names.ownerTeams.get(ownerId)) || [] }
  // Without explain only the decision is wanted: the same tests explainRecord's verdict makes
  // (the scope asked for, or the first held scope reaching the record), without the reasons.
  if (!explain)
    return {
      allowed: leaf?.scope
        ? access.can(leaf.key) && scopeMatches(leaf.scope, access, record)
        : matchingScope(access, action.key as ScopedActionKey, record) !== null,
    }
  let verdict: RecordVerdict = explainRecord(access, action.key as ScopedActionKey, record)
  if (leaf?.scope) {
    // One scope asked for: that scope, held and reaching the record, and nothing wider.
    const allowed = access.can(leaf.key) && scopeMatches(leaf.scope, access, record)
    const sources = allowed ? (explainAccess(member).find((l) => l.key === leaf.key)?.sources ?? []) : []
    verdict = { ...verdict, allowed, scope: allowed ? leaf.scope : null, sources, held: verdict.held.filter((s) => s === leaf.scope) }
  }
  const named = { ...record, ownerLabel: (ownerId && names.ownerLabels.get(ownerId)) || null, teamName: (teamId && names.teamNames.get(teamId)) || null }
  return {
    allowed: verdict.allowed,
    scope: verdict.scope,
    reason: recordReason(verdict, { input: member, record: named, teams: names.teamNames, noun: 'record' }),
  }
}
