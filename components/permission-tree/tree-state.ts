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

export type CheckState = boolean | 'mixed'

export function nodeState(node: TreeNode, checked: ReadonlySet<string>): CheckState {
  let n = 0
  for (const k of node.leaves) if (checked.has(k)) n++
  return n === 0 ? false : n === node.leaves.length ? true : 'mixed'
}

export type ToggleResult = { checked: Set<PermissionKey>; added: PermissionKey[]; removed: PermissionKey[] }

/**
 * Sets (or clears) every enabled leaf of a node, then closes the set: prerequisites of what is
 * set are added; what depended on what was cleared is cleared. `added`/`removed` list the
 * keys changed beyond the ones clicked, so the tree can say so.
 */
export function toggle(node: TreeNode, value: boolean, checked: ReadonlySet<PermissionKey>, enabled: (k: PermissionKey) => boolean): ToggleResult {
  const next = new Set(checked)
  const clicked = node.leaves.filter(enabled)
  const added: PermissionKey[] = []
  const removed: PermissionKey[] = []
  if (value) {
    for (const k of clicked) next.add(k)
    const queue = [...clicked]
    while (queue.length) {
      const k = queue.pop()!
      for (const req of missingPrerequisites(k, (x) => next.has(x as PermissionKey))) {
        if (!enabled(req)) continue
        next.add(req)
        added.push(req)
        queue.push(req)
      }
    }
  } else {
    const before = new Set(next)
    for (const k of clicked) next.delete(k)
    // Clear, until nothing changes, every leaf whose prerequisites were met and no longer are.
    for (let changed = true; changed; ) {
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
  return { checked: next, added, removed }
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
