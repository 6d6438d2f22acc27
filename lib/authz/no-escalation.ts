import { countActiveOwners, currentRows, type ChangeEntry, type Row, type TrackedTable } from '@/lib/db/access-changes'
import { Access, type BaseRole, type MembershipStatus } from './access'
import { moduleIds, type Permission } from './catalog'
import { keysNotHeld } from './grants'
import { judgeMember, LAST_OWNER, type MemberChange, type MemberState, type Refusal } from './rules'
import { matchingScope, reachesAll, type AssignableRecord } from './scopes'

// The gate's last word on a change, whatever path made it. The database logged every row of the
// tables that decide access that the change inserted, updated or deleted (lib/db/access-changes);
// here each touched member is rebuilt as they were before and as they are now, and every rule of
// lib/authz/rules.ts is asked about the difference: who may change whom, what each kind of change
// needs, and that nobody gained anything — standing, CRM access, a permission, or a record they
// now see — that the actor did not hold. Role templates, teams, contacts and the plan are checked
// the same way. A new action cannot forget it: it runs on what happened, not on what was asked.

type Log = ChangeEntry[]

const ALL_MODULES = moduleIds()
const str = (v: unknown) => (typeof v === 'string' ? v : null)

function entries(log: Log, table: TrackedTable) {
  return log.filter((e) => e.tbl === table)
}
function touched(log: Log, table: TrackedTable, column: string): Set<string> {
  const out = new Set<string>()
  for (const e of entries(log, table)) for (const r of [e.old, e.new]) if (r && str(r[column])) out.add(r[column] as string)
  return out
}

/**
 * The rows of a table as they were before the change: today's rows with the log undone, newest
 * first (an insert removed, an update or delete put back). `inScope` says which rows the caller
 * read, so rows that moved into or out of that selection are handled too.
 */
function undo(now: Row[], log: Log, table: TrackedTable, key: (r: Row) => string, inScope: (r: Row) => boolean): Row[] {
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
async function bothSides(log: Log, table: TrackedTable, column: string, values: Set<string>, key: (r: Row) => string) {
  const now = await currentRows(table, column as never, values)
  const inScope = (r: Row) => values.has(r[column] as string)
  return { now, before: undo(now, log, table, key, inScope) }
}

type Side = {
  members: Map<string, Row>
  users: Map<string, string>
  direct: Map<string, string[]>
  teams: Map<string, string[]>
  templateKeys: Map<string, string[]>
}

function group(rows: Row[], by: string, value: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const r of rows) {
    const k = r[by] as string
    if (!out.has(k)) out.set(k, [])
    out.get(k)!.push(r[value] as string)
  }
  return out
}

