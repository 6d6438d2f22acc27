import { db } from './client'

// Seats: how many a workspace uses (invited, active and suspended members) and its plan allows.

/** Seats used (invited, active and suspended members, once each) and the plan's limit. */
export async function seatUsage(tenantId: string) {
  // One after the other: inside a transaction both run on its one connection.
  const used = await db().membership.count({ where: { tenantId } })
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: { select: { name: true, seatLimit: true } } } })
  return { used, limit: tenant.plan.seatLimit, planName: tenant.plan.name }
}
export type SeatUsage = Awaited<ReturnType<typeof seatUsage>>

/** Seats taken by people who joined (active and suspended): what accepting an invitation counts against. */
export function activeSeats(tenantId: string) {
  return db().membership.count({ where: { tenantId, status: { not: 'INVITED' } } })
}

export async function seatLimitOf(tenantId: string): Promise<number> {
  return (await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: { select: { seatLimit: true } } } })).plan.seatLimit
}
