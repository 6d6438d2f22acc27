import { Access, type AccessInput, type BaseRole, type MembershipStatus } from '@/lib/authz/access'
import type { AccessState } from '@/lib/authz/get-access'
import type { Requirement } from '@/lib/authz/guards'
import { STARTER_ROLES } from '@/lib/authz/starter-roles'
import { db } from '@/lib/db/client'
import { PLANS } from '@/lib/db/seed'
import { LEAVES, normalizePermissions } from '@/lib/authz/catalog'
import { accessOf, createWorkspace } from './fixtures'
import { distinctRequirements } from './requirements'

/** The first two requirements of the table that no persona tells apart, or null. */
function firstUnseparated(personas: { holds: (keys: string[]) => boolean }[]): [string[], string[]] | null {
  const reqs = distinctRequirements()
  for (let i = 0; i < reqs.length; i++)
    for (let j = i + 1; j < reqs.length; j++) if (!personas.some((p) => p.holds(reqs[i]) !== p.holds(reqs[j]))) return [reqs[i], reqs[j]]
  return null
}

// The people the security matrix calls every action and route as. Each persona carries the
// access state its request would get (loaded from the database like getAccess does) and,
// separately, what the catalog's rules say it may do: an Access built here from the persona's
// spec (base role, template keys, grants, CRM flag, plan modules) — not read back from the app.

export type Persona = {
  name: string
  /** What a request of this person gets from the database (what the gate sees). */
  state: AccessState
  /**
   * What the catalog says: 'unauthenticated' (no active membership here) or the access it
   * computes (`twoFactorPending` when its workspace requires two-factor sign-in it has not set up).
   */
  expected: 'unauthenticated' | Access
}

/** Whether an access satisfies a requirement, as the catalog defines it (string → can, array → any of, null → any member). */
export function allows(access: Access, req: Requirement): boolean {
  if (req === null) return true
  return typeof req === 'string' ? access.can(req) : access.canAny(req)
}

type Spec = {
  role: BaseRole
  status?: MembershipStatus
  crmAccess?: boolean
  templateKeys?: readonly string[]
  templateId?: string | null
  directKeys?: string[]
}

/**
 * One workspace on the Business plan (every module on) with: an owner, an admin, one member per
 * starter template (CRM access on), a member with no permission, a suspended admin, an invited
 * member holding "Full access", someone signed in without a workspace, and the owner of another
 * workspace whose session points at this one.
 */
