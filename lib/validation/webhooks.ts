import { z } from 'zod'
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events'
import { urlFormProblem } from '@/lib/webhooks/url'

// Webhook endpoints: the form's fields and the actions' inputs (app/(app)/settings/webhooks). The
// URL's form is checked here (the browser too); where it points is checked by the server on save.

const id = z.string().trim().min(1).max(64)

const url = z
  .string()
  .trim()
  .min(1, 'Enter the URL your receiver listens on.')
  .max(2000, 'Use at most 2000 characters.')
  .superRefine((v, ctx) => {
    const problem = urlFormProblem(v)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const webhookEndpointFieldsSchema = z.object({
  url,
  description: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'Choose at least one event.').max(WEBHOOK_EVENT_TYPES.length),
})
export type WebhookEndpointFields = z.input<typeof webhookEndpointFieldsSchema>

export const createWebhookEndpointSchema = webhookEndpointFieldsSchema
export const updateWebhookEndpointSchema = webhookEndpointFieldsSchema.extend({ endpointId: id })
export const webhookEndpointSchema = z.object({ endpointId: id })
export const setWebhookEnabledSchema = z.object({ endpointId: id, enabled: z.boolean() })
export const redeliverWebhookSchema = z.object({ deliveryId: id })
