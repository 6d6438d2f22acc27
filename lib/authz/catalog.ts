import { MODULES } from './catalog-data'
import type { ActionDef, GroupDef, ModuleDef, Scope } from './catalog-types'

export { MODULES }
export * from './catalog-types'

// ---- Key types, derived from the data so a typo in a permission name is a type error ----
type Mod = (typeof MODULES)[number]
type GroupOf<M> = M extends { groups: readonly (infer G)[] } ? G : never
type KeysOfGroup<G> = G extends { key: infer P extends string; actions: readonly (infer A)[] }
  ? A extends { id: infer I extends string; scopes: readonly (infer S extends string)[] }
    ? `${P}.${I}.${S}`
    : A extends { id: infer I extends string }
      ? `${P}.${I}`
      : never
  : never
type ActionsOfGroup<G> = G extends { key: infer P extends string; actions: readonly (infer A)[] }
  ? A extends { id: infer I extends string }
    ? `${P}.${I}`
    : never
  : never
type ScopedActionsOfGroup<G> = G extends { key: infer P extends string; actions: readonly (infer A)[] }
  ? A extends { id: infer I extends string; scopes: readonly string[] }
    ? `${P}.${I}`
    : never
  : never

/** A leaf of the tree: what is stored and granted (`contacts.view.own`, `users.invite`). */
export type PermissionKey = KeysOfGroup<GroupOf<Mod>>
/** An action: a leaf key, or a scoped action meaning "at any scope" (`contacts.view`). */
export type ActionKey = ActionsOfGroup<GroupOf<Mod>>
/** A scoped action, the argument of record-scope functions. */
export type ScopedActionKey = ScopedActionsOfGroup<GroupOf<Mod>>
export type Permission = PermissionKey | ActionKey
export type ModuleId = Mod['id']

// ---- The flattened catalog ----
export type Leaf = {
  readonly index: number
  readonly key: PermissionKey
  readonly action: ActionKey
  readonly scope?: Scope
  readonly label: string
  readonly description: string
  readonly moduleId: ModuleId
  readonly groupKey: string
  readonly crm: boolean
  readonly ownerOnly: boolean
}

export const SCOPE_LABELS: Record<Scope, string> = {
  own: 'Assigned to themselves',
  team: 'Assigned to their teams',
  all_assigned: 'All assigned',
  unassigned_team: 'Unassigned in their teams',
  unassigned: 'All unassigned',
}

/**
 * A scope and the scopes that include it (see scopes.ts): `team` covers the member's own and
 * their teams' records, `all_assigned` every record with an owner or a team. A prerequisite
 * needed at one scope is met by any scope listed for it.
 */
export const SCOPE_WIDER: Record<Scope, readonly Scope[]> = {
  own: ['own', 'team', 'all_assigned'],
  team: ['team', 'all_assigned'],
  all_assigned: ['all_assigned'],
  unassigned_team: ['unassigned_team', 'team', 'all_assigned'],
  unassigned: ['unassigned'],
}

type ActionInfo = { key: ActionKey; def: ActionDef; group: GroupDef; mod: ModuleDef; leaves: Leaf[] }

/**
 * A permission as at most two (word, bit mask) pairs over the access bitset: the leaves of one
 * action are consecutive, so they span at most two 32-bit words. `can()` (access.ts) is then a
 * map lookup and one or two ANDs, with no loop and no allocation.
 */
export type LeafMask = { readonly w0: number; readonly m0: number; readonly w1: number; readonly m1: number }

/** What the code reads from a catalog, derived from its modules: the app's is built from MODULES below. */
export type Catalog = {
  readonly leaves: readonly Leaf[]
  readonly actions: ReadonlyMap<string, ActionInfo>
  readonly leafByKey: ReadonlyMap<string, Leaf>
  /** Leaf indexes for a leaf key or an action key (every scope of it). */
  readonly indexes: ReadonlyMap<string, readonly number[]>
  readonly masks: ReadonlyMap<string, LeafMask>
}

/** Flattens modules into leaves (catalog order) and indexes them; throws on a duplicate action. */
export function buildCatalog(modules: readonly ModuleDef[]): Catalog {
  const leaves: Leaf[] = []
  const actions = new Map<string, ActionInfo>()
  for (const mod of modules) {
    for (const group of mod.groups) {
      for (const def of group.actions) {
        const key = `${group.key}.${def.id}` as ActionKey
        if (actions.has(key)) throw new Error(`Duplicate permission action ${key}`)
        const info: ActionInfo = { key, def, group, mod, leaves: [] }
        const make = (scope?: Scope): Leaf => ({
          index: leaves.length,
          key: (scope ? `${key}.${scope}` : key) as PermissionKey,
          action: key,
          scope,
          label: scope ? (def.scopeLabels?.[scope] ?? SCOPE_LABELS[scope]) : def.label,
          description: def.description,
          moduleId: mod.id as ModuleId,
          groupKey: group.key,
          crm: !!mod.crm,
          ownerOnly: !!mod.ownerOnly,
        })
        for (const scope of def.scopes ?? [undefined]) {
          const leaf = make(scope)
          leaves.push(leaf)
          info.leaves.push(leaf)
        }
        actions.set(key, info)
      }
    }
  }
  const indexes = new Map<string, readonly number[]>()
  for (const l of leaves) indexes.set(l.key, [l.index])
  for (const [k, a] of actions)
    indexes.set(
      k,
      a.leaves.map((l) => l.index),
    )
  const masks = new Map<string, LeafMask>()
  for (const [key, idx] of indexes) {
    const w0 = idx[0] >>> 5
    let m0 = 0
    let m1 = 0
    for (const i of idx) {
      if (i >>> 5 === w0) m0 |= 1 << (i & 31)
      else if (i >>> 5 === w0 + 1) m1 |= 1 << (i & 31)
      else throw new Error(`${key}: leaves span more than two words`)
    }
    masks.set(key, { w0, m0, w1: w0 + 1, m1 })
  }
  return { leaves, actions, leafByKey: new Map(leaves.map((l) => [l.key, l])), indexes, masks }
}

