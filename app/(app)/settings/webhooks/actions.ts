'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, notFoundResult, ok } from '@/lib/authz/result'
import * as endpointsDb from '@/lib/db/webhook-endpoints'
import { afterCommit } from '@/lib/db/tx'
import {
  createWebhookEndpointSchema,
  redeliverWebhookSchema,
  setWebhookEnabledSchema,
  updateWebhookEndpointSchema,
  webhookEndpointSchema,
} from '@/lib/validation/webhooks'
import { createEndpoint, revealSecret, rollSecret, sendTestEvent, updateEndpoint } from '@/lib/webhooks/endpoints'
import { kickWebhookRelay } from '@/lib/webhooks/relay'

const LIST = '/settings/webhooks'
const NOT_FOUND = 'That webhook endpoint'

/** Adds an endpoint with a new signing secret; the endpoint page shows the secret. */
export const createWebhookEndpoint = defineAction(
  { audits: ['webhook.create'], permission: 'webhooks.manage', schema: createWebhookEndpointSchema },
  async (input, { access, audit }) => {
    const r = await createEndpoint(access, input)
    if (!r.ok) return fail(r.message, r.fieldErrors, r.code)
    audit({
      action: 'webhook.create',
      targetType: 'webhook',
      targetId: r.endpoint.id,
      summary: `Added the webhook endpoint ${r.endpoint.url}`,
      after: { url: input.url, description: input.description, eventTypes: input.eventTypes },
    })
    revalidatePath(LIST)
    return ok(`Added the endpoint ${r.endpoint.url}.`, { id: r.endpoint.id })
  },
)

export const updateWebhookEndpoint = defineAction(
  { audits: ['webhook.update'], permission: 'webhooks.manage', schema: updateWebhookEndpointSchema },
  async ({ endpointId, ...input }, { access, audit }) => {
    const r = await updateEndpoint(access, endpointId, input)
    if (!r) return notFoundResult(NOT_FOUND)
    if (!r.ok) return fail(r.message, r.fieldErrors, r.code)
    audit({
      action: 'webhook.update',
      targetType: 'webhook',
      targetId: endpointId,
      summary: `Changed the webhook endpoint ${input.url}`,
      before: { url: r.before.url, description: r.before.description, eventTypes: r.before.eventTypes },
      after: { url: input.url, description: input.description, eventTypes: [...input.eventTypes].sort() },
    })
    revalidatePath(LIST)
    return ok('Saved.')
  },
)

/** Turns an endpoint off (it gets no new events; pending ones wait) or on again. */
export const setWebhookEnabled = defineAction(
  { audits: ['webhook.update'], permission: 'webhooks.manage', schema: setWebhookEnabledSchema },
  async ({ endpointId, enabled }, { access, audit }) => {
    const endpoint = await endpointsDb.getWebhookEndpoint(access.tenantId, endpointId)
    if (!endpoint) return notFoundResult(NOT_FOUND)
    if (endpoint.enabled === enabled) return ok(enabled ? 'The endpoint is already enabled.' : 'The endpoint is already disabled.')
    await endpointsDb.updateWebhookEndpoint(access.tenantId, endpointId, { enabled })
    audit({
      action: 'webhook.update',
      targetType: 'webhook',
      targetId: endpointId,
      summary: `${enabled ? 'Enabled' : 'Disabled'} the webhook endpoint ${endpoint.url}`,
      before: { enabled: endpoint.enabled },
      after: { enabled },
    })
    if (enabled) afterCommit(kickWebhookRelay)
    revalidatePath(LIST)
    return ok(enabled ? 'Enabled: events are delivered again, the ones that waited first.' : 'Disabled: no new events are sent to it.')
  },
)

export const deleteWebhookEndpoint = defineAction(
  { audits: ['webhook.delete'], permission: 'webhooks.manage', schema: webhookEndpointSchema },
  async ({ endpointId }, { access, audit }) => {
    const endpoint = await endpointsDb.getWebhookEndpoint(access.tenantId, endpointId)
    if (!endpoint || !(await endpointsDb.deleteWebhookEndpoint(access.tenantId, endpointId))) return notFoundResult(NOT_FOUND)
    audit({
      action: 'webhook.delete',
      targetType: 'webhook',
      targetId: endpointId,
      summary: `Deleted the webhook endpoint ${endpoint.url}`,
      before: { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes },
    })
    revalidatePath(LIST)
    return ok(`Deleted the endpoint ${endpoint.url}.`)
  },
)

/** The signing secret in clear (read only: nothing is written). */
export const revealWebhookSecret = defineAction(
  { audits: [], permission: 'webhooks.manage', schema: webhookEndpointSchema, readOnly: true },
  async ({ endpointId }, { access }) => {
    const r = await revealSecret(access, endpointId)
    if (!r) return notFoundResult(NOT_FOUND)
    if (!r.secret) return fail('The secret cannot be read: the server secret changed since it was made. Roll it to get a new one.', undefined, 'conflict')
    return ok(undefined, { secret: r.secret })
  },
)

export const rollWebhookSecret = defineAction(
  { audits: ['webhook.secret_roll'], permission: 'webhooks.manage', schema: webhookEndpointSchema },
  async ({ endpointId }, { access, audit }) => {
    const endpoint = await endpointsDb.getWebhookEndpoint(access.tenantId, endpointId)
    if (!endpoint || !(await rollSecret(access, endpointId))) return notFoundResult(NOT_FOUND)
    audit({ action: 'webhook.secret_roll', targetType: 'webhook', targetId: endpointId, summary: `Rolled the signing secret of ${endpoint.url}` })
    revalidatePath(`${LIST}/${endpointId}`)
    return ok('New secret made: every request from now on is signed with it. Update your receiver.')
  },
)

export const sendTestWebhook = defineAction(
  { audits: ['webhook.test'], permission: 'webhooks.manage', schema: webhookEndpointSchema },
  async ({ endpointId }, { access, audit }) => {
    const endpoint = await endpointsDb.getWebhookEndpoint(access.tenantId, endpointId)
    if (!endpoint || !(await sendTestEvent(access, endpointId))) return notFoundResult(NOT_FOUND)
    audit({
      action: 'webhook.test',
      targetType: 'webhook',
      targetId: endpointId,
      summary: `Sent a test event to ${endpoint.url}`,
      after: { eventType: 'webhook.test' },
    })
    revalidatePath(`${LIST}/${endpointId}`)
    return ok(endpoint.enabled ? 'Test event queued: it shows in the delivery log below.' : 'Test event queued: it goes out once the endpoint is enabled.')
  },
)

/** Sends a delivery again, with the same webhook-id (receivers tell a redelivery from a new event by it). */
export const redeliverWebhook = defineAction(
  { audits: ['webhook.redeliver'], permission: 'webhooks.manage', schema: redeliverWebhookSchema },
  async ({ deliveryId }, { access, audit }) => {
    const d = await endpointsDb.getDelivery(access.tenantId, deliveryId)
    if (!d) return notFoundResult('That delivery')
    if (!d.deliveredAt && !d.deadAt && d.claimedAt) return fail('It is being sent right now: wait for this attempt to end.', undefined, 'conflict')
    await endpointsDb.redeliver(access.tenantId, deliveryId)
    audit({
      action: 'webhook.redeliver',
      targetType: 'webhook',
      targetId: d.endpointId,
      summary: `Redelivered ${d.message.type} (${d.message.id})`,
      after: { eventType: d.message.type },
    })
    afterCommit(kickWebhookRelay)
    revalidatePath(`${LIST}/${d.endpointId}`)
    return ok(`Redelivering ${d.message.type}.`)
  },
)
