import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { formatAbortReasonStacks } from './abort-reason-stacks'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

const originalAbort = AbortController.prototype.abort
formatAbortReasonStacks()

type Abort = (controller: AbortController, reason: unknown) => void

/**
 * What React's server renderer does at the end of every render: an object (there, the
 * Immediate that ran the flush, linked to other requests) is a receiver on the stack when the
 * Error is created, and the Error becomes the reason of a signal that outlives the render.
 */
function render(abort: Abort) {
  const controller = new AbortController()
  const request = {
    body: new Uint8Array(1 << 20),
    finish() {
      abort(controller, new Error('This render completed successfully. All cacheSignals are now aborted.'))
    },
  }
  request.finish()
  return { signal: controller.signal, request: new WeakRef(request) }
}

async function collected(ref: WeakRef<object>) {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
  }
  return ref.deref() === undefined
}

describe('formatAbortReasonStacks', () => {
  it('premise: an abort reason with an unread stack keeps the receivers on that stack alive', async () => {
    const { signal, request } = render((controller, reason) => originalAbort.call(controller, reason))
    expect(await collected(request)).toBe(false)
    expect(signal.aborted).toBe(true)
  })

  it('an aborted signal no longer keeps what was on the stack of its Error reason alive', async () => {
    const { signal, request } = render((controller, reason) => controller.abort(reason))
    expect(await collected(request)).toBe(true)
    // The stack is the one a later read would have given: formatted at the abort, not lost.
    expect((signal.reason as Error).stack).toMatch(/^Error: This render completed successfully\.[^\n]*\n\s+at Object\.finish/)
  })

  it('leaves abort() as it was otherwise: reason, event, non-Error reasons, the default reason', () => {
    const c = new AbortController()
    const seen: unknown[] = []
    c.signal.addEventListener('abort', () => seen.push(c.signal.reason))
    c.abort('stop')
    c.abort('again')
    expect(seen).toEqual(['stop'])
    expect(c.signal.reason).toBe('stop')

    const d = new AbortController()
    d.abort()
    expect(d.signal.reason).toBeInstanceOf(DOMException)
    expect((d.signal.reason as DOMException).name).toBe('AbortError')
  })

  it('installs once', () => {
    const installed = AbortController.prototype.abort
    expect(installed).not.toBe(originalAbort)
    formatAbortReasonStacks()
    expect(AbortController.prototype.abort).toBe(installed)
  })
})
