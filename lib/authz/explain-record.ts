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
  const explained = explainAccess(access.member)
  // The action's leaves, one per scope in the catalog's order; explainAccess lists every leaf at its index.
  const leaves = getAction(action)!.leaves.map((l) => ({ scope: l.scope!, ...explained[l.index] }))
  const scope = matchingScope(access, action, record)
  return {
    action,
    allowed: scope !== null,
    scope,
    sources: leaves.find((l) => l.scope === scope)?.sources ?? [],
    held: leaves.filter((l) => l.held).map((l) => l.scope),
    blockedBy: [...new Set(leaves.flatMap((l) => l.blockedBy))],
  }
}
