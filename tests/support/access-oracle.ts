import { Access, type BaseRole, type MembershipStatus } from '@/lib/authz/access'
import { LEAVES, moduleIds } from '@/lib/authz/catalog'
import { matchingScope } from '@/lib/authz/scopes'
import { db } from '@/lib/db/client'

// The oracle of the no-escalation suite: every member's effective access in a set of workspaces,
// read from the database the way a request would see it (Access for the keys, matchingScope for
// the records), and the rule it must obey — whatever an action changed, what anyone gained is
// within what the actor held before it. Written from the README's definitions; it shares with the
// app only the read side (what a member can do on their next request), never the write-side guard.

/** One member as the oracle sees them. Invited members count with the access they get by accepting. */
export type MemberView = {
  access: Access
  membershipId: string
  tenantId: string
  email: string
  status: MembershipStatus
  baseRole: BaseRole
  /** 0 none (suspended), 1 member, 2 admin, 3 owner. */
  standing: number
  crm: boolean
  keys: Set<string>
  /** Contacts this member sees (contacts.view), as if active for invited members. */
  sees: Set<string>
  teamIds: string[]
  /** Open links: invitations (ids), for invited members, and email changes (`email:<new address>`): whoever holds one gets the member's access. */
  links: Set<string>
}
type ContactView = { id: string; tenantId: string; ownerId: string | null; teamId: string | null }
/** An API key as the oracle sees it: what it hands to whoever holds its secret while it is live. */
export type KeyView = { id: string; tenantId: string; name: string; live: boolean; secretHash: string; createdById: string | null; keys: Set<string> }
export type WorldView = { members: Map<string, MemberView>; contacts: Set<string>; records: ContactView[]; apiKeys: Map<string, KeyView> }

/** The contacts a member with this access sees in a world (its records and its teams). */
function seenIn(access: Access, tenantId: string, world: { records: ContactView[]; teamsOf: (id: string) => string[] }): Set<string> {
  const out = new Set<string>()
  for (const c of world.records) {
    if (c.tenantId !== tenantId) continue
    const record = { ownerId: c.ownerId, teamId: c.teamId, ownerTeamIds: c.ownerId ? world.teamsOf(c.ownerId) : [] }
    if (matchingScope(access, 'contacts.view', record)) out.add(c.id)
  }
  return out
}

const ALL_MODULES = moduleIds()
const RANK: Record<BaseRole, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 }

/** Every member of these workspaces, and every contact, now. */
export async function viewWorld(tenantIds: string[]): Promise<WorldView> {
  // Two queries (members with everything their access is computed from, and contacts): the
  // oracle runs around every call of the no-escalation suite.
  const memberships = await db().$queryRaw<
    {
      id: string
      tenantId: string
      userId: string
      email: string
      baseRole: BaseRole
      status: MembershipStatus
      crmAccess: boolean
      roleTemplateId: string | null
      templateKeys: string[]
      directKeys: string[]
      teamIds: string[]
      links: string[]
      emailLinks: string[]
    }[]
  >`SELECT m.id, m."tenantId", m."userId", u.email, m."baseRole"::text AS "baseRole", m.status::text AS status, m."crmAccess", m."roleTemplateId",
           COALESCE((SELECT array_agg(rp.key) FROM "RoleTemplatePermission" rp WHERE rp."roleTemplateId" = m."roleTemplateId"), '{}') AS "templateKeys",
           COALESCE((SELECT array_agg(mp.key) FROM "MembershipPermission" mp WHERE mp."membershipId" = m.id), '{}') AS "directKeys",
           COALESCE((SELECT array_agg(tm."teamId") FROM "TeamMember" tm WHERE tm."membershipId" = m.id), '{}') AS "teamIds",
           COALESCE((SELECT array_agg(i.id) FROM "Invitation" i WHERE i."membershipId" = m.id AND i."acceptedAt" IS NULL AND i."revokedAt" IS NULL AND i."expiresAt" > now()), '{}') AS links,
           COALESCE((SELECT array_agg('email:' || e."newEmail") FROM "EmailChange" e WHERE e."membershipId" = m.id AND e."usedAt" IS NULL AND e."cancelledAt" IS NULL AND e."expiresAt" > now()), '{}') AS "emailLinks"
      FROM "Membership" m JOIN "User" u ON u.id = m."userId"
     WHERE m."tenantId" = ANY(${tenantIds}::text[])`
  const contacts = await db().$queryRaw<ContactView[]>`SELECT id, "tenantId", "ownerId", "teamId" FROM "Contact" WHERE "tenantId" = ANY(${tenantIds}::text[])`
  const keyRows = await db().$queryRaw<(Omit<KeyView, 'keys'> & { permissions: string[] | null })[]>`
    SELECT id, "tenantId", name, "secretHash", "createdById", permissions,
           ("revokedAt" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > now()) AND "createdById" IS NOT NULL) AS live
      FROM "ApiKey" WHERE "tenantId" = ANY(${tenantIds}::text[])`
  const apiKeys = new Map(keyRows.map((k) => [k.id, { ...k, keys: new Set(k.permissions ?? []) }]))
  const teamsOf = new Map(memberships.map((m) => [m.id, m.teamIds]))
  const world = { records: contacts, teamsOf: (id: string) => teamsOf.get(id) ?? [] }
  const members = new Map<string, MemberView>()
  for (const m of memberships) {
    const live = m.status !== 'SUSPENDED'
    const access = new Access({
      userId: m.userId,
      email: m.email,
      name: '',
      membershipId: m.id,
      tenantId: m.tenantId,
      tenantName: '',
      tenantSlug: '',
      baseRole: m.baseRole,
      status: live ? 'ACTIVE' : 'SUSPENDED',
      crmAccess: m.crmAccess,
      roleTemplateId: m.roleTemplateId,
      roleTemplateName: null,
      templateKeys: m.templateKeys,
      directKeys: m.directKeys,
      teamIds: m.teamIds,
      planId: '',
      planName: '',
      enabledModules: ALL_MODULES,
      requireTwoFactor: false,
      twoFactorEnabled: false,
    })
    members.set(m.id, {
      access,
      teamIds: m.teamIds,
      membershipId: m.id,
      tenantId: m.tenantId,
      email: m.email,
      status: m.status,
      baseRole: m.baseRole,
      standing: live ? RANK[m.baseRole] : 0,
      crm: live && (m.baseRole !== 'MEMBER' || m.crmAccess),
      keys: new Set(access.keys()),
      sees: live ? seenIn(access, m.tenantId, world) : new Set(),
      links: new Set([...m.links, ...m.emailLinks]),
    })
  }
  return { members, contacts: new Set(contacts.map((c) => c.id)), records: contacts, apiKeys }
}

