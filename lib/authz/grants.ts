import { hasBit, hasCrmAccess, roleBits, type Access, type BaseRole, type MembershipStatus } from './access'
import { getLeaf, LEAVES, normalizePermissions, type PermissionKey } from './catalog'
import type { Refusal } from './result'

// What a member is given, and whether an actor may give it: the rule "nobody gets more access than
// the person who gave it". A member's grant is their standing (owner, admin, member), CRM access and
// permission keys, counted whatever the plan (a module the plan switches off grants nothing today,
// and on a plan that has it the actor would hold it too). An invited member counts with what they
// get by accepting; a suspended one holds nothing until reactivated.

/** What a member's access is computed from. */
export type GrantInput = { baseRole: BaseRole; status: MembershipStatus; crmAccess: boolean; templateKeys: readonly string[]; directKeys: readonly string[] }

export type Grant = { standing: number; crm: boolean; bits: Uint32Array }

const RANK: Record<BaseRole, number> = { MEMBER: 1, ADMIN: 2, OWNER: 3 }
const ROLE_OF = ['', 'MEMBER', 'ADMIN', 'OWNER'] as const
const NOTHING: Grant = { standing: 0, crm: false, bits: new Uint32Array(Math.ceil(LEAVES.length / 32)) }

export function grantOf(m: GrantInput): Grant {
  if (m.status === 'SUSPENDED') return NOTHING
  return { standing: RANK[m.baseRole], crm: hasCrmAccess(m.baseRole, m.crmAccess), bits: roleBits({ ...m, status: 'ACTIVE' }) }
}

/** What a change hands over: a higher standing, CRM access, keys. `before` null: everything is new (a new person, address or link). */
export type Gain = { standing: BaseRole | null; crm: boolean; keys: PermissionKey[] }

export function gained(before: Grant | null, after: Grant): Gain {
  const was = before ?? NOTHING
  const keys = LEAVES.filter((l) => hasBit(after.bits, l.index) && !hasBit(was.bits, l.index)).map((l) => l.key)
  const standing = after.standing > was.standing && after.standing > 1 ? ROLE_OF[after.standing] : null
  return { standing: standing || null, crm: after.crm && !was.crm, keys }
}

/** The part of a gain the actor does not hold (null: they hold all of it). Only owners make owners and admins. */
export function notHeld(actor: Access, gain: Gain): Gain | null {
  const standing = gain.standing && actor.baseRole !== 'OWNER' ? gain.standing : null
  const crm = gain.crm && !actor.crm
  const keys = gain.keys.filter((k) => !actor.holdsByRole(k))
  return standing || crm || keys.length ? { standing, crm, keys } : null
}

/** Keys of a stored set (a role template's) that a change adds and the actor does not hold. */
export function keysNotHeld(actor: Access, before: Iterable<string>, after: Iterable<string>): PermissionKey[] {
  const had = new Set(before)
  return [...after].filter((k): k is PermissionKey => !had.has(k) && !!getLeaf(k) && !actor.holdsByRole(k))
}

/** Why a permission's checkbox is locked for this actor, or null: the plan lacks it, or they don't hold it. */
export type LockReason = 'not in your plan' | 'you don’t hold this permission'
export function permissionLocks(actor: Access): Partial<Record<PermissionKey, LockReason>> {
  const plan = new Set(actor.member.enabledModules)
  const locks: Partial<Record<PermissionKey, LockReason>> = {}
  for (const l of LEAVES) {
    if (!plan.has(l.moduleId)) locks[l.key] = 'not in your plan'
    else if (!actor.holdsByRole(l.key)) locks[l.key] = 'you don’t hold this permission'
  }
  return locks
}

// ─── Stored sets (role templates): grant only what you hold ──────────────────────────────

function unknownKey(keys: Iterable<string>): Refusal | null {
  for (const key of keys) if (!getLeaf(key)) return { message: `Unknown permission "${key}".`, field: 'permissions', code: 'invalid' }
  return null
}

/**
 * Grant only what you hold: the keys a change ADDS to a stored set (after minus before) must all
 * be held by the actor's role. Keys already there that the actor lacks may stay or go; removing
 * is never escalation. Unknown keys are refused (the server drops them from stored sets on read).
 */
export function checkGrant(actor: Access, before: Iterable<string>, after: Iterable<string>): Refusal | null {
  const keys = [...after]
  const unknown = unknownKey(keys)
  if (unknown) return unknown
  const notHeldKeys = keysNotHeld(actor, before, keys)
  if (notHeldKeys.length === 0) return null
  return { message: `You can only grant permissions you hold yourself. Not held: ${notHeldKeys.join(', ')}.`, field: 'permissions' }
}

/** Normalizes a requested permission set (prerequisites added) and checks the grant. */
export function prepareGrant(actor: Access, before: Iterable<string>, requested: Iterable<string>): { keys: PermissionKey[] } | { refusal: Refusal } {
  const req = [...requested]
  const unknown = unknownKey(req)
  if (unknown) return { refusal: unknown }
  const keys = normalizePermissions(req)
  const refusal = checkGrant(actor, before, keys)
  return refusal ? { refusal } : { keys }
}
