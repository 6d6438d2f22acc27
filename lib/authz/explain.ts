import type { AccessInput } from './access'
import { LEAVES, leafLabel, MODULES, type ModuleId, type PermissionKey } from './catalog'

// The "why" behind a member's effective access: for every leaf of the catalog, where a grant
// comes from and what stops it from applying. It mirrors computeBits (access.ts) rule for rule;
// the unit test checks that `held` here equals `Access.can()` for every leaf and persona, so
// the two cannot drift apart silently. Pure: no database, no request.

/** Where a grant comes from: the base role (owners, admins) or a member's template / direct grants. */
export type AccessSource = 'owner' | 'admin' | 'template' | 'direct'
/** Why a grant (or, for owners and admins, a leaf) does not apply. In this order. */
export type AccessBlock = 'plan' | 'crm' | 'owner_only' | 'inactive'

export type ExplainedLeaf = {
  key: PermissionKey
  moduleId: ModuleId
  label: string
  /** Whether the member holds it now: some source grants it and nothing blocks it. */
  held: boolean
  sources: AccessSource[]
  /** Empty when held, and for a member's leaf that nothing grants (there is nothing to explain). */
  blockedBy: AccessBlock[]
}

export type ModuleSummary = { moduleId: ModuleId; label: string; enabledByPlan: boolean; held: number; total: number }

/** What the explanation reads: the same fields computeBits does. */
export type ExplainInput = Pick<AccessInput, 'baseRole' | 'status' | 'crmAccess' | 'templateKeys' | 'directKeys' | 'enabledModules'>

export function explainAccess(input: ExplainInput): ExplainedLeaf[] {
  const modules = new Set<string>(input.enabledModules)
  const template = new Set(input.templateKeys)
  const direct = new Set(input.directKeys)
  const privileged = input.baseRole !== 'MEMBER'

  return LEAVES.map((leaf) => {
    const sources: AccessSource[] = []
    const blockedBy: AccessBlock[] = []
    if (privileged) {
      // Owners and admins hold every leaf by their base role; stored grants are ignored
      // (computeBits never reads them for these roles). The owner-only modules (billing) are
      // the exception for admins: their role does not grant them at all.
      if (input.baseRole === 'OWNER') sources.push('owner')
      else if (!leaf.ownerOnly) sources.push('admin')
      else blockedBy.push('owner_only')
    } else {
      // A member: the union of the template and the direct grants. Retired keys match no leaf.
      if (template.has(leaf.key)) sources.push('template')
      if (direct.has(leaf.key)) sources.push('direct')
    }
    // Nothing granted a member's leaf: it is simply not held, no reason to give.
    if (sources.length > 0 || blockedBy.length > 0) {
      if (!modules.has(leaf.moduleId)) blockedBy.push('plan')
      // The CRM flag gates the contacts module for members; admins and owners always have it.
      if (leaf.crm && !privileged && !input.crmAccess) blockedBy.push('crm')
      if (input.status !== 'ACTIVE') blockedBy.push('inactive')
    }
    blockedBy.sort((a, b) => BLOCK_ORDER.indexOf(a) - BLOCK_ORDER.indexOf(b))
    return { key: leaf.key, moduleId: leaf.moduleId, label: leafLabel(leaf.key), held: sources.length > 0 && blockedBy.length === 0, sources, blockedBy }
  })
}

const BLOCK_ORDER: readonly AccessBlock[] = ['plan', 'crm', 'owner_only', 'inactive']

/** Per module of the catalog: whether the plan enables it and how many of its leaves are held. */
export function explainSummary(input: ExplainInput, leaves: readonly ExplainedLeaf[] = explainAccess(input)): ModuleSummary[] {
  const modules = new Set<string>(input.enabledModules)
  return MODULES.map((m) => {
    const own = leaves.filter((l) => l.moduleId === m.id)
    return { moduleId: m.id, label: m.label, enabledByPlan: modules.has(m.id), held: own.filter((l) => l.held).length, total: own.length }
  })
}