const CATALOG = buildCatalog(MODULES)
export const LEAVES: readonly Leaf[] = CATALOG.leaves
const ACTIONS = CATALOG.actions
const LEAF_BY_KEY = CATALOG.leafByKey
const INDEXES = CATALOG.indexes
export const MASKS: ReadonlyMap<string, LeafMask> = CATALOG.masks
export function leafIndexes(permission: string): readonly number[] | undefined {
  return INDEXES.get(permission)
}
export function getLeaf(key: string): Leaf | undefined {
  return LEAF_BY_KEY.get(key)
}
/** A leaf's full label: "Edit contacts (assigned to themselves)" for a scoped leaf. */
export function leafLabel(key: string): string {
  const l = LEAF_BY_KEY.get(key)
  if (!l) return key
  return l.scope ? `${ACTIONS.get(l.action)!.def.label} (${l.label.toLowerCase()})` : l.label
}
export function isPermissionKey(key: string): key is PermissionKey {
  return LEAF_BY_KEY.has(key)
}
/** Every permission: each leaf and each scoped action ("at any scope"), leaves of an action after it. */
export function permissionList(): Permission[] {
  const out: Permission[] = []
  for (const [key, a] of ACTIONS) {
    if (a.def.scopes) out.push(key as Permission)
    out.push(...a.leaves.map((l) => l.key))
  }
  return out
}
export function isPermission(key: string): key is Permission {
  return INDEXES.has(key)
}
export function getAction(key: string) {
  return ACTIONS.get(key)
}
export function moduleIds(): ModuleId[] {
  return MODULES.map((m) => m.id)
}

/**
 * The leaves a leaf needs, directly: for each prerequisite, either it is met by `held` already
 * or the leaf to add is returned (the same scope when the prerequisite has it, else its
 * narrowest scope). Used by the tree (check a leaf → check its prerequisites) and the server.
 * `catalog` is the app's unless a test passes another.
 */
export function missingPrerequisites(key: string, held: (k: string) => boolean, catalog: Catalog = CATALOG): PermissionKey[] {
  const leaf = catalog.leafByKey.get(key)
  if (!leaf) return []
  const def = catalog.actions.get(leaf.action)!.def
  const out: PermissionKey[] = []
  for (const req of def.requires ?? []) {
    const reqLeaf = catalog.leafByKey.get(req)
    if (reqLeaf && !catalog.actions.get(req)) {
      if (!held(reqLeaf.key)) out.push(reqLeaf.key)
      continue
    }
    const target = catalog.actions.get(req)
    if (!target) throw new Error(`${key} requires unknown permission ${req}`)
    const scopes = target.def.scopes
    if (!scopes) {
      if (!held(target.key)) out.push(target.key as PermissionKey)
      continue
    }
    const candidates: readonly Scope[] = leaf.scope && scopes.includes(leaf.scope) ? SCOPE_WIDER[leaf.scope] : scopes
    if (candidates.some((s) => held(`${target.key}.${s}`))) continue
    const add = leaf.scope && scopes.includes(leaf.scope) ? leaf.scope : scopes[0]
    out.push(`${target.key}.${add}` as PermissionKey)
  }
  return out
}

/**
 * Normalizes a set of keys as the server stores it: unknown keys dropped, and every
 * prerequisite of a kept leaf added (transitively). Returns the keys in catalog order.
 * (An unknown key or an action key needs nothing and is no leaf, so it is simply left out at the end.)
 */
export function normalizePermissions(keys: Iterable<string>, catalog: Catalog = CATALOG): PermissionKey[] {
  const set = new Set<string>(keys)
  const queue = [...set]
  while (queue.length) {
    for (const m of missingPrerequisites(queue.pop()!, (x) => set.has(x), catalog)) {
      set.add(m)
      queue.push(m)
    }
  }
  return catalog.leaves.filter((l) => set.has(l.key)).map((l) => l.key)
}

/** Checks a catalog's own consistency (the app's is checked by the unit tests). */
export function validateCatalog(modules: readonly ModuleDef[] = MODULES): string[] {
  let catalog: Catalog
  try {
    catalog = buildCatalog(modules)
  } catch (e) {
    return [(e as Error).message]
  }
  const errors: string[] = []
  const ids = new Set<string>()
  for (const m of modules) {
    if (ids.has(m.id)) errors.push(`duplicate module ${m.id}`)
    ids.add(m.id)
    for (const n of m.nav) for (const k of n.anyOf) if (!catalog.indexes.has(k)) errors.push(`nav ${n.href}: unknown ${k}`)
    for (const g of m.groups)
      for (const a of g.actions) for (const r of a.requires ?? []) if (!catalog.indexes.has(r)) errors.push(`${g.key}.${a.id} requires unknown ${r}`)
  }
  for (const l of catalog.leaves) {
    try {
      missingPrerequisites(l.key, () => false, catalog)
    } catch (e) {
      errors.push((e as Error).message)
    }
  }
  return errors
}
