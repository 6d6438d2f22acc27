// Shared by the HTTP and bundle benchmarks: the production server on a fresh embedded database,
// started as scripts/e2e-server.mjs starts it (a PGlite folder in a temporary directory, seeded
// with known passwords; or a fresh PostgreSQL database with BENCH_SERVER_DB=postgres), plus
// next-auth sign-in and a look at the server's memory.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { nextStartCommand, serverEnv } from '../next-server.mjs'

export const OWNER = { email: 'owner@example.com', password: 'owner-password-bench' }
export const ADMIN = { email: 'admin@example.com', password: 'demo-password-bench' }

/** Diagnostics go to stderr: stdout carries only the JSON lines. */
export const log = (...a) => console.error('[bench]', ...a)
export const out = (o) => console.log(JSON.stringify(o))

/** Exits with a hint when there is no production build to measure. */
export function requireBuild() {
  if (fs.existsSync(path.join('.next', 'BUILD_ID'))) return
  console.error('No production build in .next/: run `npm run build` (or `npx next build`) first.')
  process.exit(1)
}

/**
 * With BENCH_SERVER_DB=postgres the server uses a fresh PostgreSQL database instead of PGlite
 * (created on BENCH_DATABASE_URL / TEST_DATABASE_URL, dropped by `drop`), to compare engines.
 */
async function postgresDatabase() {
  const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
  const name = `teamgate_bench_${randomBytes(6).toString('hex')}`
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: base })
    await c.connect()
    try {
      await c.query(sql)
    } finally {
      await c.end()
    }
  }
  await admin(`CREATE DATABASE "${name}"`)
  const url = new URL(base)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/**
 * Starts `next start` and resolves once /login answers. The server's own stdout goes to our
 * stderr. `stop()` ends it (and the process it may fork) and removes the temporary folder.
 * `databaseUrl`: serve this PostgreSQL database (the caller's to drop) instead of a fresh one.
 */
export async function startServer({ databaseUrl } = {}) {
  const port = Number(process.env.BENCH_PORT) || (await freePort())
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teamgate-bench-'))
  const base = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PGLITE_DIR: path.join(dir, 'pglite'),
    NEXTAUTH_URL: base,
    NEXTAUTH_SECRET: 'bench-secret-not-for-production-0123456789',
    SEED_OWNER_EMAIL: OWNER.email,
    SEED_OWNER_PASSWORD: OWNER.password,
    SEED_DEMO_PASSWORD: ADMIN.password,
  }
  delete env.DATABASE_URL
  delete env.SMTP_URL
  const postgres = databaseUrl ? { url: databaseUrl, drop: async () => {} } : process.env.BENCH_SERVER_DB === 'postgres' ? await postgresDatabase() : null
  if (postgres) env.DATABASE_URL = postgres.url
  // As `npm start` runs it (the same Node.js flags and environment), plus BENCH_NODE_ARGS. The
  // Next CLI is run by node directly (not through npx), so the pid we hold is the CLI's.
  const extraNodeArgs = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []
  const [command, args] = nextStartCommand(['-p', String(port), '-H', '127.0.0.1'], { env, extraNodeArgs })
  const child = spawn(command, args, { env: serverEnv(env), stdio: ['ignore', 'pipe', 'inherit'] })
  child.stdout.pipe(process.stderr)
  let exited = false
  child.on('exit', () => void (exited = true))

  let serverPid = null
  const stop = async () => {
    const pids = [serverPid, child.pid].filter((p, i, a) => p && a.indexOf(p) === i)
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    if (!exited) await new Promise((r) => child.once('exit', r))
    fs.rmSync(dir, { recursive: true, force: true })
    await postgres?.drop()
  }

  // Ctrl-C: still stop the server, remove the folder and drop the database.
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)))

  const deadline = Date.now() + 120_000
  for (;;) {
    if (exited) throw new Error('the server exited before answering')
    try {
      const res = await fetch(`${base}/login`, { redirect: 'manual' })
      if (res.status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error('the server did not answer /login within 120 s')
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  serverPid = listeningPid(port) ?? child.pid
  log(`server up at ${base} on ${postgres ? 'PostgreSQL' : 'PGlite'} (cli pid ${child.pid}, server pid ${serverPid})`)
  return { base, port, pid: serverPid, database: postgres ? 'postgresql' : 'pglite', stop }
}

/**
 * The pid of the process listening on the port. `next start` may serve from a forked
 * `next-server` child, so the pid we spawned is not necessarily the one holding the memory.
 */
export function listeningPid(port) {
  const ss = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' })
  const m = /pid=(\d+)/.exec(ss.stdout ?? '')
  return m ? Number(m[1]) : null
}

/** Resident memory of a process in MB (VmRSS, and VmHWM: the peak), from /proc. */
export function memoryMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) }
}

/**
 * Signs in through next-auth's credentials endpoint as a browser would (CSRF cookie + token,
 * then the form post) and returns the Cookie header that carries the session.
 */
export async function signIn(base, { email, password }) {
  const jar = new Map()
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair.indexOf('=')
      jar.set(pair.slice(0, i), pair.slice(i + 1))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const csrf = await fetch(`${base}/api/auth/csrf`)
  keep(csrf)
  const { csrfToken } = await csrf.json()
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  })
  keep(res)
  if (![...jar.keys()].some((k) => k.endsWith('next-auth.session-token'))) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`)
  return cookie()
}

/** GETs a page with the session and insists on a 200 (a redirect would mean we are not signed in). */
export async function getPage(base, pathname, cookie) {
  const res = await fetch(base + pathname, { redirect: 'manual', headers: { cookie } })
  if (res.status !== 200) throw new Error(`GET ${pathname}: HTTP ${res.status} ${res.headers.get('location') ?? ''}`)
  return res.text()
}
