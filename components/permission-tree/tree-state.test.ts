import { describe, expect, it } from 'vitest'
import { LEAVES, MODULES, type PermissionKey } from '@/lib/authz/catalog'
import { buildTree, diffKeys, filterTree, nodeLocks, nodeState, nodeStates, rootNode, toggle, type TreeNode } from './tree-state'

const tree = buildTree()
const all = () => true
const set = (...keys: PermissionKey[]) => new Set<PermissionKey>(keys)

/** The node with this id anywhere in the tree (modules, groups, actions, leaves). */
function findIn(id: string, nodes: TreeNode[]): TreeNode | undefined {
  for (const n of nodes) {
    const hit = n.id === id ? n : findIn(id, n.children)
    if (hit) return hit
  }
  return undefined
}
function find(id: string): TreeNode {
  const n = findIn(id, tree)
  if (!n) throw new Error(`no node ${id}`)
  return n
}
/** Every node of a tree, parents first. */
const allNodes = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...allNodes(n.children)])
/** The leaf node of a key. */
const leaf = (key: PermissionKey) => find(key)
const sorted = (keys: Iterable<string>) => [...keys].sort()

/** Every leaf node below (or at) a node, collected from the children, not from `leaves`. */
function leafNodes(n: TreeNode): TreeNode[] {
  return n.children.length ? n.children.flatMap(leafNodes) : [n]
}

describe('buildTree', () => {
  it('has one node per catalog module, in catalog order', () => {
    expect(tree.map((m) => m.id)).toEqual(MODULES.map((m) => m.id))
  })

  it('covers every catalog leaf exactly once', () => {
    const fromLeaves = tree.flatMap((m) => m.leaves)
    expect(fromLeaves).toHaveLength(LEAVES.length)
    expect(new Set(fromLeaves).size).toBe(LEAVES.length)
    expect(sorted(fromLeaves)).toEqual(sorted(LEAVES.map((l) => l.key)))
    // The children agree with the `leaves` lists: each leaf node is a real, unique key.
    const fromNodes = tree.flatMap(leafNodes).map((n) => n.key)
    expect(fromNodes.every((k) => k !== undefined)).toBe(true)
    expect(sorted(fromNodes as string[])).toEqual(sorted(LEAVES.map((l) => l.key)))
  })

  it('a node lists exactly the leaves below it', () => {
    const visit = (n: TreeNode) => {
      if (n.children.length) {
        expect(sorted(n.leaves), n.id).toEqual(sorted(leafNodes(n).map((c) => c.key!)))
        n.children.forEach(visit)
      } else {
        expect(n.leaves, n.id).toEqual([n.key])
      }
    }
    tree.forEach(visit)
  })

  it('gives every node a unique id, and a leaf node its key as id (the tree keys its state by id)', () => {
    const ids = allNodes([rootNode(tree)]).map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const n of allNodes(tree)) if (n.key) expect(n.id).toBe(n.key)
  })

  it('puts scoped leaves under their action and unscoped actions as leaves', () => {
    const view = find('contacts.view')
    expect(view.key).toBeUndefined()
    expect(view.children.map((c) => c.key)).toEqual(['contacts.view.own', 'contacts.view.team', 'contacts.view.all_assigned', 'contacts.view.unassigned'])
    expect(find('users.invite')).toMatchObject({ key: 'users.invite', leaves: ['users.invite'], children: [] })
  })

  it('shows a single-group module’s actions directly, and groups otherwise', () => {
    expect(find('workflows').children.map((c) => c.id)).toEqual([
      'workflows.view',
      'workflows.create',
      'workflows.edit',
      'workflows.publish',
      'workflows.delete',
    ])
    expect(find('contacts').children.map((c) => c.id)).toEqual(['contacts/contacts', 'contacts/contact_lists', 'contacts/contact_settings'])
  })
})

describe('nodeState', () => {
  const broadcasts = find('broadcasts/broadcasts')
  it('is false with none, true with all and mixed with some of the node’s leaves', () => {
    expect(nodeState(broadcasts, set())).toBe(false)
    expect(nodeState(broadcasts, set('users.view', 'contacts.view.own'))).toBe(false)
    expect(nodeState(broadcasts, new Set(broadcasts.leaves))).toBe(true)
    expect(nodeState(broadcasts, set('broadcasts.view'))).toBe('mixed')
    expect(nodeState(find('broadcasts'), new Set(broadcasts.leaves))).toBe('mixed')
  })

  it('works for a leaf', () => {
    expect(nodeState(leaf('users.view'), set('users.view'))).toBe(true)
    expect(nodeState(leaf('users.view'), set('users.invite'))).toBe(false)
  })
})

