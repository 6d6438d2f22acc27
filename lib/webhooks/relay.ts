import 'server-only'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { openWebhookSecret } from '@/lib/auth/webhook-secret'
import { claimDueDeliveries, recordDeliveryAttempt, type ClaimedDelivery } from '@/lib/db/webhook-outbox'
import { nextRetry, relayLoop, shortError, type Backoff } from '@/lib/runtime/relay-loop'
import { guardedLookup, literalProblem } from './url'

// The webhook relay: every instance runs one beside the mail relay (instrumentation.ts). It claims
// due deliveries (lib/db/webhook-outbox.ts: SKIP LOCKED, a lease, one event at a time per member
// and endpoint), signs each per Standard Webhooks (standardwebhooks: webhook-id, webhook-timestamp,
// webhook-signature = v1,HMAC-SHA256 of "id.timestamp.body" under the endpoint's whsec_ secret) and
// POSTs it. A 2xx answer delivers it; anything else (a redirect too: none is followed), a timeout
// or a refused address is retried after 30 s, 1 min, 2 min … at most an hour, and given up on a
// day after it was queued or redelivered. Every attempt is logged for the endpoint page.

export type WebhookRelayOptions = Backoff & {
  /** Deliveries claimed (and sent in parallel) per round. */
  batch: number
  /** How long a claimed delivery is left to its relay: longer than a request may take. */
  leaseMs: number
  /** A receiver gets this long to answer. */
  timeoutMs: number
}

export const WEBHOOK_RELAY_DEFAULTS: WebhookRelayOptions = {
  batch: 20,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  retryMs: 30_000,
  maxRetryMs: 3_600_000,
  giveUpAfterMs: 86_400_000,
}

export type WebhookRound = { delivered: string[]; retrying: { id: string; error: string }[]; dead: { id: string; error: string }[] }

/** One round: claims what is due and sends it. Tests pass a shorter backoff (`retryMs: 0`: due again at once). */
export async function relayWebhooksOnce(options: Partial<WebhookRelayOptions> = {}): Promise<WebhookRound> {
  const o = { ...WEBHOOK_RELAY_DEFAULTS, ...options }
  const round: WebhookRound = { delivered: [], retrying: [], dead: [] }
  const claimed = await claimDueDeliveries(o.batch, o.leaseMs)
  await Promise.all(claimed.map((d) => deliver(d, o, round)))
  return round
}

async function deliver(d: ClaimedDelivery, o: WebhookRelayOptions, round: WebhookRound) {
  const started = Date.now()
  let status: number | null = null
  let error: string | null = null
  try {
    const secret = openWebhookSecret(d.secret)
    if (!secret) throw new Error('The signing secret cannot be read (the server secret changed): roll the endpoint’s secret.')
    status = await post(d.url, signedHeaders(secret, d.messageId, d.payload), d.payload, o.timeoutMs)
    if (status < 200 || status > 299) error = status >= 300 && status < 400 ? `Answered ${status}: redirects are not followed` : `Answered ${status}`
  } catch (e) {
    error = shortError(e)
  }
  const next = error === null ? ('delivered' as const) : nextRetry(d.attempts, d.retryFrom, o)
  await recordDeliveryAttempt(d.id, { status, durationMs: Date.now() - started, error }, next)
  if (next === 'delivered') round.delivered.push(d.id)
  else if ('giveUp' in next) round.dead.push({ id: d.id, error: error! })
  else round.retrying.push({ id: d.id, error: error! })
}

/** The Standard Webhooks headers of one attempt: the timestamp is the attempt's, the id the event's. */
export function signedHeaders(secret: string, messageId: string, body: string, at = new Date()): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  }
}

/** POSTs the body and resolves with the status code; fails on a private address, a network error or the timeout. */
function post(target: string, signed: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  const url = new URL(target)
  const refused = literalProblem(url)
  if (refused) return Promise.reject(new Error(refused))
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Teamgate-Webhooks/1', ...signed },
        lookup: guardedLookup as unknown as LookupFunction,
      },
      (res) => {
        resolve(res.statusCode ?? 0)
        res.resume() // the answer's body is not read: only its status counts
      },
    )
    const timer = setTimeout(() => req.destroy(new Error(`No answer within ${timeoutMs / 1000} s`)), timeoutMs)
    req.on('error', reject)
    req.on('close', () => clearTimeout(timer))
    req.end(body)
  })
}

const loop = relayLoop(
  'webhooks',
  async () => {
    const round = await relayWebhooksOnce()
    for (const d of round.dead) console.error(`[webhooks] gave up on delivery ${d.id}: ${d.error}`)
    return round.delivered.length + round.retrying.length + round.dead.length
  },
  WEBHOOK_RELAY_DEFAULTS.batch,
)

/** Starts this process's webhook relay: a round every `intervalMs`, and one as soon as a change queues events. */
export function startWebhookRelay(intervalMs = Number(process.env.WEBHOOKS_RELAY_INTERVAL_MS) || 5_000) {
  loop.start(intervalMs)
}
export const stopWebhookRelay = () => loop.stop()
/** Never throws, never awaited by a request. */
export const kickWebhookRelay = () => loop.kick()
