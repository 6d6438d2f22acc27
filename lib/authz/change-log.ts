import { countActiveOwners, currentRows, type ChangeEntry, type Row, type TrackedColumn, type TrackedTable } from '@/lib/db/access-changes'
import { Access, type BaseRole, type MembershipStatus } from './access'
import { moduleIds, type PermissionKey } from './catalog'
import type { MemberState } from './rules'
import type { AssignableRecord } from './scopes'

// The log of a change (the rows the database saw it insert, update and delete) read back into
// what the rules judge: the rows of a table as they were before the change (today's rows with the
// log undone), and each touched member as they were and as they are.

export type Log = ChangeEntry[]

/**
 * What the judge reads besides the log: rows of the tracked tables as they are now, and the active
 * owners of a workspace. The database's (inside the change's transaction) unless a test passes a
 * world of its own.
 */
export type World = {
  currentRows<T extends TrackedTable>(table: T, column: TrackedColumn<T>, values: Iterable<string>): Promise<Row[]>
  countActiveOwners(tenantId: string): Promise<number>
}
export const DATABASE: World = { currentRows, countActiveOwners }

const ALL_MODULES = moduleIds()
export const str = (v: unknown) => (typeof v === 'string' ? v : null)

export function entries(log: Log, table: TrackedTable) {
  return log.filter((e) => e.tbl === table)
}
export function touched(log: Log, table: TrackedTable, column: string): Set<string> {
  const out = new Set<string>()
  for (const e of entries(log, table)) for (const r of [e.old, e.new]) if (r && str(r[column])) out.add(r[column] as string)
  return out
}

/**
 * The rows of a table as they were before the change: today's rows with the log undone, newest
 * first (an insert removed, an update or delete put back). `inScope` says which rows the caller
 * read, so rows that moved into or out of that selection are handled too.
 */
export function undo(now: Row[], log: Log, table: TrackedTable, key: (r: Row) => string, inScope: (r: Row) => boolean): Row[] {
  const rows = new Map(now.map((r) => [key(r), r]))
  const list = entries(log, table)
  for (let i = list.length - 1; i >= 0; i--) {
    const e = list[i]
    if (e.new && inScope(e.new)) rows.delete(key(e.new))
    if (e.old && inScope(e.old)) rows.set(key(e.old), e.old)
  }
  return [...rows.values()]
}

/** Rows now and before, for the rows of `table` whose `column` is among `values`. */
export async function bothSides(log: Log, table: TrackedTable, column: string, values: Set<string>, key: (r: Row) => string, world: World = DATABASE) {
  const now = await world.currentRows(table, column as never, values)
  const inScope = (r: Row) => values.has(r[column] as string)
  return { now, before: undo(now, log, table, key, inScope) }
}

export type Side = {
  members: Map<string, Row>
  users: Map<string, string>
  direct: Map<string, string[]>
  teams: Map<string, string[]>
  templateKeys: Map<string, string[]>
}

export function group(rows: Row[], by: string, value: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const r of rows) {
    const k = r[by] as string
    if (!out.has(k)) out.set(k, [])
    out.get(k)!.push(r[value] as string)
  }
  return out
}

export function stateOf(side: Side, id: string): MemberState | null {
  const m = side.members.get(id)
  if (!m) return null
  const templateId = str(m.roleTemplateId)
  return {
    membershipId: id,
    tenantId: m.tenantId as string,
    userId: m.userId as string,
    email: side.users.get(m.userId as string) ?? '',
    baseRole: m.baseRole as BaseRole,
    status: m.status as MembershipStatus,
    crmAccess: m.crmAccess === true,
    roleTemplateId: templateId,
    templateKeys: templateId ? (side.templateKeys.get(templateId) ?? []) : [],
    directKeys: side.direct.get(id) ?? [],
    teamIds: side.teams.get(id) ?? [],
  }
}

/**
 * The members a change touched: their membership, grants, teams, invitation or address changed,
 * or the role template they use did (changedTemplates: created, edited or deleted templates).
 */