function stateOf(side: Side, id: string): MemberState | null {
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

/** Members as they were and are, for these membership ids (and whatever templates they use). */
async function loadMembers(log: Log, ids: Set<string>, extraTemplates: Set<string> = new Set()) {
  const members = await bothSides(log, 'Membership', 'id', ids, (r) => r.id as string)
  const userIds = new Set([...members.now, ...members.before].map((m) => m.userId as string))
  const users = await bothSides(log, 'User', 'id', userIds, (r) => r.id as string)
  const direct = await bothSides(log, 'MembershipPermission', 'membershipId', ids, (r) => `${r.membershipId} ${r.key}`)
  const teams = await bothSides(log, 'TeamMember', 'membershipId', ids, (r) => `${r.teamId} ${r.membershipId}`)
  const templateIds = new Set([
    ...extraTemplates,
    ...[...members.now, ...members.before].flatMap((m) => (str(m.roleTemplateId) ? [m.roleTemplateId as string] : [])),
  ])
  const templates = await bothSides(log, 'RoleTemplatePermission', 'roleTemplateId', templateIds, (r) => `${r.roleTemplateId} ${r.key}`)
  const side = (s: 'now' | 'before'): Side => ({
    members: new Map(members[s].map((m) => [m.id as string, m])),
    users: new Map(users[s].map((u) => [u.id as string, u.email as string])),
    direct: group(direct[s], 'membershipId', 'key'),
    teams: group(teams[s], 'membershipId', 'teamId'),
    templateKeys: group(templates[s], 'roleTemplateId', 'key'),
  })
  return { now: side('now'), before: side('before'), templates }
}

/** An Access for a member state (as if active: an invitee is judged by what accepting gives them). */
function accessOfState(s: MemberState): Access {
  return new Access({
    ...s,
    name: '',
    tenantName: '',
    tenantSlug: '',
    roleTemplateName: null,
    planId: '',
    planName: '',
    enabledModules: ALL_MODULES,
    status: s.status === 'INVITED' ? 'ACTIVE' : s.status,
  })
}

function need(actor: Access | null, permission: Permission, doing: string): Refusal | null {
  if (actor?.can(permission)) return null
  return { message: actor ? `${doing} needs a permission you don’t have.` : 'Only an invitation can be accepted without signing in.' }
}

/**
 * Checks everything a change did (the log of its transaction) against the actor's access before
 * it (null: an anonymous caller). Returns the first refusal, or null when the change may commit.
 */
export async function checkChange(actor: Access | null, log: Log): Promise<Refusal | null> {
  if (log.length === 0) return null
  const tenantId = actor?.tenantId ?? null
  const otherTenant = (r: Row | null) => !!r && !!tenantId && str(r.tenantId) !== null && r.tenantId !== tenantId

  // ─── Members ─────────────────────────────────────────────────────────────────────────
  const changedTemplates = new Set([...touched(log, 'RoleTemplatePermission', 'roleTemplateId'), ...touched(log, 'RoleTemplate', 'id')])
  const changedUsers = touched(log, 'User', 'id')
  const ids = new Set([
    ...touched(log, 'Membership', 'id'),
    ...touched(log, 'MembershipPermission', 'membershipId'),
    ...touched(log, 'TeamMember', 'membershipId'),
    ...touched(log, 'Invitation', 'membershipId'),
  ])
  for (const r of [...(await currentRows('Membership', 'userId', changedUsers)), ...(await currentRows('Membership', 'roleTemplateId', changedTemplates))])
    ids.add(r.id as string)
  const { now, before, templates } = await loadMembers(log, ids, changedTemplates)
  const deletedTemplates = new Set(
    entries(log, 'RoleTemplate')
      .filter((e) => e.op === 'D')
      .map((e) => e.old!.id as string),
  )
  const deletedTeams = new Set(
    entries(log, 'Team')
      .filter((e) => e.op === 'D')
      .map((e) => e.old!.id as string),
  )
  const invitations = entries(log, 'Invitation')
  const states = new Map<string, { before: MemberState | null; after: MemberState | null }>()
  for (const id of ids) {
    const change: MemberChange = {
      before: stateOf(before, id),
      after: stateOf(now, id),
      linkIssued: invitations.some((e) => e.op === 'I' && e.new!.membershipId === id),
      linkVoided: invitations.some((e) => e.op === 'U' && e.new!.membershipId === id && !e.old!.revokedAt && e.new!.revokedAt && !e.new!.acceptedAt),
      accepted: invitations.some((e) => e.op === 'U' && e.new!.membershipId === id && !e.old!.acceptedAt && e.new!.acceptedAt),
      templateDeleted: deletedTemplates.has(templateIdOf(before, id) ?? ''),
      teamsDeleted: [...deletedTeams],
    }
    if (!change.before && !change.after) continue
    states.set(id, change)
    const refusal = judgeMember(actor, change)
    if (refusal) return refusal
  }
  const isActiveOwner = (m: MemberState | null) => m?.baseRole === 'OWNER' && m.status === 'ACTIVE'
  const ownerLeft = [...states.values()].some((c) => isActiveOwner(c.before) && !isActiveOwner(c.after))
  if (tenantId && ownerLeft && (await countActiveOwners(tenantId)) < 1) return LAST_OWNER

  // ─── Role templates: grant only what you hold ────────────────────────────────────────
  const templateRows = new Map<string, Row>()
  for (const e of entries(log, 'RoleTemplate')) templateRows.set((e.new ?? e.old)!.id as string, (e.new ?? e.old)!)
  for (const r of await currentRows('RoleTemplate', 'id', changedTemplates)) templateRows.set(r.id as string, r)
  const keysNow = group(templates.now, 'roleTemplateId', 'key')
  const keysBefore = group(templates.before, 'roleTemplateId', 'key')
  for (const id of changedTemplates) {
    if (otherTenant(templateRows.get(id) ?? null)) return { message: 'That role belongs to another workspace.' }
    const created = entries(log, 'RoleTemplate').some((e) => e.op === 'I' && e.new!.id === id)
    const deleted = deletedTemplates.has(id)
    const refusal = created
      ? need(actor, 'roles.create', 'Creating a role')
      : deleted
        ? need(actor, 'roles.delete', 'Deleting a role')
        : need(actor, 'roles.edit', 'Editing a role')
    if (refusal) return refusal
    const notHeld = keysNotHeld(actor!, keysBefore.get(id) ?? [], keysNow.get(id) ?? [])
    if (notHeld.length) return { message: `You can only grant permissions you hold yourself. Not held: ${notHeld.join(', ')}.`, field: 'permissions' }
  }

  // ─── Teams and the plan ──────────────────────────────────────────────────────────────
  for (const e of entries(log, 'Team')) {
    if (otherTenant(e.new ?? e.old)) return { message: 'That team belongs to another workspace.' }
    const refusal = e.op === 'I' ? need(actor, 'teams.create', 'Creating a team') : e.op === 'D' ? need(actor, 'teams.delete', 'Deleting a team') : null
    if (refusal) return refusal
  }
  for (const e of entries(log, 'Tenant')) {
    if (e.old!.id !== tenantId) return { message: 'That is another workspace.' }
    const refusal = need(actor, 'billing.manage', 'Changing the plan')
    if (refusal) return refusal
  }

  // ─── Contacts ────────────────────────────────────────────────────────────────────────
  return checkContacts(actor, log, states)
}

function templateIdOf(side: Side, id: string): string | null {
  return str(side.members.get(id)?.roleTemplateId)
}

/** Where a contact is, as the scopes see it, in one state of the world. */
function recordOf(c: Row, teamsOf: Map<string, string[]>): AssignableRecord {
  const ownerId = str(c.ownerId)
  return { ownerId, teamId: str(c.teamId), ownerTeamIds: ownerId ? (teamsOf.get(ownerId) ?? []) : [] }
}

/**
 * Contacts: creating one for someone else, moving one and deleting one need the permission and
 * its scope over the record; a contact whose owner or team was deleted in the same change just
 * loses them. Then who SEES what: a contact that moved, or a team that gained members, may bring
 * records into someone's scopes. Nobody may newly see a contact the actor could not see.
 */
async function checkContacts(actor: Access | null, log: Log, members: Map<string, MemberChange>): Promise<Refusal | null> {
  const contacts = entries(log, 'Contact')
  const teamEntries = entries(log, 'TeamMember')
  if (!contacts.length && !teamEntries.length) return null
  if (!actor) return { message: 'Only an invitation can be accepted without signing in.' }
  const deletedMembers = new Set([...members].filter(([, c]) => !c.after).map(([id]) => id))
  const deletedTeams = new Set(
    entries(log, 'Team')
      .filter((e) => e.op === 'D')
      .map((e) => e.old!.id as string),
  )
  const inserted = new Set(contacts.filter((e) => e.op === 'I').map((e) => e.new!.id as string))

  // The owners' teams before the change, for the records as they were.
  const owners = new Set(contacts.flatMap((e) => [str(e.old?.ownerId), str(e.new?.ownerId)]).filter((x): x is string => !!x))
  const ownerTeams = await bothSides(log, 'TeamMember', 'membershipId', owners, (r) => `${r.teamId} ${r.membershipId}`)
  const teamsBefore = group(ownerTeams.before, 'membershipId', 'teamId')

  const firstOld = new Map<string, Row | null>()
  for (const e of contacts) {
    const id = (e.new ?? e.old)!.id as string
    if (!firstOld.has(id)) firstOld.set(id, e.old)
    if ((e.new ?? e.old)!.tenantId !== actor.tenantId) return { message: 'That contact belongs to another workspace.' }
  }
  for (const e of contacts) {
    if (e.op === 'I') {
      const r =
        need(actor, 'contacts.create', 'Creating a contact') ??
        (e.new!.ownerId !== actor.membershipId || e.new!.teamId ? need(actor, 'contacts.assign', 'Giving a contact another owner or a team') : null)
      if (r) return { ...r, field: 'ownerId' }
      continue
    }
    const id = e.old!.id as string
    if (inserted.has(id)) continue
    const was = recordOf(firstOld.get(id)!, teamsBefore)
    if (e.op === 'D') {
      if (!matchingScope(actor, 'contacts.delete', was)) return { message: 'Deleting that contact needs “Delete contacts” over it.' }
      continue
    }
    const ownerLeft =
      e.old!.ownerId !== e.new!.ownerId && e.new!.ownerId === null && deletedMembers.has(e.old!.ownerId as string) && e.old!.teamId === e.new!.teamId
    const teamLeft = e.old!.teamId !== e.new!.teamId && e.new!.teamId === null && deletedTeams.has(e.old!.teamId as string) && e.old!.ownerId === e.new!.ownerId
    if (!ownerLeft && !teamLeft && !matchingScope(actor, 'contacts.assign', was)) {
      return {
        message:
          'Moving contacts needs “Assign contacts” over them: the contacts of the people you delete go elsewhere, so someone who may assign them has to do it.',
        field: 'reassignId',
      }
    }
  }
  return whoSeesWhat(actor, log, inserted)
}

/**
 * Compares, for every contact that moved and every contact of a team that gained members, who
 * sees it before and after (each member judged by their permissions after the change; only
 * where things are changed). A member newly seeing a contact the actor could not see is refused.
 */
async function whoSeesWhat(actor: Access, log: Log, inserted: Set<string>): Promise<Refusal | null> {
  if (reachesAll(actor, 'contacts.view')) return null
  const joinsNow = new Set<string>()
  const teamRows = entries(log, 'TeamMember')
  const joined = new Set(teamRows.filter((e) => e.new).map((e) => e.new!.teamId as string))
  const team = await bothSides(log, 'TeamMember', 'teamId', joined, (r) => `${r.teamId} ${r.membershipId}`)
  const key = (r: Row) => `${r.teamId} ${r.membershipId}`
  const was = new Set(team.before.map(key))
  const grownTeams = new Set(team.now.filter((r) => !was.has(key(r))).map((r) => r.teamId as string))
  for (const r of team.now) if (grownTeams.has(r.teamId as string)) joinsNow.add(r.membershipId as string)

  // The contacts that may be seen differently: moved ones, and those of the grown teams and their members.
  const moved = new Set(
    entries(log, 'Contact')
      .filter((e) => e.op === 'U' && !inserted.has(e.old!.id as string))
      .map((e) => e.old!.id as string),
  )
  const candidates = new Map<string, Row>()
  for (const r of [
    ...(await currentRows('Contact', 'id', moved)),
    ...(await currentRows('Contact', 'teamId', grownTeams)),
    ...(await currentRows('Contact', 'ownerId', joinsNow)),
  ]) {
    if (!inserted.has(r.id as string)) candidates.set(r.id as string, r)
  }
  if (!candidates.size) return null
  const contactsBefore = new Map(
    undo(
      [...candidates.values()],
      log,
      'Contact',
      (r) => r.id as string,
      (r) => candidates.has(r.id as string),
    ).map((r) => [r.id as string, r]),
  )

  // Everyone whose view may change: members of grown teams, and for moved contacts anyone.
  const viewers = new Set(joinsNow)
  if (moved.size) for (const r of await currentRows('Membership', 'tenantId', [actor.tenantId])) viewers.add(r.id as string)
  const owners = new Set([...candidates.values(), ...contactsBefore.values()].flatMap((c) => (str(c.ownerId) ? [c.ownerId as string] : [])))
  const { now, before } = await loadMembers(log, new Set([...viewers, ...owners, actor.membershipId]))

  for (const [id, after] of candidates) {
    const prior = contactsBefore.get(id)
    const recordBefore = prior ? recordOf(prior, before.teams) : null
    if (recordBefore && matchingScope(actor, 'contacts.view', recordBefore)) continue
    const recordAfter = recordOf(after, now.teams)
    for (const v of viewers) {
      const stateAfter = stateOf(now, v)
      if (!stateAfter || stateAfter.status === 'SUSPENDED') continue
      const access = accessOfState(stateAfter)
      if (!matchingScope(access, 'contacts.view', recordAfter)) continue
      const viewerBefore = { membershipId: v, teamIds: before.teams.get(v) ?? [], can: (p: string) => access.can(p) }
      if (recordBefore && matchingScope(viewerBefore, 'contacts.view', recordBefore)) continue
      return { message: `This would let ${stateAfter.email} see contacts you can’t see yourself.` }
    }
  }
  return null
}
