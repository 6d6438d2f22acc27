import type { Row } from '@/lib/db/access-changes'
import type { Access } from './access'
import { DATABASE, entries, group, loadMembers, stateOf, str, templateIdOf, touchedMembers, type Log, type World } from './change-log'
import { keysNotHeld } from './grants'
import { EMAIL_ELSEWHERE, judgeMember, LAST_OWNER, need, type MemberChange, type MemberState, type Refusal } from './rules'
import { checkApiKeys } from './api-key-changes'
import { checkContacts } from './contact-changes'

// The gate's last word on a change, whatever path made it. The database logged every row of the
// tables that decide access that the change inserted, updated or deleted (lib/db/access-changes);
// here each touched member is rebuilt as they were before and as they are now, and every rule of
// lib/authz/rules.ts is asked about the difference: who may change whom, what each kind of change
// needs, and that nobody gained anything — standing, CRM access, a permission, or a record they
// now see — that the actor did not hold. Role templates, teams, contacts and the plan are checked
// the same way. A new action cannot forget it: it runs on what happened, not on what was asked.

/**
 * Checks everything a change did (the log of its transaction) against the actor's access before
 * it (null: an anonymous caller). Returns the first refusal, or null when the change may commit.
 * `world`: where today's rows are read (the database, or a test's).
 */
export async function checkChange(actor: Access | null, log: Log, world: World = DATABASE): Promise<Refusal | null> {
  if (log.length === 0) return null
  const tenantId = actor?.tenantId ?? null
  const otherTenant = (r: Row | null) => !!r && !!tenantId && str(r.tenantId) !== null && r.tenantId !== tenantId

  // ─── Members ─────────────────────────────────────────────────────────────────────────
  const { ids, changedTemplates } = await touchedMembers(log, world)
  const { now, before, templates } = await loadMembers(log, ids, changedTemplates, world)
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
  const emailChanges = entries(log, 'EmailChange')
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
      emailRequested: emailChanges.some((e) => e.op === 'I' && e.new!.membershipId === id),
      emailConfirmed: emailChanges.some((e) => e.op === 'U' && !e.old!.usedAt && !!e.new!.usedAt && e.new!.userId === now.members.get(id)?.userId),
    }
    if (!change.before && !change.after) continue
    states.set(id, change)
    const refusal = judgeMember(actor, change)
    if (refusal) return refusal
  }
  const isActiveOwner = (m: MemberState | null) => m?.baseRole === 'OWNER' && m.status === 'ACTIVE'
  const ownerLeft = [...states.values()].some((c) => isActiveOwner(c.before) && !isActiveOwner(c.after))
  if (tenantId && ownerLeft && (await world.countActiveOwners(tenantId)) < 1) return LAST_OWNER

  // ─── Email changes: an address is the user's in every workspace, so only a user of this one
  // workspace has it changed through a workspace (requested, then confirmed).
  for (const e of emailChanges) {
    const r = e.new
    if (!r || !(e.op === 'I' || (!e.old!.usedAt && r.usedAt))) continue
    if (otherTenant(r)) return { message: 'That member belongs to another workspace.' }
    const memberships = await world.currentRows('Membership', 'userId', [r.userId as string])
    if (memberships.some((m) => m.tenantId !== r.tenantId)) return EMAIL_ELSEWHERE
  }

  // ─── Role templates: grant only what you hold ────────────────────────────────────────
  const templateRows = new Map<string, Row>()
  for (const e of entries(log, 'RoleTemplate')) templateRows.set((e.new ?? e.old)!.id as string, (e.new ?? e.old)!)
  for (const r of await world.currentRows('RoleTemplate', 'id', changedTemplates)) templateRows.set(r.id as string, r)
  const keysNow = group(templates.now, 'roleTemplateId', 'key')
  const keysBefore = group(templates.before, 'roleTemplateId', 'key')
  for (const id of changedTemplates) {
    if (otherTenant(templateRows.get(id) ?? null)) return { message: 'That role template belongs to another workspace.' }
    const created = entries(log, 'RoleTemplate').some((e) => e.op === 'I' && e.new!.id === id)
    const deleted = deletedTemplates.has(id)
    const refusal = created
      ? need(actor, 'roles.create', 'Creating a role template')
      : deleted
        ? need(actor, 'roles.delete', 'Deleting a role template')
        : need(actor, 'roles.edit', 'Editing a role template')
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

  // ─── API keys: grant only what you hold ───────────────────────────────────────────────
  const keyRefusal = checkApiKeys(actor, log)
  if (keyRefusal) return keyRefusal

  // ─── Contacts ────────────────────────────────────────────────────────────────────────
  return checkContacts(actor, log, states, world)
}
