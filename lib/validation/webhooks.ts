import { z } from 'zod'
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events'

// Webhook endpoints: the form's fields and the actions' inputs (app/(app)/settings/webhooks). The
// URL's form is checked here (in the browser too); where it points is checked by the server on
// save and at each delivery (lib/webhooks/url.ts).

const id = z.string().trim().min(1).max(64)

/** What is wrong with a URL's form (scheme, credentials), or null. */
export function urlFormProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'Enter a full URL, like https://example.com/webhooks/teamgate.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an https:// URL.'
  if (url.username || url.password) return 'Leave the user name and password out of the URL: the signature tells your receiver the request is ours.'
  return null
}

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
