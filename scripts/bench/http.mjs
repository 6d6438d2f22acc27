// `npm run bench:http`: throughput and latency of the production build under load (autocannon,
// 32 connections, 30 s per path; BENCH_DURATION=<s> to shorten), as a signed-in admin:
//  - /settings/users, the members table (session → access load → members, seats, pickers);
//  - /, the lightest gated page of the same app: the same layout, session and access load
//    (requirePage + menu) and no query of its own, so the ratio isolates the users page's cost.
// Then the server's resident memory after the load. Prints JSON lines; exits non-zero when the
// server cannot be started or a path answers anything but 200 (the figures would be wrong).
//
// The server runs on a fresh embedded database (PGlite) seeded with the demo workspace, as in
// the end-to-end suite: 8 members. The 10,000-member case is bench:members, on PostgreSQL.
// BENCH_SERVER_DB=postgres runs the same server on a fresh PostgreSQL database instead.
import autocannon from 'autocannon'
import { ADMIN, getPage, log, memoryMb, out, requireBuild, signIn, startServer } from './server.mjs'

const DURATION = Number(process.env.BENCH_DURATION) || 30
const CONNECTIONS = 32
const TARGET_RATIO = 0.5
const TARGET_RSS_MB = 400
const PATHS = { users: '/settings/users', minimal: '/' }

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d

/**
 * One autocannon run. autocannon's histogram reports p50, p90, p97.5 and p99 but no p95, so
 * every response time is kept from its 'response' events and the percentiles computed exactly.
 */
async function load(base, pathname, cookie, database) {
  const times = []
  const instance = autocannon({
    url: base + pathname,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { cookie },
    // 5 s unrecorded first, so the JIT, Next's caches and the database's are warm.
    warmup: { connections: CONNECTIONS, duration: Math.min(5, DURATION) },
  })
  instance.on('response', (_client, _status, _bytes, ms) => void times.push(ms))
  const r = await instance
  times.sort((a, b) => a - b)
  return {
    bench: 'http',
    path: pathname,
    database,
    duration_s: DURATION,
    connections: CONNECTIONS,
    requests: r.requests.total,
    rps: round(r.requests.average),
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    p99_ms: round(percentile(times, 99)),
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  }
}

async function main() {
  requireBuild()
  const server = await startServer()
  let failed = false
  try {
    const cookie = await signIn(server.base, ADMIN)
    // Both pages must render for this session (200, not a redirect to /login or a 403 page).
    for (const p of Object.values(PATHS)) await getPage(server.base, p, cookie)
    const idle = memoryMb(server.pid).rss_mb // started, seeded, each page rendered once

    const results = {}
    for (const [key, pathname] of Object.entries(PATHS)) {
      log(`loading ${pathname} for ${DURATION} s with ${CONNECTIONS} connections…`)
      results[key] = await load(server.base, pathname, cookie, server.database)
      out(results[key])
      if (results[key].non2xx || results[key].errors) {
        log(`${pathname}: ${results[key].non2xx} non-2xx responses, ${results[key].errors} errors/timeouts`)
        failed = true
      }
    }
    const ratio = results.users.rps / results.minimal.rps
    out({
      bench: 'http-ratio',
      database: server.database,
      users: PATHS.users,
      minimal: PATHS.minimal,
      ratio: round(ratio, 2),
      target: TARGET_RATIO,
      ok: ratio >= TARGET_RATIO,
    })

    // The server's memory right after both load runs (VmRSS), and its peak during them (VmHWM).
    try {
      const mem = memoryMb(server.pid)
      out({ bench: 'memory', database: server.database, rss_before_load_mb: idle, ...mem, target_mb: TARGET_RSS_MB, ok: mem.rss_mb <= TARGET_RSS_MB })
    } catch {
      // No /proc entry: the server died during the load (out of memory, say; its log is above).
      out({
        bench: 'memory',
        database: server.database,
        rss_before_load_mb: idle,
        error: 'the server exited during the load',
        target_mb: TARGET_RSS_MB,
        ok: false,
      })
      failed = true
    }
  } finally {
    await server.stop()
  }
  if (failed) process.exit(1)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
