import { types } from 'node:util'

// Why this exists: V8 records an Error's stack as structured frames (one CallSiteInfo per frame,
// holding that frame's receiver and function) and turns them into the `stack` string only when
// `stack` is first read. Until then everything those frames reference stays reachable from the
// Error.
//
// At the end of every render React's server renderer aborts the render's cacheSignal with
// `new Error("This render completed successfully. …")` (flushCompletedChunks in
// react-server-dom), and nothing ever reads that Error's stack. One of its frames' receivers is
// the Immediate that ran the flush. Node leaves a finished Immediate linked to the others of its
// batch (`_idleNext`, `_idlePrev`), and each Immediate carries the async-context store of the
// request that queued it: React's request object, whose signal holds that render's Error, whose
// frames hold another Immediate, and so on. Under load the renders chain into one graph, and
// one long-lived root is enough to keep all of it: in heap snapshots of the server on
// PostgreSQL, the pool's sockets (opened during the first requests, carrying those requests'
// context) kept every IncomingMessage and ServerResponse of a continuous load (1,501 after
// 1,501 requests).
// Upstream: react#37289, next.js#84648.
//
// Reading `stack` formats it and V8 drops the frames, which cuts every link of that chain: with
// this, 17–21 requests' objects stay in the heap after 1,500 or 3,000 (about two per pooled
// connection, held by pg's connect callbacks). Aborts are rare apart from this one per render,
// and formatting a stack of 10 frames takes under 10 µs. `stack` keeps the value a later read would
// have given.

const INSTALLED = Symbol.for('teamgate.abortReasonStacks')

type Patchable = typeof AbortController.prototype & { [INSTALLED]?: true }

/** Makes `AbortController#abort(reason)` format an Error reason's stack right away. Idempotent. */
export function formatAbortReasonStacks(): void {
  const proto = AbortController.prototype as Patchable
  if (proto[INSTALLED]) return
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'abort')
  const abort = descriptor?.value as AbortController['abort'] | undefined
  if (typeof abort !== 'function') return
  Object.defineProperty(proto, 'abort', {
    ...descriptor,
    value: function abortWithFormattedStack(this: AbortController, reason?: unknown) {
      if (types.isNativeError(reason) || reason instanceof Error) void (reason as Error).stack
      return abort.call(this, reason)
    },
  })
  Object.defineProperty(proto, INSTALLED, { value: true })
}
