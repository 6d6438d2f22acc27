import type { Access } from './access'
import { getAction, type Scope, type ScopedActionKey } from './catalog'
import { explainAccess, type AccessBlock, type AccessSource } from './explain'
import { matchingScope, type AssignableRecord } from './scopes'

export type RecordVerdict = {
  action: ScopedActionKey
  allowed: boolean
  /** The scope that reached the record, when allowed. */
  scope: Scope | null
  /** Where the deciding grant comes from (role, template, direct). */
  sources: AccessSource[]
  /** The scopes held for this action, whether or not they reached the record. */
  held: Scope[]
  /** Why a grant of this action does not apply at all (plan, CRM flag, status). */
  blockedBy: AccessBlock[]
}

/**
 * "May this member do X to this record, and which rule decided?" for the View-as panel: the
 * same matchingScope the writes use, plus where the grant came from (explainAccess).
 */
export function explainRecord(access: Access, action: ScopedActionKey, record: AssignableRecord): RecordVerdict {
  const scopes = getAction(action)?.def.scopes ?? []
  const leaves = new Map(explainAccess(access.member).map((l) => [l.key as string, l]))
  const held = scopes.filter((s) => leaves.get(`${action}.${s}`)?.held)
  const blocked = new Set<AccessBlock>()
  for (const s of scopes) for (const b of leaves.get(`${action}.${s}`)?.blockedBy ?? []) blocked.add(b)
  const scope = matchingScope(access, action, record)
  return {
    action,
    allowed: scope !== null,
    scope,
    sources: scope ? (leaves.get(`${action}.${scope}`)?.sources ?? []) : [],
    held,
    blockedBy: [...blocked],
  }
}
