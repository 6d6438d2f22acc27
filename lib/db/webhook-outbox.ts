import type { WebhookEventType } from '@/lib/webhooks/events'
import { db, type Tx } from './client'
import { transaction } from './tx'

// The webhook outbox: a change writes its events here in its own transaction (one message per
// event, one delivery per endpoint that wants it: lib/webhooks/queue.ts), and the relay
// (lib/webhooks/relay.ts) delivers them after it commits, like the mail outbox (./outbox.ts).

/** The enabled endpoints of these workspaces and the event types each wants. */
export function enabledEndpoints(tenantIds: string[]) {
  if (tenantIds.length === 0) return Promise.resolve([])
  return db().webhookEndpoint.findMany({
    where: { tenantId: { in: tenantIds }, enabled: true },
    select: { id: true, tenantId: true, eventTypes: true },
    orderBy: { createdAt: 'asc' },
  })
}

/** An event on its way out: `payload` is its JSON body, as every attempt sends and signs it. */
export type OutgoingMessage = { tenantId: string; type: WebhookEventType | 'webhook.test'; orderingKey: string; payload: string; endpointIds: string[] }

/** Writes messages, in order, and their deliveries (in the open transaction). Returns how many deliveries. */
export async function writeWebhookMessages(messages: OutgoingMessage[]): Promise<number> {
  const wanted = messages.filter((m) => m.endpointIds.length > 0)
  if (wanted.length === 0) return 0
  // One INSERT … VALUES … RETURNING: the sequence numbers follow the order of the VALUES.
  const rows = await db().webhookMessage.createManyAndReturn({
    data: wanted.map((m) => ({ tenantId: m.tenantId, type: m.type, orderingKey: m.orderingKey, payload: m.payload })),
    select: { id: true, seq: true },
  })
  const deliveries = rows.flatMap((r, i) =>
    wanted[i].endpointIds.map((endpointId) => ({ tenantId: wanted[i].tenantId, messageId: r.id, endpointId, orderingKey: wanted[i].orderingKey, seq: r.seq })),
  )
  await db().webhookDelivery.createMany({ data: deliveries })
  return deliveries.length
}

export type ClaimedDelivery = {
  id: string
  attempts: number
  retryFrom: Date
  messageId: string
  payload: string
  url: string
  secret: string
}

/**
 * Claims up to `limit` due deliveries for one attempt each, in ONE statement, like claimDueMails:
 * FOR UPDATE SKIP LOCKED (two relays never claim one delivery) and a lease (a relay that dies
 * leaves them to the next). Only the first pending delivery of each (endpoint, ordering key) is
 * due: an endpoint gets the events about one member in the order they happened, the next only
 * once the one before it was delivered or given up on. A disabled endpoint's deliveries wait.
 */
export function claimDueDeliveries(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return db().$queryRaw<ClaimedDelivery[]>`
    WITH claimed AS (
      UPDATE "WebhookDelivery" SET attempts = attempts + 1, "nextAttemptAt" = now() + ${leaseMs} * interval '1 millisecond', "claimedAt" = now()
      WHERE id IN (
        SELECT d.id FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
        WHERE d."deliveredAt" IS NULL AND d."deadAt" IS NULL AND d."nextAttemptAt" <= now() AND e.enabled
          AND NOT EXISTS (
            SELECT 1 FROM "WebhookDelivery" p
            WHERE p."endpointId" = d."endpointId" AND p."orderingKey" = d."orderingKey" AND p.seq < d.seq
              AND p."deliveredAt" IS NULL AND p."deadAt" IS NULL)
        ORDER BY d."nextAttemptAt", d.seq
        LIMIT ${limit}
        FOR UPDATE OF d SKIP LOCKED
      )
      RETURNING id, attempts, "retryFrom", "messageId", "endpointId"
    )
    SELECT c.id, c.attempts, c."retryFrom", c."messageId", m.payload, e.url, e.secret
    FROM claimed c JOIN "WebhookMessage" m ON m.id = c."messageId" JOIN "WebhookEndpoint" e ON e.id = c."endpointId"`
}

export type AttemptOutcome = { status: number | null; durationMs: number; error: string | null }

/** Records an attempt and what follows: delivered, tried again after `retryInMs`, or given up on. */
export async function recordDeliveryAttempt(id: string, attempt: AttemptOutcome, next: 'delivered' | { retryInMs: number } | { giveUp: true }) {
  const now = new Date()
  const data =
    next === 'delivered'
      ? { deliveredAt: now, lastError: null }
      : 'giveUp' in next
        ? { deadAt: now, lastError: attempt.error }
        : { nextAttemptAt: new Date(now.getTime() + next.retryInMs), lastError: attempt.error }
  await transaction(async (tx) => {
    await tx.webhookAttempt.create({ data: { deliveryId: id, at: now, ...attempt } })
    await tx.webhookDelivery.update({ where: { id }, data: { ...data, claimedAt: null, lastStatus: attempt.status } })
  })
}

/** Frees every claim (a start of the embedded database: the process that held them is gone; see releaseClaimedMails). */
export async function releaseClaimedDeliveries(client: Tx = db()): Promise<number> {
  const { count } = await client.webhookDelivery.updateMany({
    where: { claimedAt: { not: null }, deliveredAt: null, deadAt: null },
    data: { claimedAt: null, nextAttemptAt: new Date() },
  })
  return count
}
