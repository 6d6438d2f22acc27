import type { Row } from '@/lib/db/access-changes'
import type { Access } from './access'
import { accessOfState, bothSides, DATABASE, entries, group, loadMembers, recordOf, stateOf, str, undo, type Log, type World } from './change-log'
import { need, PUBLIC_ONLY, type MemberChange, type Refusal } from './rules'
import { matchingScope, reachesAll } from './scopes'

// The part of checkChange (lib/authz/no-escalation.ts) about records: what moving, creating and
// deleting a contact needs, and who comes to see which contact through a change of teams or owners.

/**
 * Contacts: creating one for someone else, moving one and deleting one need the permission and
 * its scope over the record; a contact whose owner or team was deleted in the same change just
 * loses them. Then who SEES what: a contact that moved, or a team that gained members, may bring
 * records into someone's scopes. Nobody may newly see a contact the actor could not see.
 */
export async function checkContacts(actor: Access | null, log: Log, members: Map<string, MemberChange>, world: World = DATABASE): Promise<Refusal | null> {
  const contacts = entries(log, 'Contact')
  const teamEntries = entries(log, 'TeamMember')
  if (!contacts.length && !teamEntries.length) return null
  if (!actor) return PUBLIC_ONLY
  const deletedMembers = new Set([...members].filter(([, c]) => !c.after).map(([id]) => id))
  const deletedTeams = new Set(
    entries(log, 'Team')
      .filter((e) => e.op === 'D')
      .map((e) => e.old!.id as string),
  )
  const inserted = new Set(contacts.filter((e) => e.op === 'I').map((e) => e.new!.id as string))

  // The owners' teams before the change, for the records as they were.
  const owners = new Set(contacts.flatMap((e) => [str(e.old?.ownerId), str(e.new?.ownerId)]).filter((x): x is string => !!x))
  const ownerTeams = await bothSides(log, 'TeamMember', 'membershipId', owners, (r) => `${r.teamId} ${r.membershipId}`, world)
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
  return whoSeesWhat(actor, log, inserted, world)
}

/**
 * Compares, for every contact that moved and every contact of a team that gained members, who
 * sees it before and after (each member judged by their permissions after the change; only
 * where things are changed). A member newly seeing a contact the actor could not see is refused.
 */
async function whoSeesWhat(actor: Access, log: Log, inserted: Set<string>, world: World): Promise<Refusal | null> {
  if (reachesAll(actor, 'contacts.view')) return null
  const joinsNow = new Set<string>()
  const teamRows = entries(log, 'TeamMember')
  const joined = new Set(teamRows.filter((e) => e.new).map((e) => e.new!.teamId as string))
  const team = await bothSides(log, 'TeamMember', 'teamId', joined, (r) => `${r.teamId} ${r.membershipId}`, world)
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
    ...(await world.currentRows('Contact', 'id', moved)),
    ...(await world.currentRows('Contact', 'teamId', grownTeams)),
    ...(await world.currentRows('Contact', 'ownerId', joinsNow)),
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
  if (moved.size) for (const r of await world.currentRows('Membership', 'tenantId', [actor.tenantId])) viewers.add(r.id as string)
  const owners = new Set([...candidates.values(), ...contactsBefore.values()].flatMap((c) => (str(c.ownerId) ? [c.ownerId as string] : [])))
  const { now, before } = await loadMembers(log, new Set([...viewers, ...owners, actor.membershipId]), new Set(), world)

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
