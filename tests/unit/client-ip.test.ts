import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clientIp, ignoreForwardedHeaders } from '@/lib/auth/client-ip'

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null })

afterEach(() => {
  vi.unstubAllEnvs()
})

/** A real HTTP server (a subclass, so the patch does not leak into other tests) answering with the forwarding headers it saw. */
async function serve() {
  class Server extends http.Server {}
  ignoreForwardedHeaders(Server)
  const server = new Server((req, res) => res.end(JSON.stringify({ xff: req.headers['x-forwarded-for'] ?? null, realIp: req.headers['x-real-ip'] ?? null })))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const get = async (h: Record<string, string>) => (await fetch(`http://127.0.0.1:${port}/`, { headers: h })).json()
  return { get, close: () => new Promise((resolve) => server.close(resolve)) }
}

describe('#4 no proxy header is trusted unless configured', () => {
  it('with no proxy (the default), a forged X-Forwarded-For or X-Real-IP never reaches the app', async () => {
    vi.stubEnv('TRUSTED_PROXY_HOPS', '')
    const s = await serve()
    try {
      expect(await s.get({ 'X-Forwarded-For': '203.0.113.9', 'X-Real-IP': '203.0.113.10' })).toEqual({ xff: null, realIp: null })
    } finally {
      await s.close()
    }
    // What Next.js then sets from the socket is the one entry read.
    expect(clientIp(headers({ 'x-forwarded-for': '127.0.0.1' }))).toBe('127.0.0.1')
    expect(clientIp(headers({ 'x-real-ip': '203.0.113.10' }))).toBeNull()
  })

  it('behind N trusted proxies, the Nth entry from the right is the client', async () => {
    vi.stubEnv('TRUSTED_PROXY_HOPS', '1')
    const s = await serve()
    try {
      expect(await s.get({ 'X-Forwarded-For': '203.0.113.9, 198.51.100.4' })).toEqual({ xff: '203.0.113.9, 198.51.100.4', realIp: null })
    } finally {
      await s.close()
    }
    expect(clientIp(headers({ 'x-forwarded-for': 'forged, 198.51.100.4' }))).toBe('198.51.100.4')
    vi.stubEnv('TRUSTED_PROXY_HOPS', '2')
    expect(clientIp(headers({ 'x-forwarded-for': 'forged, 198.51.100.4, 10.0.0.2' }))).toBe('198.51.100.4')
  })
})
