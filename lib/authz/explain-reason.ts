import type { AccessInput } from './access'
import { getAction, getLeaf, type Scope } from './catalog'
import { explainAccess, type AccessBlock, type AccessSource } from './explain'
import type { RecordVerdict } from './explain-record'
import type { AssignableRecord } from './scopes'

// The reasons "View as" gives, in words: why a member may or may not do something, to one record
// or at all. The same words answer the API's authorize call with `explain` (lib/api/routes/authorize.ts).
// Pure: what decides is Access / matchingScope (the verdict), these only say which rule did.

/** A record as the reasons name it: its assignment, with the owner's and the team's names. */
export type NamedRecord = AssignableRecord & { ownerLabel: string | null; teamName: string | null }

/** What the reasons read: the member, the record (`noun`: "contact", "record"), and team names. */
export type ReasonContext = { input: AccessInput; record: NamedRecord; teams: ReadonlyMap<string, string>; noun: string }

/** "is owned by Ada Admin in team Sales", "has no owner and is in team Support" … */
export function holders({ ownerLabel, teamName, ownerId, teamId }: NamedRecord): string {
  const owner = ownerLabel ?? ownerId
  const team = teamName ?? teamId
  if (owner && team) return `is owned by ${owner} in team ${team}`
  if (owner) return `is owned by ${owner} and has no team`
  if (team) return `has no owner and is in team ${team}`
  return 'has no owner and no team'
}

/** Why a scope reaches the record (the same tests as matchingScope, in words). */
function scopeReason(scope: Scope, { input, record, teams, noun }: ReasonContext): string {
  const mine = new Set(input.teamIds)
  const teamName = record.teamName ?? record.teamId
  if (record.ownerId === input.membershipId && (scope === 'own' || scope === 'team')) return `they own the ${noun}`
  if (scope === 'team') {
    if (record.teamId && mine.has(record.teamId)) return `the ${noun}’s team ${teamName} is one of their teams`
    const shared = record.ownerTeamIds.filter((t) => mine.has(t)).map((t) => teams.get(t) ?? t)
    return `the ${noun}’s owner ${record.ownerLabel ?? record.ownerId} is in their team${shared.length > 1 ? 's' : ''} ${shared.join(', ')}`
  }
  if (scope === 'all_assigned') return `the ${noun} is assigned (it ${holders(record)})`
  if (scope === 'unassigned_team') return `the ${noun} has no owner and its team ${teamName} is one of their teams`
  return `the ${noun} has no owner and no team`
}

function grantedBy(sources: AccessSource[], input: AccessInput): string {
  const text: Record<AccessSource, string> = {
    owner: 'owner role',
    admin: 'admin role',
    template: `template ${input.roleTemplateName ?? '(role template)'}`,
    direct: 'a direct grant',
  }
  return sources.map((s) => text[s]).join(' and ')
}

function blocks(blockedBy: AccessBlock[], input: AccessInput): string {
  const text: Record<AccessBlock, string> = {
    plan: `not in the ${input.planName} plan`,
    crm: 'CRM access is off',
    owner_only: 'owners only',
    inactive: 'member is not active',
  }
  return blockedBy.map((b) => text[b]).join('; ')
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

/** "view contacts", "view contacts (assigned to their teams)": a permission as the end of "no permission to …". */
function doing(permission: string): string {
  const leaf = getLeaf(permission)
  if (leaf?.scope) return `${doing(leaf.action)} (${lower(leaf.label)})`
  return lower(getAction(permission)?.def.label ?? leaf?.label ?? permission)
}

function inactive(input: AccessInput): string | null {
  if (input.status === 'SUSPENDED') return 'No — member is suspended'
  if (input.status === 'INVITED') return 'No — invitation not accepted yet'
  return null
}

/** The whole answer for one scoped action and one record: "Yes — …" or "No — …", naming the rule that decided. */
export function recordReason(v: RecordVerdict, ctx: ReasonContext): string {
  const { input } = ctx
  const off = inactive(input)
  if (off) return off
  if (v.allowed && v.scope) {
    if (v.sources.includes('owner') || v.sources.includes('admin')) return `Yes — ${grantedBy(v.sources, input)}`
    return `Yes — scope “${v.scope}”: ${scopeReason(v.scope, ctx)} (granted by ${grantedBy(v.sources, input)})`
  }
  if (v.blockedBy.length) return `No — ${blocks(v.blockedBy, input)}`
  if (v.held.length === 0) return `No — no permission to ${doing(v.action)}`
  return `No — holds scope${v.held.length > 1 ? 's' : ''} ${v.held.join(', ')}, but the ${ctx.noun} ${holders(ctx.record)}`
}

/**
 * The answer for a permission without a record (an action: any of its scopes; a leaf: that one),
 * from the same explanation as the member page's "Effective access". `allowed` is the decision
 * (Access.can); the words say where it comes from or what stops it.
 */
export function permissionReason(input: AccessInput, permission: string, allowed: boolean): string {
  const off = inactive(input)
  if (off) return off
  const keys = new Set<string>(getLeaf(permission) ? [permission] : (getAction(permission)?.leaves.map((l) => l.key) ?? []))
  const leaves = explainAccess(input).filter((l) => keys.has(l.key))
  const held = leaves.filter((l) => l.held)
  if (allowed && held.length) {
    const scopes = held.flatMap((l) => getLeaf(l.key)?.scope ?? [])
    const sources = [...new Set(held.flatMap((l) => l.sources))]
    return `Yes — ${scopes.length ? `scope${scopes.length > 1 ? 's' : ''} ${scopes.join(', ')} (granted by ${grantedBy(sources, input)})` : grantedBy(sources, input)}`
  }
  const blockedBy = [...new Set(leaves.flatMap((l) => l.blockedBy))]
  if (blockedBy.length) return `No — ${blocks(blockedBy, input)}`
  return `No — no permission to ${doing(permission)}`
}
