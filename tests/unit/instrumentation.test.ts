import { afterEach, describe, expect, it, vi } from 'vitest'

const prepareDatabase = vi.fn(async () => {})
vi.mock('@/lib/db/startup', () => ({ prepareDatabase }))
// The relays would reach for a database: here it is only checked that they are started.
const startRelay = vi.fn()
const startWebhookRelay = vi.fn()
vi.mock('@/lib/mail/relay', () => ({ startRelay }))
vi.mock('@/lib/webhooks/relay', () => ({ startWebhookRelay }))

const env = { ...process.env }
afterEach(() => {
  process.env = { ...env }
})

describe('server start-up (instrumentation.ts)', () => {
  it('formats abort reasons’ stacks before the first render, then prepares the database', async () => {
    const original = AbortController.prototype.abort
    process.env.NEXT_RUNTIME = 'nodejs'
    process.env.NEXTAUTH_SECRET = 'test-secret'
    const { register } = await import('@/instrumentation')
    await register()
    // The wrapper of lib/runtime/abort-reason-stacks.ts: without it every render's abort reason
    // keeps its request alive (see there).
    expect(AbortController.prototype.abort).not.toBe(original)
    expect(AbortController.prototype.abort.name).toBe('abortWithFormattedStack')
    expect(prepareDatabase).toHaveBeenCalledOnce()
    expect(startRelay).toHaveBeenCalledOnce()
    expect(startWebhookRelay).toHaveBeenCalledOnce()
  })
})