describe('nodeStates', () => {
  const root = rootNode(tree)
  const samples: Set<PermissionKey>[] = [
    set(),
    new Set(root.leaves),
    set('users.view', 'contacts.view.own', 'contacts.view.team', 'broadcasts.view'),
    new Set(root.leaves.filter((_, i) => i % 3 === 0)),
  ]

  it('gives every node, root included, the state nodeState gives it and its checked count', () => {
    for (const checked of samples) {
      const states = nodeStates([root], checked)
      for (const n of allNodes([root])) {
        expect(states.get(n.id), n.id).toEqual({ state: nodeState(n, checked), checked: n.leaves.filter((k) => checked.has(k)).length })
      }
    }
  })

  it('shows mixed on every ancestor of a single checked leaf, and false elsewhere', () => {
    const states = nodeStates([root], set('contacts.view.team'))
    expect(states.get('contacts.view.team')?.state).toBe(true)
    for (const id of ['contacts.view', 'contacts/contacts', 'contacts', 'all']) expect(states.get(id)?.state, id).toBe('mixed')
    expect(states.get('contacts.view.own')?.state).toBe(false)
    expect(states.get('broadcasts')?.state).toBe(false)
    expect(states.get('contacts')?.checked).toBe(1)
  })
})

describe('nodeLocks', () => {
  const root = rootNode(tree)
  const inbox = new Set(find('inbox').leaves)
  const planOff = (k: PermissionKey) => (inbox.has(k) ? 'not in your plan' : null)

  it('locks a module whose every leaf is disabled, with its reason, and everything below it', () => {
    const locks = nodeLocks([root], planOff)
    expect(locks.get('inbox')).toBe('not in your plan')
    for (const n of allNodes([find('inbox')])) expect(locks.get(n.id), n.id).toBe('not in your plan')
    expect(locks.has('all')).toBe(false)
    expect(locks.has('contacts')).toBe(false)
    expect(locks.size).toBe(allNodes([find('inbox')]).length)
  })

  it('does not lock a parent with one enabled leaf, but locks its disabled leaves', () => {
    const locks = nodeLocks([root], (k) => (k === 'contacts.view.own' ? null : k.startsWith('contacts.view') ? 'no' : null))
    expect(locks.has('contacts.view')).toBe(false)
    expect(locks.get('contacts.view.team')).toBe('no')
    expect(locks.has('contacts.view.own')).toBe(false)
  })

  it('gives a parent its leaves’ distinct reasons, and the root the reason shared by all', () => {
    const reasons = nodeLocks([root], (k) => (k === 'broadcasts.view' ? 'not held' : 'read only'))
    expect(reasons.get('broadcasts/broadcasts')).toBe('not held; read only')
    expect(nodeLocks([root], () => 'read only').get('all')).toBe('read only')
  })

  it('asks for each leaf’s reason once', () => {
    const asked: string[] = []
    nodeLocks([root], (k) => (asked.push(k), null))
    expect(sorted(asked)).toEqual(sorted(LEAVES.map((l) => l.key)))
  })
})

describe('toggle: check all and clear all (the root)', () => {
  const root = rootNode(tree)
  const disabled = new Set<string>(['users.delete', 'contacts.export', ...find('inbox').leaves])
  const enabled = (k: PermissionKey) => !disabled.has(k)

  it('check all sets every enabled leaf and leaves every disabled one unset', () => {
    const r = toggle(root, true, set(), enabled)
    expect(sorted(r.checked)).toEqual(sorted(LEAVES.map((l) => l.key).filter((k) => !disabled.has(k))))
    expect(nodeState(root, r.checked)).toBe('mixed')
    expect(nodeState(find('inbox'), r.checked)).toBe(false)
  })

  it('clear all clears every enabled leaf and keeps the disabled ones that were set', () => {
    const r = toggle(root, false, new Set(root.leaves), enabled)
    expect(sorted(r.checked)).toEqual(sorted(disabled))
  })

  it('with nothing disabled, checks and clears everything', () => {
    expect(toggle(root, true, set(), all).checked.size).toBe(LEAVES.length)
    expect(toggle(root, false, new Set(root.leaves), all).checked.size).toBe(0)
  })
})