export async function touchedMembers(log: Log, world: World = DATABASE): Promise<{ ids: Set<string>; changedTemplates: Set<string> }> {
  const changedTemplates = new Set([...touched(log, 'RoleTemplatePermission', 'roleTemplateId'), ...touched(log, 'RoleTemplate', 'id')])
  const changedUsers = touched(log, 'User', 'id')
  const ids = new Set([
    ...touched(log, 'Membership', 'id'),
    ...touched(log, 'MembershipPermission', 'membershipId'),
    ...touched(log, 'TeamMember', 'membershipId'),
    ...touched(log, 'Invitation', 'membershipId'),
    ...touched(log, 'EmailChange', 'membershipId'),
  ])
  for (const r of [
    ...(await world.currentRows('Membership', 'userId', changedUsers)),
    ...(await world.currentRows('Membership', 'roleTemplateId', changedTemplates)),
  ])
    ids.add(r.id as string)
  return { ids, changedTemplates }
}

/** Members as they were and are, for these membership ids (and whatever templates they use). */
export async function loadMembers(log: Log, ids: Set<string>, extraTemplates: Set<string> = new Set(), world: World = DATABASE) {
  const members = await bothSides(log, 'Membership', 'id', ids, (r) => r.id as string, world)
  const userIds = new Set([...members.now, ...members.before].map((m) => m.userId as string))
  const users = await bothSides(log, 'User', 'id', userIds, (r) => r.id as string, world)
  const direct = await bothSides(log, 'MembershipPermission', 'membershipId', ids, (r) => `${r.membershipId} ${r.key}`, world)
  const teams = await bothSides(log, 'TeamMember', 'membershipId', ids, (r) => `${r.teamId} ${r.membershipId}`, world)
  const templateIds = new Set([
    ...extraTemplates,
    ...[...members.now, ...members.before].flatMap((m) => (str(m.roleTemplateId) ? [m.roleTemplateId as string] : [])),
  ])
  const templates = await bothSides(log, 'RoleTemplatePermission', 'roleTemplateId', templateIds, (r) => `${r.roleTemplateId} ${r.key}`, world)
  const side = (s: 'now' | 'before'): Side => ({
    members: new Map(members[s].map((m) => [m.id as string, m])),
    users: new Map(users[s].map((u) => [u.id as string, u.email as string])),
    direct: group(direct[s], 'membershipId', 'key'),
    teams: group(teams[s], 'membershipId', 'teamId'),
    templateKeys: group(templates[s], 'roleTemplateId', 'key'),
  })
  return { now: side('now'), before: side('before'), templates }
}

/**
 * An Access for a member state (as if active: an invitee is judged by what accepting gives them),
 * by default as if the plan enabled every module: what the role gives, whatever the plan.
 */
export function accessOfState(s: MemberState, enabledModules: readonly string[] = ALL_MODULES): Access {
  return new Access({
    ...s,
    name: '',
    tenantName: '',
    tenantSlug: '',
    roleTemplateName: null,
    planId: '',
    planName: '',
    enabledModules,
    status: s.status === 'INVITED' ? 'ACTIVE' : s.status,
    // What the member may do is judged here, not whether a gate lets them in now.
    requireTwoFactor: false,
    twoFactorEnabled: false,
  })
}

/**
 * What a member holds as they are, within their plan's modules: nothing unless active (an invitee
 * holds nothing until they accept, a suspended member nothing at all), nothing once deleted.
 */
export function effectiveKeys(s: MemberState | null, enabledModules: readonly string[]): PermissionKey[] {
  if (!s || s.status !== 'ACTIVE') return []
  return accessOfState(s, enabledModules).keys()
}

export function templateIdOf(side: Side, id: string): string | null {
  return str(side.members.get(id)?.roleTemplateId)
}

/** Where a contact is, as the scopes see it, in one state of the world. */
export function recordOf(c: Row, teamsOf: Map<string, string[]>): AssignableRecord {
  const ownerId = str(c.ownerId)
  return { ownerId, teamId: str(c.teamId), ownerTeamIds: ownerId ? (teamsOf.get(ownerId) ?? []) : [] }
}
