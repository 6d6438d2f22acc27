import { db } from './client'

// A workspace's webhook endpoints and their deliveries, always selected by the workspace's id
// (from the access object) as well as their own.

export type DeliveryState = 'pending' | 'delivered' | 'failing' | 'dead'

const deliveryState = (d: { deliveredAt: Date | null; deadAt: Date | null; lastError: string | null; attempts: number }): DeliveryState =>
  d.deliveredAt ? 'delivered' : d.deadAt ? 'dead' : d.attempts > 0 && d.lastError ? 'failing' : 'pending'

/** The workspace's endpoints, oldest first, each with its latest delivery and how many are failing or given up on. */
export async function listWebhookEndpoints(tenantId: string) {
  const rows = await db().webhookEndpoint.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      url: true,
      description: true,
      eventTypes: true,
      enabled: true,
      createdAt: true,
      deliveries: {
        orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }],
        take: 1,
        select: { deliveredAt: true, deadAt: true, lastError: true, attempts: true, lastStatus: true, createdAt: true },
      },
    },
  })
  const troubled = await db().webhookDelivery.groupBy({
    by: ['endpointId'],
    where: { tenantId, deliveredAt: null, OR: [{ deadAt: { not: null } }, { lastError: { not: null } }] },
    _count: { _all: true },
  })
  const count = new Map(troubled.map((t) => [t.endpointId, t._count._all]))
  return rows.map(({ deliveries, ...e }) => {
    const last = deliveries[0]
    return { ...e, failing: count.get(e.id) ?? 0, last: last ? { state: deliveryState(last), status: last.lastStatus, at: last.createdAt } : null }
  })
}

/** One endpoint of the workspace (its secret still sealed), or null. */
export function getWebhookEndpoint(tenantId: string, id: string) {
  return db().webhookEndpoint.findFirst({
    where: { tenantId, id },
    select: {
      id: true,
      url: true,
      description: true,
      eventTypes: true,
      enabled: true,
      secret: true,
      createdAt: true,
      updatedAt: true,
      createdBy: { select: { email: true, name: true } },
    },
  })
}

export function createWebhookEndpoint(data: {
  tenantId: string
  url: string
  description: string
  eventTypes: string[]
  secret: string
  createdById: string | null
}) {
  return db().webhookEndpoint.create({ data, select: { id: true, url: true } })
}

/** Changes an endpoint of the workspace; false when there is none. */
export async function updateWebhookEndpoint(
  tenantId: string,
  id: string,
  data: Partial<{ url: string; description: string; eventTypes: string[]; enabled: boolean; secret: string }>,
): Promise<boolean> {
  const { count } = await db().webhookEndpoint.updateMany({ where: { tenantId, id }, data })
  return count === 1
}

/** Deletes an endpoint with its deliveries and their log; false when there is none. */
export async function deleteWebhookEndpoint(tenantId: string, id: string): Promise<boolean> {
  const { count } = await db().webhookEndpoint.deleteMany({ where: { tenantId, id } })
  return count === 1
}

/** An endpoint's newest deliveries, with their event, state and attempts. */
export async function listDeliveries(tenantId: string, endpointId: string, limit = 50) {
  const rows = await db().webhookDelivery.findMany({
    where: { tenantId, endpointId },
    orderBy: [{ seq: 'desc' }],
    take: limit,
    select: {
      id: true,
      messageId: true,
      attempts: true,
      deliveredAt: true,
      deadAt: true,
      lastStatus: true,
      lastError: true,
      nextAttemptAt: true,
      createdAt: true,
      message: { select: { type: true } },
      _count: { select: { log: true } },
      log: { orderBy: { at: 'desc' }, take: 1, select: { at: true, durationMs: true } },
    },
  })
  return rows.map((d) => ({
    id: d.id,
    messageId: d.messageId,
    type: d.message.type,
    state: deliveryState(d),
    tries: d._count.log,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    lastAttemptAt: d.log[0]?.at ?? null,
    durationMs: d.log[0]?.durationMs ?? null,
    nextAttemptAt: d.deliveredAt || d.deadAt ? null : d.nextAttemptAt,
    createdAt: d.createdAt,
  }))
}

/** A delivery of the workspace with its event type, or null. */
export function getDelivery(tenantId: string, id: string) {
  return db().webhookDelivery.findFirst({
    where: { tenantId, id },
    select: { id: true, endpointId: true, deliveredAt: true, deadAt: true, claimedAt: true, message: { select: { id: true, type: true } } },
  })
}

/**
 * Sends a delivery again: due now, with a new day of retries (its attempts so far stay in its
 * log). The receiver sees the same webhook-id: it is the same event.
 */
export async function redeliver(tenantId: string, id: string): Promise<boolean> {
  const now = new Date()
  const { count } = await db().webhookDelivery.updateMany({
    where: { tenantId, id },
    data: { deliveredAt: null, deadAt: null, claimedAt: null, attempts: 0, nextAttemptAt: now, retryFrom: now, lastError: null, lastStatus: null },
  })
  return count === 1
}
