import { db } from './client'
import { seatUsage } from './seats'
import { roleUsage } from './roles'

export function listPlans() {
  return db().plan.findMany({ orderBy: { sortOrder: 'asc' }, select: { id: true, name: true, seatLimit: true, roleLimit: true, enabledModules: true } })
}

export type ChangePlanOutcome = { ok: true; from: string; to: string } | { ok: false; code: 'not_found' | 'limit' | 'invalid'; message: string }

/**
 * Switches the workspace's plan at once (there is no payment processor). A plan smaller than
 * what the workspace uses is refused with the numbers; the check and the switch run in the
 * change's transaction under the workspace lock, so an invite cannot slip in between.
 */
export async function changePlan(tenantId: string, planId: string): Promise<ChangePlanOutcome> {
  const tx = db()
  {
    const plan = await tx.plan.findUnique({ where: { id: planId } })
    if (!plan) return { ok: false, code: 'not_found', message: 'That plan does not exist.' }
    const current = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: { select: { id: true, name: true } } } })
    if (current.plan.id === plan.id) return { ok: false, code: 'invalid', message: `You are already on the ${plan.name} plan.` }
    const seats = await seatUsage(tenantId)
    const roles = await roleUsage(tenantId)
    const over: string[] = []
    if (seats.used > plan.seatLimit)
      over.push(`${seats.used} seats are used and ${plan.name} allows ${plan.seatLimit}: remove ${seats.used - plan.seatLimit} members or invitations`)
    if (roles.used > plan.roleLimit)
      over.push(`${roles.used} role templates exist and ${plan.name} allows ${plan.roleLimit}: delete ${roles.used - plan.roleLimit} of them`)
    if (over.length) return { ok: false, code: 'limit', message: `You can’t switch to ${plan.name} yet. ${over.join('; ')}.` }
    await tx.tenant.update({ where: { id: tenantId }, data: { planId: plan.id } })
    return { ok: true, from: current.plan.name, to: plan.name }
  }
}

/** The modules each workspace's plan enables now and, where its plan changed (`planBefore`: the plan it had), before. */
export async function enabledModulesOf(tenantIds: string[], planBefore: ReadonlyMap<string, string> = new Map()) {
  const tenants = await db().tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, planId: true } })
  const planIds = [...new Set([...tenants.map((t) => t.planId), ...planBefore.values()])]
  const plans = await db().plan.findMany({ where: { id: { in: planIds } }, select: { id: true, enabledModules: true } })
  const modules = new Map(plans.map((p) => [p.id, p.enabledModules]))
  return new Map(tenants.map((t) => [t.id, { now: modules.get(t.planId) ?? [], before: modules.get(planBefore.get(t.id) ?? t.planId) ?? [] }]))
}
