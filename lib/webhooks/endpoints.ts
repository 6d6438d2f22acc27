import type { Access } from '@/lib/authz/access'
import type { FieldErrors } from '@/lib/authz/result'
import { newSealedWebhookSecret, openWebhookSecret } from '@/lib/auth/webhook-secret'
import * as endpointsDb from '@/lib/db/webhook-endpoints'
import { writeWebhookMessages } from '@/lib/db/webhook-outbox'
import { afterCommit } from '@/lib/db/tx'
import { subscribable, TEST_EVENT, WEBHOOK_EVENTS, type WebhookEventType, type WebhookPayload } from './events'
import { kickWebhookRelay } from './relay'
import { webhookUrlProblem } from './url'

// What the webhook actions do, below their gate (webhooks.manage): an endpoint's URL must point
// at a public address (lib/webhooks/url.ts), and its events may only be ones whose data the actor
// may see themselves (member events need "View users", role events "View role templates"), so
// the permission to manage webhooks does not let anyone read more of the workspace than they can.

export type EndpointInput = { url: string; description: string; eventTypes: WebhookEventType[] }
export type Refused = { ok: false; code: 'invalid' | 'forbidden'; message: string; fieldErrors?: FieldErrors }

/** Why this input may not be saved (the URL's address, events the actor may not subscribe to), or null. */
async function refusal(access: Access, input: EndpointInput, before: readonly string[] = []): Promise<Refused | null> {
  const fieldErrors: FieldErrors = {}
  const urlProblem = await webhookUrlProblem(input.url)
  if (urlProblem) fieldErrors.url = [urlProblem]
  const allowed = new Set(subscribable((p) => access.can(p)))
  const notAllowed = input.eventTypes.filter((t) => !allowed.has(t) && !before.includes(t))
  if (notAllowed.length)
    fieldErrors.eventTypes = [
      `You can only subscribe to events whose data you may see. Not allowed: ${notAllowed.map((t) => WEBHOOK_EVENTS[t].label).join(', ')}.`,
    ]
  if (Object.keys(fieldErrors).length === 0) return null
  const code = fieldErrors.eventTypes && !fieldErrors.url ? 'forbidden' : 'invalid'
  return { ok: false, code, message: 'Check the highlighted fields.', fieldErrors }
}

export async function createEndpoint(access: Access, input: EndpointInput) {
  const refused = await refusal(access, input)
  if (refused) return refused
  const endpoint = await endpointsDb.createWebhookEndpoint({
    tenantId: access.tenantId,
    url: input.url,
    description: input.description,
    eventTypes: sorted(input.eventTypes),
    secret: newSealedWebhookSecret(),
    createdById: access.membershipId,
  })
  return { ok: true as const, endpoint }
}

/** Saves an endpoint's URL, description and events: a new URL or event is checked like a new endpoint's. */
export async function updateEndpoint(access: Access, endpointId: string, input: EndpointInput) {
  const before = await endpointsDb.getWebhookEndpoint(access.tenantId, endpointId)
  if (!before) return null
  const refused = await refusal(access, input, before.eventTypes)
  if (refused) return refused
  await endpointsDb.updateWebhookEndpoint(access.tenantId, endpointId, { url: input.url, description: input.description, eventTypes: sorted(input.eventTypes) })
  return { ok: true as const, before }
}

/** The endpoint's secret in clear, for whoever manages webhooks; null when it cannot be read (the server secret changed). */
export async function revealSecret(access: Access, endpointId: string): Promise<{ secret: string | null } | null> {
  const endpoint = await endpointsDb.getWebhookEndpoint(access.tenantId, endpointId)
  return endpoint ? { secret: openWebhookSecret(endpoint.secret) } : null
}

/** Replaces the secret at once: from now on every attempt (retries of earlier events too) is signed with the new one. */
export async function rollSecret(access: Access, endpointId: string): Promise<boolean> {
  return endpointsDb.updateWebhookEndpoint(access.tenantId, endpointId, { secret: newSealedWebhookSecret() })
}

/** Queues a `webhook.test` event to this endpoint only (enabled or not: it waits while disabled). */
export async function sendTestEvent(access: Access, endpointId: string): Promise<boolean> {
  const endpoint = await endpointsDb.getWebhookEndpoint(access.tenantId, endpointId)
  if (!endpoint) return false
  const payload: WebhookPayload = {
    type: TEST_EVENT,
    timestamp: new Date().toISOString(),
    data: { endpointId, message: 'A test event from Teamgate: your receiver is reachable and verifies our signature.' },
  }
  await writeWebhookMessages([
    { tenantId: access.tenantId, type: TEST_EVENT, orderingKey: `test:${endpointId}`, payload: JSON.stringify(payload), endpointIds: [endpointId] },
  ])
  afterCommit(kickWebhookRelay)
  return true
}

const sorted = (types: readonly string[]) => [...new Set(types)].sort()
