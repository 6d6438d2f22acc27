/**
 * The client's address. The rightmost X-Forwarded-For entry is the one added by the nearest
 * proxy (Next.js's own server adds it when there is none), so a client cannot pick its own.
 * Behind N trusted proxies set TRUSTED_PROXY_HOPS=N.
 */
export function clientIp(headers: { get(name: string): string | null }): string | null {
  const xff = headers.get('x-forwarded-for')
  if (!xff) return headers.get('x-real-ip')
  const parts = xff.split(',').map((s) => s.trim()).filter(Boolean)
  const hops = Math.max(1, Number(process.env.TRUSTED_PROXY_HOPS ?? 1))
  return parts[Math.max(0, parts.length - hops)] ?? null
}
