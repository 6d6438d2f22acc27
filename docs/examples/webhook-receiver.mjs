// A webhook receiver that keeps a cache of Teamgate members and their permissions fresh.
// Run it:  npm install standardwebhooks && TEAMGATE_WEBHOOK_SECRET=whsec_… node webhook-receiver.mjs
// then add http(s)://<this host>:8787/webhooks/teamgate as an endpoint (Settings › Webhooks).
import http from 'node:http'
import { pathToFileURL } from 'node:url'
import { Webhook } from 'standardwebhooks'

/** What your backend reads instead of calling Teamgate: member id → what they may do now. */
export const members = new Map()
/** The webhook-ids already applied: a redelivery (or a retry after a lost answer) is applied once. */
const seen = new Set()

/** Applies one verified event to the cache. */
export function apply(event) {
  const { type, data } = event
  switch (type) {
    case 'member.access_changed':
      // The member's effective permission keys and teams, after whatever changed them.
      if (data.deleted) members.delete(data.member.id)
      else members.set(data.member.id, { ...members.get(data.member.id), ...data.member, permissions: data.permissions, teamIds: data.teamIds })
      break
    case 'member.invited':
    case 'member.joined':
    case 'member.updated':
    case 'member.suspended':
    case 'member.reactivated':
      // Who they are and their standing; their permissions come with member.access_changed.
      members.set(data.member.id, { permissions: [], teamIds: [], ...members.get(data.member.id), ...data.member })
      break
    case 'member.deleted':
      members.delete(data.member.id)
      break
    default:
    // role.created / role.updated / role.deleted, webhook.test: nothing to cache here.
  }
}

/** The request handler: verify, apply once, answer 2xx fast (anything else is retried). */
export function receiver(secret) {
  const wh = new Webhook(secret)
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/webhooks/teamgate') return res.writeHead(404).end()
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8') // the raw body: the signature covers these exact bytes
      let event
      try {
        event = wh.verify(body, req.headers) // checks webhook-id, webhook-timestamp (±5 min) and webhook-signature
      } catch {
        return res.writeHead(401).end()
      }
      const id = req.headers['webhook-id']
      if (!seen.has(id)) {
        apply(event)
        seen.add(id)
      }
      res.writeHead(204).end()
    })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.TEAMGATE_WEBHOOK_SECRET
  if (!secret) throw new Error('Set TEAMGATE_WEBHOOK_SECRET to the endpoint’s signing secret (whsec_…).')
  const port = Number(process.env.PORT ?? 8787)
  http.createServer(receiver(secret)).listen(port, () => console.log(`Listening on http://localhost:${port}/webhooks/teamgate`))
}
