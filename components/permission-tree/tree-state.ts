import { LEAVES, MODULES, missingPrerequisites, type PermissionKey } from '@/lib/authz/catalog'

// The permission tree's state logic, free of React so it is unit tested on its own:
// module → group → action → scope leaves. A parent's box sets or clears all its enabled
// leaves and is "mixed" when some are set. Checking a leaf checks what it requires; clearing a
// leaf clears what requires it. Leaves can be disabled (module off in the plan, or a permission
// the editor does not hold: no escalation); a disabled leaf keeps its value.

export type TreeNode = {
  id: string
  label: string
  description?: string
  /** The leaf keys under this node (itself, for a leaf). */
  leaves: PermissionKey[]
  children: TreeNode[]
  /** A leaf node's key. */
  key?: PermissionKey
}

export function buildTree(): TreeNode[] {
  return MODULES.map((m) => {
    const groups = m.groups.map((g) => {
      const actions = g.actions.map((a): TreeNode => {
        const actionKey = `${g.key}.${a.id}`
        const leaves = LEAVES.filter((l) => l.action === actionKey)
        if (leaves.length === 1 && !leaves[0].scope) {
          return { id: actionKey, label: a.label, description: a.description, leaves: [leaves[0].key], children: [], key: leaves[0].key }
        }
        const children = leaves.map((l): TreeNode => ({ id: l.key, label: l.label, leaves: [l.key], children: [], key: l.key }))
        return { id: actionKey, label: a.label, description: a.description, leaves: leaves.map((l) => l.key), children }
      })
      return { id: `${m.id}/${g.key}`, label: g.label, leaves: actions.flatMap((a) => a.leaves), children: actions }
    })
    // A module with a single group shows the actions directly under the module.
    const children = groups.length === 1 ? groups[0].children : groups
    return { id: m.id, label: m.label, description: m.description, leaves: groups.flatMap((g) => g.leaves), children }
  })
}

/** The root of the whole tree: what "Check all" and "Clear all" toggle. */
export function rootNode(tree: TreeNode[]): TreeNode {
  return { id: 'all', label: 'All permissions', leaves: tree.flatMap((n) => n.leaves), children: tree }
}

export type CheckState = boolean | 'mixed'

const stateOf = (n: number, of: number): CheckState => (n === 0 ? false : n === of ? true : 'mixed')

export function nodeState(node: TreeNode, checked: ReadonlySet<string>): CheckState {
  let n = 0
  for (const k of node.leaves) if (checked.has(k)) n++
  return stateOf(n, node.leaves.length)
}

export type NodeSummary = { state: CheckState; checked: number }

/**
 * Every node's state in one bottom-up pass (a parent adds up its children's counts), keyed by
 * node id: O(nodes) per change of `checked`, where nodeState per node would redo each
 * subtree's leaves once per ancestor.
 */
export function nodeStates(nodes: readonly TreeNode[], checked: ReadonlySet<string>): Map<string, NodeSummary> {
  const out = new Map<string, NodeSummary>()
  const visit = (n: TreeNode): number => {
    let count = 0
    if (n.children.length) for (const c of n.children) count += visit(c)
    else if (n.key && checked.has(n.key)) count = 1
    out.set(n.id, { state: stateOf(count, n.leaves.length), checked: count })
    return count
  }
  nodes.forEach(visit)
  return out
}

/**
 * Why each node cannot be changed, keyed by node id: a node is locked when every leaf below
 * it is, and its reason is its leaves' distinct reasons. Nodes with any enabled leaf are
 * absent. `reasonOf` is called once per leaf.
 */
export function nodeLocks(nodes: readonly TreeNode[], reasonOf: (key: PermissionKey) => string | null): Map<string, string> {
  const out = new Map<string, string>()
  // A node's distinct reasons, in tree order; null when it has an enabled leaf.
  const visit = (n: TreeNode): string[] | null => {
    let reasons: string[] | null
    if (!n.children.length) {
      const r = n.key ? reasonOf(n.key) : null
      reasons = r === null ? null : [r]
    } else {
      const below = n.children.map(visit)
      reasons = below.every((r): r is string[] => r !== null) ? [...new Set(below.flat())] : null
    }
    if (reasons) out.set(n.id, reasons.join('; '))
    return reasons
  }
  nodes.forEach(visit)
  return out
}

export type ToggleResult = {
  checked: Set<PermissionKey>
  added: PermissionKey[]
  removed: PermissionKey[]
  /** Prerequisites of what was set that stay missing because they are disabled. */
  blocked: PermissionKey[]
}

/**
 * Sets (or clears) every enabled leaf of a node, then closes the set: prerequisites of what is
 * set are added; what depended on what was cleared is cleared. `added`/`removed` list the
 * keys changed beyond the ones clicked, so the tree can say so; `blocked` the prerequisites it
 * could not add because they are disabled.
 */
export function toggle(node: TreeNode, value: boolean, checked: ReadonlySet<PermissionKey>, enabled: (k: PermissionKey) => boolean): ToggleResult {
  const next = new Set(checked)
  const clicked = node.leaves.filter(enabled)
  const added: PermissionKey[] = []
  const removed: PermissionKey[] = []
  const blocked = new Set<PermissionKey>()
  if (value) {
    for (const k of clicked) next.add(k)
    const queue = [...clicked]
    while (queue.length) {
      const k = queue.pop()!
      for (const req of missingPrerequisites(k, (x) => next.has(x as PermissionKey))) {
        if (!enabled(req)) {
          blocked.add(req)
          continue
        }
        next.add(req)
        added.push(req)
        queue.push(req)
      }
    }
  } else {
    const before = new Set(next)
    for (const k of clicked) next.delete(k)
    // Clear, until nothing changes, every leaf whose prerequisites were met and no longer are.
    for (let changed = true; changed;) {
      changed = false
      for (const k of next) {
        if (!enabled(k)) continue
        const has = (x: string) => next.has(x as PermissionKey)
        const had = (x: string) => before.has(x as PermissionKey)
        if (missingPrerequisites(k, has).length > 0 && missingPrerequisites(k, had).length === 0) {
          next.delete(k)
          removed.push(k)
          changed = true
        }
      }
    }
  }
  // Neither list can hold a clicked key: prerequisites already held are never added, and the
  // clicked keys are gone before dependents are looked for.
  return { checked: next, added, removed, blocked: [...blocked] }
}

/** What changed between two permission sets, each list in catalog order. */
export function diffKeys(before: Iterable<PermissionKey>, after: Iterable<PermissionKey>): { added: PermissionKey[]; removed: PermissionKey[] } {
  const was = new Set(before)
  const now = new Set(after)
  return {
    added: LEAVES.filter((l) => now.has(l.key) && !was.has(l.key)).map((l) => l.key),
    removed: LEAVES.filter((l) => was.has(l.key) && !now.has(l.key)).map((l) => l.key),
  }
}

/** Keeps nodes that match the query (label, description or key) and the ancestors of matches. */
export function filterTree(nodes: TreeNode[], query: string): TreeNode[] {
  const q = query.trim().toLowerCase()
  if (!q) return nodes
  const visit = (n: TreeNode): TreeNode | null => {
    const self = `${n.label} ${n.description ?? ''} ${n.id}`.toLowerCase().includes(q)
    if (self) return n
    const children = n.children.map(visit).filter((c): c is TreeNode => c !== null)
    return children.length ? { ...n, children } : null
  }
  return nodes.map(visit).filter((n): n is TreeNode => n !== null)
}
