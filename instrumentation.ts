// Runs once when the server starts, before the first request: migrations, the seed, the mail relay.
// If that fails the server must not keep running and answer 500 to everything: it exits.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  if (process.env.NODE_ENV === 'production' && !process.env.NEXTAUTH_SECRET && !process.env.AUTH_SECRET) {
    console.error(
      '\n[startup] NEXTAUTH_SECRET is not set. Sessions cannot be signed without it; set it (e.g. `openssl rand -base64 32`) or start with `npm start`.\n',
    )
    process.exit(1)
  }
  process.env.NEXTAUTH_SECRET ||= process.env.AUTH_SECRET
  // No proxy trusted unless configured: a client's own X-Forwarded-For is dropped (lib/auth/client-ip.ts).
  const [{ Server }, { ignoreForwardedHeaders }] = await Promise.all([import('node:http'), import('./lib/auth/client-ip')])
  ignoreForwardedHeaders(Server)
  // Before the first render: without it every render's abort reason keeps its request alive.
  const { formatAbortReasonStacks } = await import('./lib/runtime/abort-reason-stacks')
  formatAbortReasonStacks()
  try {
    const { prepareDatabase } = await import('./lib/db/startup')
    await prepareDatabase()
  } catch (e) {
    console.error(`\n[startup] ${(e as Error).message}\n`)
    process.exit(1)
  }
  // Every instance delivers the outboxes, mail and webhooks (rows are claimed with SKIP LOCKED: none is sent twice).
  const [{ startRelay }, { startWebhookRelay }] = await Promise.all([import('./lib/mail/relay'), import('./lib/webhooks/relay')])
  startRelay()
  startWebhookRelay()
}
