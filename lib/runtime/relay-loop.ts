// What the outbox relays share (mail: lib/mail/relay.ts; webhooks: lib/webhooks/relay.ts): the
// per-process loop that runs rounds every few seconds and at once when a change queued something,
// the backoff of failed attempts, and how an error is kept.

export type Backoff = {
  /** The first retry's delay; each further one doubles, up to maxRetryMs. */
  retryMs: number
  maxRetryMs: number
  /** Still failing this long after it was queued (or redelivered): given up on. */
  giveUpAfterMs: number
}

/** After a failed attempt (the `attempts`th): the delay before the next one, or 'give up' once the window is over. */
export function nextRetry(attempts: number, since: Date, o: Backoff, now = Date.now()): { retryInMs: number } | { giveUp: true } {
  if (now - since.getTime() >= o.giveUpAfterMs) return { giveUp: true }
  return { retryInMs: Math.min(o.retryMs * 2 ** Math.max(attempts - 1, 0), o.maxRetryMs) }
}

/** An error's first line, at most 300 characters: what the logs and tables keep. */
export function shortError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  return (message.split('\n')[0] || 'Unknown error').slice(0, 300)
}

type Loop = { timer: ReturnType<typeof setInterval>; running: Promise<void> | null; again: boolean }
// Per process and across Next's bundles (hence globalThis), one loop per name.
const loops = ((globalThis as unknown as { __relayLoops?: Map<string, Loop> }).__relayLoops ??= new Map())

export type RelayLoop = {
  /** Starts this process's loop: a round every `intervalMs`, and one as soon as kick() is called. */
  start(intervalMs: number): void
  /** Stops the loop (tests); a round under way finishes. */
  stop(): Promise<void>
  /** Runs rounds until one finds less than a full batch, unless one is under way (it then runs once more). Never throws. */
  kick(): void
}

/** A relay loop named `name` ('mail', 'webhooks') whose round returns how many items it handled, out of `batch`. */
export function relayLoop(name: string, round: () => Promise<number>, batch: number): RelayLoop {
  const kick = () => {
    const loop = loops.get(name)
    if (!loop) return
    if (loop.running) {
      loop.again = true
      return
    }
    loop.running = (async () => {
      do {
        loop.again = false
        try {
          if ((await round()) >= batch) loop.again = true
        } catch (e) {
          console.error(`[${name}] relay round failed: ${shortError(e)}`)
        }
      } while (loop.again && loops.get(name) === loop)
      loop.running = null
    })()
  }
  return {
    start(intervalMs) {
      if (loops.has(name)) return
      const loop: Loop = { timer: setInterval(kick, intervalMs), running: null, again: false }
      loop.timer.unref()
      loops.set(name, loop)
      kick()
    },
    async stop() {
      const loop = loops.get(name)
      if (!loop) return
      clearInterval(loop.timer)
      loops.delete(name)
      await loop.running
    },
    kick,
  }
}
