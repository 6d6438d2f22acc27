// `npm start`: builds when no build exists, then serves on PORT (default 3000). The database is
// migrated and, when empty, seeded by the server itself at start-up (instrumentation.ts).
import { spawnSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { nextStartCommand, serverEnv, supervise } from './next-server.mjs'

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
const port = env.PORT || '3000'
const host = env.HOST || '0.0.0.0'
env.NEXTAUTH_URL ||= `http://localhost:${port}`

// The session secret. With PostgreSQL (a real deployment, maybe several instances) it must be
// given. On the embedded database (a single local instance) one is generated and kept in .data.
if (!env.NEXTAUTH_SECRET && !env.AUTH_SECRET) {
  if (env.DATABASE_URL) {
    console.error(
      'NEXTAUTH_SECRET is not set. Every instance needs the same secret to sign sessions:\n' + '  export NEXTAUTH_SECRET=$(openssl rand -base64 32)',
    )
    process.exit(1)
  }
  const file = path.join('.data', 'auth-secret')
  if (!fs.existsSync(file)) {
    fs.mkdirSync('.data', { recursive: true })
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 })
  }
  env.NEXTAUTH_SECRET = fs.readFileSync(file, 'utf8').trim()
}
env.NEXTAUTH_SECRET ||= env.AUTH_SECRET

// The embedded demo without SMTP_URL keeps mail in the database: show it on the dev mailbox page.
if (!env.DATABASE_URL && !env.SMTP_URL) env.DEV_MAILBOX ??= 'demo'

if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) {
  console.log('No production build yet: building (about a minute)…')
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

console.log(`Starting on http://localhost:${port} — sign in at http://localhost:${port}/login`)
if (env.DEV_MAILBOX === 'demo' || env.DEV_MAILBOX === '1')
  console.log(`No SMTP_URL: invitation emails are listed at http://localhost:${port}/dev/mailbox (opened from this machine, while there is one workspace)`)
// Node.js flags and malloc settings that keep the server's memory down: see scripts/next-server.mjs.
const [command, args] = nextStartCommand(['-p', port, '-H', host], { env })
const child = spawn(command, args, { stdio: 'inherit', env: serverEnv(env) })
supervise(child)
