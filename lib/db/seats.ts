import { db } from './client'

// Seats: how many a workspace uses (invited, active and suspended members) and its plan allows.
// The counts are counters on the workspace row, kept by triggers on Membership in the same
// transaction as every change that takes or frees a seat (prisma/migrations/…_list_sort_keys).
// A change checks them after taking that row's lock (lockWorkspace), so they hold until it commits.

/** Seats used (invited, active and suspended members, once each), the plan's limit, and whether a plan allows more. */
export async function seatUsage(tenantId: string) {
  const tenant = await db().tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { seatsUsed: true, plan: { select: { name: true, seatLimit: true } } },
  })
  const upgradable = (await db().plan.count({ where: { seatLimit: { gt: tenant.plan.seatLimit } } })) > 0
  return { used: tenant.seatsUsed, limit: tenant.plan.seatLimit, planName: tenant.plan.name, upgradable }
}
export type SeatUsage = Awaited<ReturnType<typeof seatUsage>>

/** Seats taken by people who joined (active and suspended): what accepting an invitation counts against. */
export async function activeSeats(tenantId: string) {
  return (await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { seatsJoined: true } })).seatsJoined
}

export async function seatLimitOf(tenantId: string): Promise<number> {
  return (await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: { select: { seatLimit: true } } } })).plan.seatLimit
}
