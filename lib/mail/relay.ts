import 'server-only'
import { createTransport, type Transporter } from 'nodemailer'
import { claimDueMails, markMailFailed, markMailSent, type ClaimedMail } from '@/lib/db/outbox'

// The mail relay: every instance runs one (started by instrumentation.ts). It claims due rows of
// the outbox (FOR UPDATE SKIP LOCKED, with a lease: lib/db/outbox.ts), sends them over SMTP_URL,
// and records each outcome: sent (the bodies, which hold the link, are erased), or failed with
// the next attempt backed off (30 s, 1 min, 2 min … at most an hour), or, after a day of
// failures, dead: shown to the workspace's admins on the users page, who resend the invitation.
// A request never waits on SMTP: a change that queued mail only kicks the relay.

export type RelayOptions = {
  /** Mails claimed (and sent in parallel) per round. */
  batch: number
  /** How long a claimed mail is left to its relay before another may claim it: longer than a send can take. */
  leaseMs: number
  /** The first retry's delay; each further one doubles, up to maxRetryMs. */
  retryMs: number
  maxRetryMs: number
  /** A mail still failing this long after it was queued is given up on. */
  giveUpAfterMs: number
}

export const RELAY_DEFAULTS: RelayOptions = { batch: 10, leaseMs: 120_000, retryMs: 30_000, maxRetryMs: 3_600_000, giveUpAfterMs: 86_400_000 }

export type RelayRound = { sent: string[]; retrying: { to: string; error: string }[]; dead: { to: string; error: string }[] }

/** One round: claims what is due and sends it. Without SMTP_URL it claims nothing (the mails wait for the dev mailbox). */
export async function relayOnce(options: Partial<RelayOptions> = {}): Promise<RelayRound> {
  const o = { ...RELAY_DEFAULTS, ...options }
  const round: RelayRound = { sent: [], retrying: [], dead: [] }
  const smtpUrl = process.env.SMTP_URL
  if (!smtpUrl) return round
  const claimed = await claimDueMails(o.batch, o.leaseMs)
  const transport = transportFor(smtpUrl)
  const from = process.env.MAIL_FROM ?? 'Teamgate <no-reply@localhost>'
  await Promise.all(claimed.map((mail) => deliver(mail, transport, from, o, round)))
  return round
}

async function deliver(mail: ClaimedMail, transport: Transporter, from: string, o: RelayOptions, round: RelayRound) {
  try {
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
  } catch (e) {
    const error = shortError(e)
    if (Date.now() - mail.createdAt.getTime() >= o.giveUpAfterMs) {
      await markMailFailed(mail.id, error, { giveUp: true })
      round.dead.push({ to: mail.to, error })
    } else {
      await markMailFailed(mail.id, error, { retryInMs: Math.min(o.retryMs * 2 ** (mail.attempts - 1), o.maxRetryMs) })
      round.retrying.push({ to: mail.to, error })
    }
    return
  }
  await markMailSent(mail.id)
  round.sent.push(mail.to)
}

function shortError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  return (message.split('\n')[0] || 'Unknown error').slice(0, 300)
}

// Nodemailer waits minutes by default on an unresponsive server; these apply unless the URL sets
// them (nodemailer reads options from its query). The lease (2 min) is well above their sum.
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 }

function withTimeouts(url: string): string {
  const missing = Object.entries(TIMEOUTS).filter(([k]) => !new RegExp(`[?&]${k}=`).test(url))
  if (missing.length === 0) return url
  return url + (url.includes('?') ? '&' : '?') + missing.map(([k, v]) => `${k}=${v}`).join('&')
}

// Per process (and across Next's bundles, hence globalThis): one transport per URL, and the loop.
type Relay = { timer: ReturnType<typeof setInterval>; running: Promise<void> | null; again: boolean }
const relayState = globalThis as unknown as { __mailTransports?: Map<string, Transporter>; __mailRelay?: Relay }

function transportFor(url: string): Transporter {
  const cache = (relayState.__mailTransports ??= new Map())
  let transport = cache.get(url)
  if (!transport) {
    transport = createTransport(withTimeouts(url))
    cache.set(url, transport)
  }
  return transport
}

/** Starts this process's relay: a round every `intervalMs`, and one as soon as a change queues mail (kickRelay). */
export function startRelay(intervalMs = Number(process.env.MAIL_RELAY_INTERVAL_MS) || 5_000) {
  if (relayState.__mailRelay) return
  const relay: Relay = { timer: setInterval(() => kickRelay(), intervalMs), running: null, again: false }
  relay.timer.unref()
  relayState.__mailRelay = relay
  kickRelay()
}

/** Stops the loop (tests); a round under way finishes. */
export async function stopRelay() {
  const relay = relayState.__mailRelay
  if (!relay) return
  clearInterval(relay.timer)
  relayState.__mailRelay = undefined
  await relay.running
}

/** Runs rounds until nothing is due, unless one is under way (it then runs once more). Never throws, never awaited by a request. */
export function kickRelay(): void {
  const relay = relayState.__mailRelay
  if (!relay) return
  if (relay.running) {
    relay.again = true
    return
  }
  relay.running = (async () => {
    do {
      relay.again = false
      try {
        const round = await relayOnce()
        if (round.sent.length + round.retrying.length + round.dead.length === RELAY_DEFAULTS.batch) relay.again = true
        for (const d of round.dead) console.error(`[mail] gave up on the mail to ${d.to}: ${d.error}`)
      } catch (e) {
        console.error(`[mail] relay round failed: ${shortError(e)}`)
      }
    } while (relay.again && relayState.__mailRelay === relay)
    relay.running = null
  })()
}