describe('toggle: parents', () => {
  it('checking a module sets every enabled leaf of it and nothing else', () => {
    const r = toggle(find('workflows'), true, set('users.view'), all)
    expect(sorted(r.checked)).toEqual(sorted(['users.view', ...find('workflows').leaves]))
    expect(r.added).toEqual([])
    expect(r.removed).toEqual([])
  })

  it('checking a group or a scoped action sets all of its leaves', () => {
    const group = find('settings/roles')
    expect(sorted(toggle(group, true, set(), all).checked)).toEqual(sorted([...group.leaves, 'users.view']))
    const action = find('inbox.view')
    expect(sorted(toggle(action, true, set(), all).checked)).toEqual(sorted(action.leaves))
    expect(action.leaves).toHaveLength(5)
  })

  it('clearing a module clears all its enabled leaves and leaves other modules alone', () => {
    const wf = find('workflows')
    const r = toggle(wf, false, set(...(wf.leaves as PermissionKey[]), 'users.view', 'users.invite'), all)
    expect(sorted(r.checked)).toEqual(['users.invite', 'users.view'])
    expect(r.removed).toEqual([])
  })

  it('leaves disabled leaves unchanged when setting and when clearing', () => {
    const contacts = find('contacts/contacts')
    const disabled = new Set<string>(['contacts.delete.all_assigned', 'contacts.export'])
    const enabled = (k: PermissionKey) => !disabled.has(k)
    const on = toggle(contacts, true, set(), enabled)
    expect(on.checked.has('contacts.delete.all_assigned')).toBe(false)
    expect(on.checked.has('contacts.export')).toBe(false)
    expect(on.checked.has('contacts.delete.own')).toBe(true)
    expect(on.checked.size).toBe(contacts.leaves.length - 2)
    expect(nodeState(contacts, on.checked)).toBe('mixed')

    // A disabled leaf that is set stays set when its parent is cleared.
    const off = toggle(contacts, false, set(...(contacts.leaves as PermissionKey[])), enabled)
    expect(sorted(off.checked)).toEqual(['contacts.delete.all_assigned', 'contacts.export'])
  })
})

describe('toggle: prerequisites', () => {
  it('checking a leaf checks its prerequisites at the same scope and reports them', () => {
    const r = toggle(leaf('contacts.edit.team'), true, set(), all)
    expect(sorted(r.checked)).toEqual(['contacts.edit.team', 'contacts.view.team'])
    expect(r.added).toEqual(['contacts.view.team'])
    expect(r.removed).toEqual([])
  })

  it('adds prerequisites transitively', () => {
    const r = toggle(leaf('broadcasts.publish'), true, set(), all)
    expect(sorted(r.checked)).toEqual(['broadcasts.create', 'broadcasts.publish', 'broadcasts.view'])
    expect(sorted(r.added)).toEqual(['broadcasts.create', 'broadcasts.view'])
    const imp = toggle(leaf('contacts.import'), true, set(), all)
    expect(sorted(imp.added)).toEqual(['contacts.create', 'contacts.view.own'])
  })

  it('adds every prerequisite of a leaf that has several', () => {
    const r = toggle(leaf('roles.assign'), true, set(), all)
    expect(sorted(r.added)).toEqual(['roles.view', 'users.view'])
  })

  it('does not add a prerequisite already met at a wider scope', () => {
    const r = toggle(leaf('contacts.edit.own'), true, set('contacts.view.team'), all)
    expect(r.added).toEqual([])
    expect(sorted(r.checked)).toEqual(['contacts.edit.own', 'contacts.view.team'])
    const r2 = toggle(leaf('contacts.edit.team'), true, set('contacts.view.all_assigned'), all)
    expect(r2.added).toEqual([])
    expect(r2.checked.has('contacts.view.team')).toBe(false)
  })

  it('a narrower scope does not meet a wider prerequisite', () => {
    const r = toggle(leaf('contacts.edit.all_assigned'), true, set('contacts.view.own'), all)
    expect(r.added).toEqual(['contacts.view.all_assigned'])
  })

  it('does not add a disabled prerequisite: reports it as blocked, not added', () => {
    const enabled = (k: PermissionKey) => k !== 'contacts.view.team'
    const r = toggle(leaf('contacts.edit.team'), true, set(), enabled)
    expect(r.added).toEqual([])
    expect(r.blocked).toEqual(['contacts.view.team'])
    expect(sorted(r.checked)).toEqual(['contacts.edit.team'])
    expect(toggle(leaf('contacts.edit.team'), true, set(), all).blocked).toEqual([])
  })

  it('clearing a leaf clears what required it, transitively, and reports it', () => {
    const r = toggle(leaf('broadcasts.view'), false, set('broadcasts.view', 'broadcasts.create', 'broadcasts.publish', 'users.view'), all)
    expect(sorted(r.checked)).toEqual(['users.view'])
    expect(sorted(r.removed)).toEqual(['broadcasts.create', 'broadcasts.publish'])
    expect(r.added).toEqual([])
  })

  it('does not report the clicked leaves as removed', () => {
    const g = find('broadcasts/broadcasts')
    const r = toggle(g, false, set('broadcasts.view', 'broadcasts.create'), all)
    expect(r.checked.size).toBe(0)
    expect(r.removed).toEqual([])
  })

  it('keeps a dependent that another scope still satisfies', () => {
    const r = toggle(leaf('contacts.view.own'), false, set('contacts.view.own', 'contacts.view.all_assigned', 'contacts.edit.own'), all)
    expect(sorted(r.checked)).toEqual(['contacts.edit.own', 'contacts.view.all_assigned'])
    expect(r.removed).toEqual([])
  })

  it('clears a dependent whose only satisfying scope goes', () => {
    const r = toggle(leaf('contacts.view.own'), false, set('contacts.view.own', 'contacts.view.unassigned', 'contacts.edit.own'), all)
    expect(sorted(r.checked)).toEqual(['contacts.view.unassigned'])
    expect(r.removed).toEqual(['contacts.edit.own'])
  })

  it('does not clear a disabled dependent', () => {
    const enabled = (k: PermissionKey) => k !== 'broadcasts.create'
    const r = toggle(leaf('broadcasts.view'), false, set('broadcasts.view', 'broadcasts.create'), enabled)
    expect(sorted(r.checked)).toEqual(['broadcasts.create'])
    expect(r.removed).toEqual([])
  })

  it('does not mutate the set it was given', () => {
    const before = set('broadcasts.view', 'broadcasts.create')
    toggle(leaf('broadcasts.view'), false, before, all)
    toggle(leaf('users.invite'), true, before, all)
    expect(sorted(before)).toEqual(['broadcasts.create', 'broadcasts.view'])
  })
})

