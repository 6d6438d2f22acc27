import { getLeaf, LEAVES, MASKS, moduleIds, type Permission, type PermissionKey } from './catalog'

export type BaseRole = 'OWNER' | 'ADMIN' | 'MEMBER'
export type MembershipStatus = 'INVITED' | 'ACTIVE' | 'SUSPENDED'

/** What access is computed from: one membership, its template, grants, teams and plan. */
export type AccessInput = {
  userId: string
  email: string
  name: string
  membershipId: string
  tenantId: string
  tenantName: string
  tenantSlug: string
  baseRole: BaseRole
  status: MembershipStatus
  crmAccess: boolean
  roleTemplateId: string | null
  roleTemplateName: string | null
  templateKeys: readonly string[]
  directKeys: readonly string[]
  teamIds: readonly string[]
  planId: string
  planName: string
  enabledModules: readonly string[]
  /** The workspace requires two-factor sign-in of every member (Security settings). */
  requireTwoFactor: boolean
  /** The user has set up two-factor sign-in (User.totpEnabledAt). */
  twoFactorEnabled: boolean
}

const WORDS = Math.ceil(LEAVES.length / 32)
const ALL_MODULES = moduleIds()

/** The CRM rule: owners and admins always have CRM access; a member has it when their flag is on. */
export function hasCrmAccess(baseRole: BaseRole, crmAccess: boolean): boolean {
  return baseRole !== 'MEMBER' || crmAccess
}

export type BitsInput = Pick<AccessInput, 'baseRole' | 'status' | 'crmAccess' | 'templateKeys' | 'directKeys' | 'enabledModules'>

/** The effective permissions as a bitset over the catalog's leaves (README, "How access works"). */
export function computeBits(input: BitsInput): Uint32Array {
  const bits = new Uint32Array(WORDS)
  if (input.status !== 'ACTIVE') return bits
  const set = (i: number) => (bits[i >>> 5] |= 1 << (i & 31))
  const modules = new Set(input.enabledModules)
  const crm = hasCrmAccess(input.baseRole, input.crmAccess)
  const allowed = (i: number) => {
    const l = LEAVES[i]
    return modules.has(l.moduleId) && (crm || !l.crm)
  }
  if (input.baseRole === 'OWNER' || input.baseRole === 'ADMIN') {
    for (const l of LEAVES) if (allowed(l.index) && (input.baseRole === 'OWNER' || !l.ownerOnly)) set(l.index)
    return bits
  }
  for (const keys of [input.templateKeys, input.directKeys]) {
    for (const k of keys) {
      const leaf = getLeaf(k) // unknown (retired) keys are ignored
      if (leaf && allowed(leaf.index)) set(leaf.index)
    }
  }
  return bits
}

/** The same bitset as if the plan enabled every module: what the role gives, whatever the plan. */
export function roleBits(input: Omit<BitsInput, 'enabledModules'>): Uint32Array {
  return computeBits({ ...input, enabledModules: ALL_MODULES })
}

export function hasBit(bits: Uint32Array, i: number) {
  return (bits[i >>> 5] & (1 << (i & 31))) !== 0
}

/** The leaves of a set of keys as a bitset (unknown keys ignored). */
export function keyBits(keys: readonly string[]): Uint32Array {
  const bits = new Uint32Array(WORDS)
  for (const k of keys) {
    const leaf = getLeaf(k)
    if (leaf) bits[leaf.index >>> 5] |= 1 << (leaf.index & 31)
  }
  return bits
}

function intersect(a: Uint32Array, b: Uint32Array | null): Uint32Array {
  if (!b) return a
  const out = new Uint32Array(a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i]
  return out
}

/**
 * The access of one request, immutable; checks are in memory. A signed-in member's, or an API
 * key's: `limit` is then the key's own permission keys, and the key holds only what is in both
 * (what its creator, `member`, holds now — plan and CRM flag included — and the key's set).
 */
/** Each Access's role bits, once computed (Access is frozen: the cache lives beside it). */
const HELD = new WeakMap<Access, Uint32Array>()

export class Access {
  readonly bits: Uint32Array
  /** The key's own permission keys as bits (null: not a key's access). */
  private readonly only: Uint32Array | null
  constructor(
    readonly member: Readonly<AccessInput>,
    limit: readonly string[] | null = null,
    /** The API key acting (its creator is `member`); null for a signed-in member. */
    readonly apiKey: Readonly<{ id: string; name: string }> | null = null,
  ) {
    this.only = limit ? keyBits(limit) : null
    this.bits = intersect(computeBits(member), this.only)
    Object.freeze(this)
  }
  /**
   * The same access as if the plan enabled every module: what the member's role gives them.
   * Computed on first use (only changes ask it: an authorize call builds an Access per member
   * and never does).
   */
  private get heldBits(): Uint32Array {
    let held = HELD.get(this)
    if (!held) HELD.set(this, (held = intersect(roleBits(this.member), this.only)))
    return held
  }
  get userId() {
    return this.member.userId
  }
  get membershipId() {
    return this.member.membershipId
  }
  get tenantId() {
    return this.member.tenantId
  }
  get baseRole() {
    return this.member.baseRole
  }
  get email() {
    return this.member.email
  }
  get teamIds() {
    return this.member.teamIds
  }
  /** CRM access (the flag, or being an owner or admin). */
  get crm() {
    return hasCrmAccess(this.member.baseRole, this.member.crmAccess)
  }

  /** A leaf (`contacts.view.own`) or an action at any scope (`contacts.view`). */
  can(permission: Permission | string): boolean {
    const m = MASKS.get(permission)
    if (m === undefined) return false
    const bits = this.bits
    return (bits[m.w0] & m.m0) !== 0 || (m.m1 !== 0 && (bits[m.w1] & m.m1) !== 0)
  }
  canAny(permissions: readonly (Permission | string)[]): boolean {
    for (const permission of permissions) if (this.can(permission)) return true
    return false
  }
  /**
   * Whether the member's role holds this leaf, whatever the plan: the test of "grant only what
   * you hold". A key of a module the plan switches off grants nothing today, and on a plan
   * that has the module the actor would hold it too, so handing it over is not escalation.
   */
  holdsByRole(key: PermissionKey | string): boolean {
    const leaf = getLeaf(key)
    return !!leaf && hasBit(this.heldBits, leaf.index)
  }
  /** Every leaf key held, in catalog order. */
  keys(): PermissionKey[] {
    return LEAVES.filter((l) => hasBit(this.bits, l.index)).map((l) => l.key)
  }
  get isOwner() {
    return this.member.baseRole === 'OWNER'
  }
  get isAdminOrOwner() {
    return this.member.baseRole !== 'MEMBER'
  }
  /**
   * The workspace requires two-factor sign-in and this user has not set it up: the gates send
   * them to set it up (lib/authz/guards.ts) before anything that does not opt out.
   */
  get twoFactorPending() {
    return this.member.requireTwoFactor && !this.member.twoFactorEnabled
  }
}

/** What a member's access is, as `GET /api/me/access` and the API's member access route answer it. */
export function accessSummary(access: Access) {
  const m = access.member
  return {
    baseRole: m.baseRole,
    roleTemplate: m.roleTemplateId ? { id: m.roleTemplateId, name: m.roleTemplateName } : null,
    crmAccess: access.crm,
    teamIds: [...m.teamIds],
    plan: { id: m.planId, name: m.planName, enabledModules: [...m.enabledModules] },
    permissions: access.keys(),
  }
}
