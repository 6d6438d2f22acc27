import 'server-only'
import type { Access } from '@/lib/authz/access'
import type { Log } from '@/lib/authz/change-log'
import { auditsWrittenInChange } from '@/lib/db/audit'
import { afterCommit } from '@/lib/db/tx'
import { enabledEndpoints, writeWebhookMessages, type OutgoingMessage } from '@/lib/db/webhook-outbox'
import { deriveWebhookEvents } from './derive'
import type { WebhookPayload } from './events'
import { kickWebhookRelay } from './relay'

// The one place webhook events are made: at the end of every change (runChange, after checkChange
// and the audit events), in its transaction, so they commit with it or not at all; the relay
// delivers them once it committed. Nothing is derived for a workspace without an endpoint.

/** Writes the change's events to the outbox, for the endpoints that want them. `log`: the change's access-change log. */
export async function queueWebhookEvents(log: Log, actor: Access | null): Promise<void> {
  const audits = auditsWrittenInChange()
  const tenants = new Set<string>(actor ? [actor.tenantId] : [])
  for (const a of audits) tenants.add(a.tenantId)
  for (const e of log) {
    if (e.tbl === 'Tenant') tenants.add(e.old!.id as string)
    for (const r of [e.old, e.new]) if (r && typeof r.tenantId === 'string') tenants.add(r.tenantId)
  }
  const endpoints = await enabledEndpoints([...tenants])
  if (endpoints.length === 0) return
  const wanted = new Set(endpoints.flatMap((e) => e.eventTypes))
  const events = await deriveWebhookEvents(audits, log, { accessChanged: wanted.has('member.access_changed') })
  const timestamp = new Date().toISOString()
  const messages: OutgoingMessage[] = events.map((e) => ({
    tenantId: e.tenantId,
    type: e.type,
    orderingKey: e.orderingKey,
    payload: JSON.stringify({ type: e.type, timestamp, data: e.data } satisfies WebhookPayload),
    endpointIds: endpoints.filter((x) => x.tenantId === e.tenantId && x.eventTypes.includes(e.type)).map((x) => x.id),
  }))
  if (await writeWebhookMessages(messages)) afterCommit(kickWebhookRelay)
}