describe('filterTree', () => {
  it('returns the tree unchanged for an empty or blank query', () => {
    expect(filterTree(tree, '')).toBe(tree)
    expect(filterTree(tree, '   ')).toBe(tree)
  })

  it('finds a leaf by key and keeps only it and its ancestors', () => {
    const r = filterTree(tree, 'users.invite')
    expect(r.map((m) => m.id)).toEqual(['settings'])
    expect(r[0].children.map((g) => g.id)).toEqual(['settings/users'])
    expect(r[0].children[0].children.map((a) => a.id)).toEqual(['users.invite'])
    expect(r[0].children[0].children[0].key).toBe('users.invite')
  })

  it('matches labels case-insensitively and drops what does not match', () => {
    const r = filterTree(tree, 'PAYMENT LINKS')
    expect(r.map((m) => m.id)).toEqual(['inbox'])
    expect(r[0].children.map((g) => g.id)).toEqual(['inbox/inbox'])
    expect(r[0].children[0].children.map((a) => a.id)).toEqual(['inbox.send_payment_links'])
  })

  it('matches descriptions', () => {
    const r = filterTree(tree, 'Download report data')
    expect(r.flatMap(leafNodes).map((n) => n.key)).toEqual(['analytics.export'])
  })

  it('keeps a whole subtree when a parent matches', () => {
    const r = filterTree(tree, 'Message templates')
    const g = r[0].children.find((c) => c.id === 'broadcasts/templates')
    expect(r.map((m) => m.id)).toEqual(['broadcasts'])
    expect(g?.children.map((c) => c.id)).toEqual(['templates.view', 'templates.manage'])
  })

  it('returns nothing when nothing matches, and does not mutate the tree', () => {
    const copy = JSON.stringify(tree)
    expect(filterTree(tree, 'no-such-permission-xyz')).toEqual([])
    filterTree(tree, 'view')
    expect(JSON.stringify(tree)).toBe(copy)
  })
})

describe('diffKeys', () => {
  it('lists added and removed keys in catalog order, and nothing for equal sets', () => {
    const d = diffKeys(['contacts.view.own', 'users.view', 'users.invite'], ['users.view', 'broadcasts.view', 'analytics.export', 'contacts.view.team'])
    const order = (keys: string[]) => LEAVES.map((l) => l.key as string).filter((k) => keys.includes(k))
    expect(d.added).toEqual(order(['broadcasts.view', 'analytics.export', 'contacts.view.team']))
    expect(sorted(d.removed)).toEqual(['contacts.view.own', 'users.invite'])
    expect(diffKeys(['users.view'], ['users.view'])).toEqual({ added: [], removed: [] })
  })
})
