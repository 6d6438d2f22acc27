import type { IncomingMessage, Server } from 'node:http'

// The client's address, for rate limits, the audit log and the dev mailbox. With no proxy in
// front (TRUSTED_PROXY_HOPS=0, the default) a client's X-Forwarded-For is whatever it wrote, so
// the server drops it before Next.js sees the request (ignoreForwardedHeaders, installed at start
// by instrumentation.ts) and Next.js fills it in from the connection itself. Behind N proxies
// (TRUSTED_PROXY_HOPS=N) the Nth entry from the right is the address the outermost trusted proxy saw.

export function trustedProxyHops(): number {
  const n = Number(process.env.TRUSTED_PROXY_HOPS ?? 0)
  return Number.isInteger(n) && n > 0 ? n : 0
}

export function clientIp(headers: { get(name: string): string | null }): string | null {
  const xff = headers.get('x-forwarded-for')
  if (!xff) return trustedProxyHops() > 0 ? headers.get('x-real-ip') : null
  const parts = xff
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return parts[Math.max(0, parts.length - Math.max(1, trustedProxyHops()))] ?? null
}

/**
 * Without a trusted proxy, removes forwarding headers from every request an HTTP server of this
 * process receives, before any handler runs: Next.js then sets X-Forwarded-For from the socket.
 */
export function ignoreForwardedHeaders(server: typeof Server) {
  if (trustedProxyHops() > 0) return
  const proto = server.prototype as Server & { __forwardedIgnored?: boolean }
  if (proto.__forwardedIgnored) return
  const emit = proto.emit
  proto.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as IncomingMessage
      delete req.headers['x-forwarded-for']
      delete req.headers['x-real-ip']
    }
    return (emit as (this: Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args)
  } as typeof emit
  proto.__forwardedIgnored = true
}
