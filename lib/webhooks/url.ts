import { lookup, promises as dns, type LookupAddress, type LookupOptions } from 'node:dns'
import ipaddr from 'ipaddr.js'
import { urlFormProblem } from '@/lib/validation/webhooks'

// Where webhooks may go. A workspace admin types a URL and the server then sends requests to it,
// so without care an endpoint could aim the server at its own network (a database's admin port,
// a cloud metadata service). Only public unicast addresses are allowed: loopback, private,
// link-local, unique-local, carrier-grade NAT, multicast and every reserved or translated range
// are refused, when the URL is saved (a field error) and again at each delivery (DNS can change;
// the connection uses the address that was checked). WEBHOOKS_ALLOW_PRIVATE_URLS=1 lifts this
// (and the https requirement) for development and tests, or an app whose receivers are internal.

export function privateUrlsAllowed(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE_URLS === '1'
}

/** Whether an IP address is public unicast (an IPv4-mapped IPv6 address is judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  return ipaddr.process(address).range() === 'unicast'
}

/** The host of a URL as an IP address (brackets of IPv6 removed), or null for a name. */
function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '')
  return ipaddr.isValid(bare) ? bare : null
}

const PRIVATE = 'This URL points to a private or local address. Webhooks go only to public addresses.'

/**
 * What stops the server from sending to this URL, or null. The form's checks, https (unless private
 * URLs are allowed), and every address the host resolves to. A host that does not resolve yet is
 * accepted: deliveries check again.
 */
export async function webhookUrlProblem(value: string): Promise<string | null> {
  const form = urlFormProblem(value)
  if (form) return form
  if (privateUrlsAllowed()) return null
  const url = new URL(value)
  if (url.protocol !== 'https:') return 'Use an https:// URL.'
  const literal = ipLiteral(url.hostname)
  if (literal) return isPublicAddress(literal) ? null : PRIVATE
  if (url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) return PRIVATE
  let addresses: LookupAddress[]
  try {
    addresses = await dns.lookup(url.hostname, { all: true, verbatim: true })
  } catch {
    return null
  }
  return addresses.every((a) => isPublicAddress(a.address)) ? null : PRIVATE
}

/** Refuses a delivery to a URL whose host is a private address literal (names are checked by guardedLookup). */
export function literalProblem(url: URL): string | null {
  if (privateUrlsAllowed()) return null
  const literal = ipLiteral(url.hostname)
  return literal && !isPublicAddress(literal) ? `${literal} is a private or local address.` : null
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A `lookup` for http.request: resolves like dns.lookup and fails when any address is not public,
 * so the socket connects only to an address that was checked (no window for DNS rebinding).
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, [])
    const bad = privateUrlsAllowed() ? undefined : addresses.find((a) => !isPublicAddress(a.address))
    if (bad) return callback(Object.assign(new Error(`${hostname} resolves to a private or local address (${bad.address}).`), { code: 'EPRIVATE' }), [])
    if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address.`), { code: 'ENOTFOUND' }), [])
    if (options.all) return callback(null, addresses)
    callback(null, addresses[0].address, addresses[0].family)
  })
}
