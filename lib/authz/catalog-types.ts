// The shapes of the permission catalog. The data lives in catalog-data.ts; add a module there
// and the permission tree, the menus, the checks and the key type all follow.

/** Record scopes, narrowest first within each family (see SCOPE_WIDER in catalog.ts). */
export const SCOPES = ['own', 'team', 'all_assigned', 'unassigned_team', 'unassigned'] as const
export type Scope = (typeof SCOPES)[number]

export type ActionDef = {
  /** Unique within its group's key prefix: the key is `${group.key}.${id}` (+ `.${scope}`). */
  readonly id: string
  readonly label: string
  readonly description: string
  /** Scoped actions have one independent checkbox (leaf) per scope. */
  readonly scopes?: readonly Scope[]
  /** Per-scope wording; defaults come from SCOPE_LABELS. */
  readonly scopeLabels?: Partial<Record<Scope, string>>
  /**
   * Prerequisites, as action keys (`contacts.view`) or leaf keys. A scoped leaf needs the
   * required scoped action at the same or a wider scope; otherwise any scope of it will do.
   */
  readonly requires?: readonly string[]
}

export type GroupDef = {
  /** The key prefix of the group's permissions, e.g. `users`. */
  readonly key: string
  readonly label: string
  readonly actions: readonly ActionDef[]
}

export type NavEntry = {
  readonly label: string
  readonly href: string
  /** Shown (and the page opened) when the member holds any of these action or leaf keys. */
  readonly anyOf: readonly string[]
}

export type ModuleDef = {
  /** What a plan's `enabledModules` lists. */
  readonly id: string
  readonly label: string
  readonly description: string
  /** Gated by the member's CRM access flag (admins and owners always have it). */
  readonly crm?: boolean
  /** Only owners hold these through their base role (admins do not). */
  readonly ownerOnly?: boolean
  readonly groups: readonly GroupDef[]
  readonly nav: readonly NavEntry[]
}
