// `npm run bench:http`: the production build under load (autocannon, 8 connections — what two
// cores serve without queueing into timeouts; BENCH_CONNECTIONS to change — 30 s per path after
// 5 s of warm-up; BENCH_DURATION=<s> to shorten), as a signed-in admin:
//  - /api/auth/session, which only reads the session cookie (next-auth);
//  - /, the lightest gated page: the layout, session and access load (requirePage + menu) and no
//    query of its own;
//  - /settings/users, the members table (session → access load → one statement for the page);
//  - /contacts, the contacts table (one statement for the page, the owner picker).
// For each: requests/s, latency, and the CPU time the server process spent per request
// (/proc/<pid>/stat before and after the measured run, divided by its responses): on a shared
// machine that figure moves far less than req/s does. Then the server's resident memory.
// Prints JSON lines; exits non-zero when the server cannot be started or a path answers
// anything but 200 (the figures would be wrong).
//
// The server runs on a fresh embedded database (PGlite) seeded with the demo workspace, as in
// the end-to-end suite: 8 members. Large workspaces are bench:scale's, on PostgreSQL.
// BENCH_SERVER_DB=postgres runs the same server on a fresh PostgreSQL database instead.
import fs from 'node:fs'
import { execFileSync } from 'node:child_process'
import autocannon from 'autocannon'
import { ADMIN, getPage, log, memoryMb, out, requireBuild, signIn, startServer } from './server.mjs'

const DURATION = Number(process.env.BENCH_DURATION) || 30
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS) || 8
const TARGET_CPU_RATIO = 1.3
const TARGET_RSS_MB = 400
const PATHS = { session: '/api/auth/session', minimal: '/', users: '/settings/users', contacts: '/contacts' }
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100

/** CPU time (user + system) the process has used so far, in ms. */
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS // utime, stime (fields 14, 15)
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d

/**
 * One autocannon run. autocannon's histogram reports p50, p90, p97.5 and p99 but no p95, so
 * every response time is kept from its 'response' events and the percentiles computed exactly.
 */
async function load(base, pathname, cookie, database, pid) {
  // 5 s unrecorded first, so the JIT, Next's caches and the database's are warm.
  await autocannon({ url: base + pathname, connections: CONNECTIONS, duration: Math.min(5, DURATION), headers: { cookie } })
  const times = []
  const cpuBefore = cpuMs(pid)
  const instance = autocannon({ url: base + pathname, connections: CONNECTIONS, duration: DURATION, headers: { cookie } })
  instance.on('response', (_client, _status, _bytes, ms) => void times.push(ms))
  const r = await instance
  const cpu = cpuMs(pid) - cpuBefore
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
    cpu_ms_per_request: round(cpu / Math.max(1, r.requests.total), 2),
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
      results[key] = await load(server.base, pathname, cookie, server.database, server.pid)
      out(results[key])
      if (results[key].non2xx || results[key].errors) {
        log(`${pathname}: ${results[key].non2xx} non-2xx responses, ${results[key].errors} errors/timeouts`)
        failed = true
      }
    }
    // Each table page's CPU per request next to /'s (the same layout and access load).
    for (const key of ['users', 'contacts']) {
      const ratio = results[key].cpu_ms_per_request / results.minimal.cpu_ms_per_request
      out({
        bench: 'http-cpu-ratio',
        database: server.database,
        page: PATHS[key],
        minimal: PATHS.minimal,
        cpu_ms: results[key].cpu_ms_per_request,
        minimal_cpu_ms: results.minimal.cpu_ms_per_request,
        session_only_cpu_ms: results.session.cpu_ms_per_request,
        ratio: round(ratio, 2),
        target: TARGET_CPU_RATIO,
        ok: ratio <= TARGET_CPU_RATIO,
      })
    }

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