export async function seedPersonas() {
  const ws = await createWorkspace({ plan: 'business', name: 'Matrix' })
  const plan = PLANS.find((p) => p.id === 'business')!
  const tenant = ws.tenant

  const catalogAccess = (m: { id: string; userId: string; email: string }, spec: Spec, twoFactor = { required: false, enabled: false }) =>
    new Access({
      userId: m.userId,
      email: m.email,
      name: '',
      membershipId: m.id,
      tenantId: tenant.id,
      tenantName: tenant.name,
      tenantSlug: tenant.slug,
      baseRole: spec.role,
      status: spec.status ?? 'ACTIVE',
      crmAccess: spec.crmAccess ?? false,
      roleTemplateId: spec.templateId ?? null,
      roleTemplateName: null,
      templateKeys: spec.templateKeys ?? [],
      directKeys: spec.directKeys ?? [],
      teamIds: [],
      planId: plan.id,
      planName: plan.name,
      enabledModules: plan.enabledModules,
      requireTwoFactor: twoFactor.required,
      twoFactorEnabled: twoFactor.enabled,
    } satisfies AccessInput)

  const personas: Persona[] = [{ name: 'anonymous', state: { status: 'anonymous' }, expected: 'unauthenticated' }]
  const member = async (name: string, spec: Spec) => {
    const m = await ws.add({ role: spec.role, status: spec.status, crmAccess: spec.crmAccess, templateId: spec.templateId, permissions: spec.directKeys })
    const active = (spec.status ?? 'ACTIVE') === 'ACTIVE'
    personas.push({ name, state: await accessOf(m), expected: active ? catalogAccess(m, spec) : 'unauthenticated' })
    return m
  }

  const owner = await member('owner', { role: 'OWNER', crmAccess: true })
  const admin = await member('admin', { role: 'ADMIN' })
  for (const t of STARTER_ROLES) {
    const row = await db().roleTemplate.create({
      data: { tenantId: tenant.id, name: t.name, description: t.description, permissions: { create: t.permissions.map((key) => ({ key })) } },
    })
    await member(`member with template “${t.name}”`, { role: 'MEMBER', crmAccess: true, templateId: row.id, templateKeys: t.permissions })
  }
  await member('member without permissions', { role: 'MEMBER' })
  const fullAccess = STARTER_ROLES.find((t) => t.id === 'full_access')!
  const fullAccessId = (await db().roleTemplate.findFirstOrThrow({ where: { tenantId: tenant.id, name: fullAccess.name } })).id
  await member('suspended admin', { role: 'ADMIN', status: 'SUSPENDED' })
  await member('invited member (Full access)', {
    role: 'MEMBER',
    status: 'INVITED',
    crmAccess: true,
    templateId: fullAccessId,
    templateKeys: fullAccess.permissions,
  })

  // Members holding just one gate's permission (and its prerequisites), added until every two
  // requirements of the reviewed table are told apart by someone: a gate loosened or swapped for
  // another cannot go unnoticed because no persona happened to hold one without the other.
  const holders = () =>
    personas.flatMap((p) => (p.expected === 'unauthenticated' ? [] : [{ name: p.name, holds: (keys: string[]) => (p.expected as Access).canAny(keys) }]))
  for (let pair = firstUnseparated(holders()); pair; pair = firstUnseparated(holders())) {
    const [a, b] = pair
    // One leaf of the first permission (an action such as contacts.view: its first scope).
    const only = (keys: string[]) => normalizePermissions([LEAVES.find((l) => l.key === keys[0] || l.key.startsWith(`${keys[0]}.`))!.key])
    const holdsB = (keys: string[]) => b.some((k) => keys.includes(k) || keys.some((x) => x.startsWith(`${k}.`)))
    const keys = holdsB(only(a)) ? only(b) : only(a)
    if (holders().some((p) => p.name === `member with only ${keys.join(', ')}`)) throw new Error(`no single-permission persona tells ${a} from ${b}`)
    await member(`member with only ${keys.join(', ')}`, { role: 'MEMBER', crmAccess: true, directKeys: keys })
  }

  // Signed in, no workspace chosen: the state getAccess gives before the picker.
  personas.push({ name: 'signed in without a workspace', state: { status: 'no-workspace', userId: owner.userId }, expected: 'unauthenticated' })

  // The owner of another workspace, with a session pointing at this one: no membership here.
  const other = await createWorkspace({ plan: 'business', name: 'Elsewhere' })
  const outsider = await other.add({ role: 'OWNER', crmAccess: true })
  personas.push({ name: 'owner of another workspace', state: await accessOf({ userId: outsider.userId, tenantId: tenant.id }), expected: 'unauthenticated' })

  // A workspace that requires two-factor sign-in: an owner who has not set it up (every gate but
  // the opted-out ones sends them to set it up) and one who has (nothing holds them back).
  const strict = await createWorkspace({ plan: 'business', name: 'Strict' })
  await db().tenant.update({ where: { id: strict.tenant.id }, data: { requireTwoFactor: true } })
  const owners = { role: 'OWNER', crmAccess: true } as const
  const pending = await strict.add(owners)
  personas.push({
    name: 'owner who has not set up the two-factor sign-in their workspace requires',
    state: await accessOf(pending),
    expected: catalogAccess(pending, owners, { required: true, enabled: false }),
  })
  const enrolled = await strict.add(owners)
  await db().user.update({ where: { id: enrolled.userId }, data: { totpEnabledAt: new Date() } })
  personas.push({
    name: 'owner with two-factor sign-in, in a workspace that requires it',
    state: await accessOf(enrolled),
    expected: catalogAccess(enrolled, owners, { required: true, enabled: true }),
  })

  return { ws, owner, admin, outsider, personas }
}
