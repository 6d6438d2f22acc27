import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

// A real webhook receiver on 127.0.0.1 for the tests: it verifies every request's Standard
// Webhooks signature with the standardwebhooks library (as docs/integrating.md tells a host
// product to), answers what `answer` says for that attempt, and keeps what it accepted.

export type Received = { id: string; type: string; data: Record<string, unknown>; body: string }

export type ReceiverOptions = {
  /** The endpoint's secret, read when each request arrives (it can be rolled). */
  secret: () => string
  /** The status for the nth attempt (1-based) of one webhook-id; 200 by default. */
  answer?: (attempt: number, id: string) => number
  /** Never answer (a receiver that hangs). */
  hang?: boolean
}

export async function startReceiver(opts: ReceiverOptions) {
  const accepted: Received[] = []
  const attempts = new Map<string, number>()
  const refused: string[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (opts.hang) return
      const body = Buffer.concat(chunks).toString('utf8')
      let payload: { type: string; data: Record<string, unknown> }
      try {
        payload = new Webhook(opts.secret()).verify(body, req.headers as Record<string, string>) as typeof payload
      } catch (e) {
        refused.push((e as Error).message)
        res.writeHead(401).end()
        return
      }
      const id = req.headers['webhook-id'] as string
      const n = (attempts.get(id) ?? 0) + 1
      attempts.set(id, n)
      const status = opts.answer?.(n, id) ?? 200
      if (status >= 200 && status < 300) accepted.push({ id, type: payload.type, data: payload.data, body })
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:9/elsewhere' } : {}).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/teamgate`,
    port,
    accepted,
    attempts,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
