import type { Row } from '@/lib/db/access-changes'
import type { Access } from './access'
import { entries, str, type Log } from './change-log'
import { keysNotHeld } from './grants'
import { need, PUBLIC_ONLY, type Refusal } from './rules'

// The part of checkChange (lib/authz/no-escalation.ts) about API keys: a key holds access (its
// permission keys, within its creator's), so making one, or handing an existing one on (a new
// secret, a later expiry, more keys, another creator, a revocation undone), is a grant, judged by
// the rule of role templates: grant only what you hold. Losing access is never escalation: a key
// whose creator's membership is deleted loses its creator (and with it all its access).

const keysOf = (r: Row | null) => (Array.isArray(r?.permissions) ? (r.permissions as string[]) : [])
/** Whether the expiry `after` lets the key live longer than `before` did (null: it never expires). */
const later = (before: unknown, after: unknown) =>
  before !== after && (after === null || (typeof before === 'string' && typeof after === 'string' && new Date(after) > new Date(before)))

function notHeld(actor: Access, before: string[], after: string[]): Refusal | null {
  const missing = keysNotHeld(actor, before, after)
  return missing.length
    ? { message: `You can only give an API key permissions you hold yourself. Not held: ${missing.join(', ')}.`, field: 'permissions' }
    : null
}

export function checkApiKeys(actor: Access | null, log: Log): Refusal | null {
  const list = entries(log, 'ApiKey')
  if (!list.length) return null
  // Each key as it was before the change (its first old row) and is after it (its last new row).
  const first = new Map<string, Row | null>()
  const last = new Map<string, Row | null>()
  for (const e of list) {
    const id = (e.new ?? e.old)!.id as string
    if (!first.has(id)) first.set(id, e.old)
    last.set(id, e.new)
  }
  for (const [id, b] of first) {
    const a = last.get(id) ?? null
    if (!actor) return PUBLIC_ONLY
    if ([b, a].some((r) => r && r.tenantId !== actor.tenantId)) return { message: 'That API key belongs to another workspace.' }
    if (!b && !a) continue
    if (!a) {
      const refusal = need(actor, 'api_keys.manage', 'Deleting an API key')
      if (refusal) return refusal
      continue
    }
    if (!b) {
      const refusal =
        need(actor, 'api_keys.manage', 'Creating an API key') ??
        (a.createdById !== actor.membershipId ? { message: 'An API key is created in the name of the member who makes it.' } : null) ??
        notHeld(actor, [], keysOf(a))
      if (refusal) return refusal
      continue
    }
    // Only a lost creator (their membership was deleted): the key lost everything, nothing to judge.
    const creatorLost = b.createdById !== a.createdById && a.createdById === null
    if (b.createdById !== a.createdById && !creatorLost) return { message: 'An API key’s creator cannot be changed.' }
    if (b.revokedAt && !a.revokedAt) return { message: 'A revoked API key stays revoked: create a new one.' }
    const revoked = !b.revokedAt && !!a.revokedAt
    const handedOn = b.secretHash !== a.secretHash || later(b.expiresAt, a.expiresAt)
    const changed = revoked || handedOn || b.expiresAt !== a.expiresAt || JSON.stringify(keysOf(b)) !== JSON.stringify(keysOf(a))
    if (!changed) continue
    const refusal =
      need(actor, 'api_keys.manage', revoked ? 'Revoking an API key' : 'Changing an API key') ??
      (str(a.revokedAt) ? null : notHeld(actor, handedOn ? [] : keysOf(b), keysOf(a)))
    if (refusal) return refusal
  }
  return null
}