/** What the actor held before the action: keys by role (whatever the plan), CRM access, being an owner, the contacts they saw. */
export type Holdings = { tenantId: string; keys: Set<string>; crm: boolean; owner: boolean; sees: Set<string> }

export function holdingsOf(actor: MemberView | null): Holdings {
  if (!actor || actor.status !== 'ACTIVE') return { tenantId: actor?.tenantId ?? '', keys: new Set(), crm: false, owner: false, sees: new Set() }
  return { tenantId: actor.tenantId, keys: actor.keys, crm: actor.crm, owner: actor.baseRole === 'OWNER', sees: actor.sees }
}

/**
 * Every way in which someone gained access the actor did not hold. A member is "fresh" when the
 * access is handed to someone new: a new membership, a changed address, or a new invitation or
 * email-change link (whoever holds a link gets what it grants): then everything they hold counts as gained.
 * Permissions are compared as keys (a scope is relative to whoever holds it: the actor may hand
 * over "their team's contacts" if they hold it); records are compared where the WORLD changed —
 * teams or records' owners: what a member sees now, against what the same permissions saw before.
 */
export function escalations(before: WorldView, after: WorldView, actor: Holdings): string[] {
  const out: string[] = []
  const created = [...after.contacts].filter((c) => !before.contacts.has(c))
  const beforeWorld = { records: before.records, teamsOf: (id: string) => before.members.get(id)?.teamIds ?? [] }
  for (const [id, now] of after.members) {
    const was = before.members.get(id)
    // An address changed through a confirmed email change was granted when its link was issued.
    const moved = !!was && was.email !== now.email && !was.links.has(`email:${now.email}`)
    const fresh = !was || moved || [...now.links].some((l) => !was.links.has(l))
    const who = `${now.email}${fresh ? ' (a new grant)' : ''}`
    const other = now.tenantId !== actor.tenantId
    const wasStanding = fresh || !was ? 0 : was.standing
    if (now.standing > wasStanding && now.standing >= 2 && (other || !actor.owner)) out.push(`${who} became ${now.baseRole}`)
    if (now.crm && (fresh || !was?.crm) && now.baseRole === 'MEMBER' && (other || !actor.crm)) out.push(`${who} got CRM access`)
    const gained = [...now.keys].filter((k) => fresh || !was!.keys.has(k))
    const notHeld = gained.filter((k) => other || !actor.keys.has(k))
    if (notHeld.length) out.push(`${who} gained ${notHeld.join(', ')}`)
    // The same permissions, in the world as it was (their teams and the records' owners then).
    const sawWithTheseKeys = now.standing
      ? seenIn(new Access({ ...now.access.member, teamIds: was?.teamIds ?? [] }), now.tenantId, beforeWorld)
      : new Set<string>()
    const seen = [...now.sees].filter((c) => !sawWithTheseKeys.has(c) && !created.includes(c) && (other || !actor.sees.has(c)))
    if (seen.length) out.push(`${who} now sees ${seen.length} contact(s) the actor could not see`)
  }
  // API keys: whoever holds a live key's secret acts with its keys (within its creator's access).
  // A key new, revived, given a new secret or another creator hands everything on afresh.
  for (const [id, now] of after.apiKeys) {
    if (!now.live) continue
    const was = before.apiKeys.get(id)
    const fresh = !was || !was.live || was.secretHash !== now.secretHash || was.createdById !== now.createdById
    const gained = [...now.keys].filter((k) => fresh || !was.keys.has(k))
    const notHeld = gained.filter((k) => now.tenantId !== actor.tenantId || !actor.keys.has(k))
    if (notHeld.length) out.push(`API key ${now.name}${fresh ? ' (a new grant)' : ''} gained ${notHeld.join(', ')}`)
  }
  return out
}

/** Every leaf key, for payloads that ask for everything. */
export const ALL_KEYS = LEAVES.map((l) => l.key)
