import 'server-only'
import { createTransport, type Transporter } from 'nodemailer'
import { claimDueMails, markMailFailed, markMailSent, type ClaimedMail } from '@/lib/db/outbox'
import { nextRetry, relayLoop, shortError, type Backoff } from '@/lib/runtime/relay-loop'

// The mail relay: every instance runs one (started by instrumentation.ts). It claims due rows of
// the outbox (FOR UPDATE SKIP LOCKED, with a lease: lib/db/outbox.ts), sends them over SMTP_URL,
// and records each outcome: sent (the bodies, which hold the link, are erased), or failed with
// the next attempt backed off (30 s, 1 min, 2 min … at most an hour), or, after a day of
// failures, dead: shown to the workspace's admins on the users page, who resend the invitation.
// A request never waits on SMTP: a change that queued mail only kicks the relay.

export type RelayOptions = Backoff & {
  /** Mails claimed (and sent in parallel) per round. */
  batch: number
  /** How long a claimed mail is left to its relay before another may claim it: longer than a send can take. */
  leaseMs: number
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
    const next = nextRetry(mail.attempts, mail.createdAt, o)
    await markMailFailed(mail.id, error, next)
    if ('giveUp' in next) round.dead.push({ to: mail.to, error })
    else round.retrying.push({ to: mail.to, error })
    return
  }
  await markMailSent(mail.id)
  round.sent.push(mail.to)
}

// Nodemailer waits minutes by default on an unresponsive server; these apply unless the URL sets
// them (nodemailer reads options from its query). The lease (2 min) is well above their sum.
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 }

function withTimeouts(url: string): string {
  const missing = Object.entries(TIMEOUTS).filter(([k]) => !new RegExp(`[?&]${k}=`).test(url))
  if (missing.length === 0) return url
  return url + (url.includes('?') ? '&' : '?') + missing.map(([k, v]) => `${k}=${v}`).join('&')
}

// Per process (and across Next's bundles, hence globalThis): one transport per URL.
const relayState = globalThis as unknown as { __mailTransports?: Map<string, Transporter> }

function transportFor(url: string): Transporter {
  const cache = (relayState.__mailTransports ??= new Map())
  let transport = cache.get(url)
  if (!transport) {
    transport = createTransport(withTimeouts(url))
    cache.set(url, transport)
  }
  return transport
}

const loop = relayLoop(
  'mail',
  async () => {
    const round = await relayOnce()
    for (const d of round.dead) console.error(`[mail] gave up on the mail to ${d.to}: ${d.error}`)
    return round.sent.length + round.retrying.length + round.dead.length
  },
  RELAY_DEFAULTS.batch,
)

/** Starts this process's relay: a round every `intervalMs`, and one as soon as a change queues mail (kickRelay). */
export function startRelay(intervalMs = Number(process.env.MAIL_RELAY_INTERVAL_MS) || 5_000) {
  loop.start(intervalMs)
}

/** Stops the loop (tests); a round under way finishes. */
export const stopRelay = () => loop.stop()

/** Runs rounds until nothing is due, unless one is under way (it then runs once more). Never throws, never awaited by a request. */
export const kickRelay = () => loop.kick()
