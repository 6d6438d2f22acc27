// How `npm start` and the HTTP benchmark run the production server: Node.js with the flags below,
// then Next's CLI (`next start`), which serves in its own process.
import { createRequire } from 'node:module'
import { constants as osConstants } from 'node:os'

/**
 * V8 flags of the server process. V8 sizes its heap from the machine's memory, and with a
 * multi-gigabyte limit it lets the old generation grow to up to 4× what survived the last full
 * collection before collecting again: a server with ~70 MB of live objects sat at 250–330 MB of
 * heap after a few seconds of load. `--heap-growing-percent=60` starts the next full collection
 * once the old generation has grown 60% past that (docs/benchmarks.md, "Memory"). It is no
 * ceiling: unlike `--max-old-space-size`, a request that really needs more memory (a large
 * export) gets it instead of crashing the process. V8 accepts it only on the command line, not
 * in NODE_OPTIONS.
 *
 * SERVER_NODE_ARGS replaces these flags (an empty value runs with V8's defaults); NODE_OPTIONS
 * is passed on as well, e.g. NODE_OPTIONS=--max-old-space-size=512 for a hard limit on top.
 */
export const DEFAULT_SERVER_NODE_ARGS = ['--heap-growing-percent=60']

/**
 * The environment of the server process: `env`, plus MALLOC_TRIM_THRESHOLD_ unless `env` sets it.
 * V8 compiles PGlite's and Prisma's WebAssembly with its optimizing compiler on background
 * threads at start-up; their scratch memory is freed afterwards, but glibc's malloc raises its
 * trim threshold after large frees and kept tens of MB of it resident for good. A fixed threshold
 * (glibc's own initial value, 128 kB) gives freed memory back to the system: 30–40 MB less
 * resident memory at start-up (docs/benchmarks.md, "Memory"). Other C libraries ignore it.
 */
export function serverEnv(env = process.env) {
  return { MALLOC_TRIM_THRESHOLD_: '131072', ...env }
}

/** The Node.js flags the server runs with. */
export function serverNodeArgs(env = process.env) {
  const given = env.SERVER_NODE_ARGS
  return given === undefined ? [...DEFAULT_SERVER_NODE_ARGS] : given.split(/\s+/).filter(Boolean)
}

/**
 * `[command, args]` that run `next start <nextArgs>` in a Node.js process of its own with the
 * server's flags (then `extraNodeArgs`, e.g. a profiler's).
 */
export function nextStartCommand(nextArgs, { env = process.env, extraNodeArgs = [] } = {}) {
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next')
  return [process.execPath, [...serverNodeArgs(env), ...extraNodeArgs, nextBin, 'start', ...nextArgs]]
}

/**
 * The exit code of `npm start` when its server exits: the server's own code; when it was killed
 * by a signal, 128 + the signal's number (137 for the out-of-memory killer's SIGKILL), so a
 * supervisor that restarts on failure restarts it — except for a SIGINT or SIGTERM that `npm
 * start` itself passed on (a stop that was asked for: 0).
 */
export function exitCodeOf(code, signal, forwarded = null) {
  if (code !== null) return code
  if (signal && signal === forwarded) return 0
  return 128 + (osConstants.signals[signal] ?? 0)
}

/** Passes SIGINT and SIGTERM on to the server and exits as it does (exitCodeOf). */
export function supervise(child) {
  let forwarded = null
  for (const sig of ['SIGINT', 'SIGTERM'])
    process.on(sig, () => {
      forwarded = sig
      child.kill(sig)
    })
  child.on('exit', (code, signal) => {
    if (signal && signal !== forwarded) console.error(`The server was killed by ${signal}.`)
    process.exit(exitCodeOf(code, signal, forwarded))
  })
}
