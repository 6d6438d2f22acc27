import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { startMailCatcher } from '../scripts/mail-catcher.mjs'
import { nextStartCommand } from '../scripts/next-server.mjs'
import { PASSWORDS } from './fixtures'

// kill -9 in the middle of bursts of writes, as the out-of-memory killer or a pulled plug would:
// a server of its own (the production build, the embedded database in a temporary folder, mail
// to a catcher) is killed KILLS times while invitations pour in, restarted each time, then
// stopped; the database it leaves must hold the invariants below. Nothing here waits for a
// fixed time: each kill comes when the burst has had some of its answers.

const PORT = Number(process.env.E2E_CRASH_PORT ?? 3213)
const BASE = `http://127.0.0.1:${PORT}`
const KILLS = 3
const BURST = 12
const PARALLEL = 4

test.describe.configure({ mode: 'serial' })

/** The id of a server action in the build, as the browser posts it (Next-Action header). */
function actionId(file: string, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join('.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>
  }
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === name)
  if (!found) throw new Error(`No server action ${name} in ${file} in the build`)
  return found[0]
}

type Server = { child: ChildProcess; exited: Promise<number | null>; output: string[] }

function startServer(env: NodeJS.ProcessEnv): Server {
  const [command, args] = nextStartCommand(['-p', String(PORT), '-H', '127.0.0.1'], { env })
  // Its own process group, so kill -9 reaches every process of the server at once.
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()))
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, exited, output }
}

async function ready(request: APIRequestContext, server: Server) {
  await expect
    .poll(
      async () => {
        if (server.child.exitCode !== null) throw new Error(`the server exited at start-up:\n${server.output.join('')}`)
        return (await request.get(`${BASE}/login`, { timeout: 5_000 }).catch(() => null))?.status() ?? 0
      },
      { message: 'the server answers', timeout: 90_000, intervals: [250] },
    )
    .toBe(200)
}

async function signIn(request: APIRequestContext) {
  const { csrfToken } = (await (await request.get(`${BASE}/api/auth/csrf`)).json()) as { csrfToken: string }
  const res = await request.post(`${BASE}/api/auth/callback/credentials`, {
    form: { csrfToken, email: 'owner@example.com', password: PASSWORDS.owner, callbackUrl: '/', json: 'true' },
    maxRedirects: 0,
  })
  expect(res.status(), 'the owner signs in').toBeLessThan(400)
}

/** Posts a server action as the browser does; whether the server answered with a saved result (undefined: no answer). */
async function callAction(request: APIRequestContext, id: string, page: string, input: unknown): Promise<boolean | undefined> {
  const res = await request
    .post(`${BASE}${page}`, {
      headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component', Origin: BASE },
      data: JSON.stringify([input]),
      timeout: 30_000,
    })
    .catch(() => undefined)
  if (!res || res.status() !== 200) return undefined
  return (await res.text()).includes('"ok":true')
}

test('kill -9 during bursts of invitations: every acknowledged invitation survives with its audit event, its live link and its mail; seats stay within the plan', async ({
  playwright,
}) => {
  test.setTimeout(600_000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teamgate-crash-'))
  const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PGLITE_DIR: path.join(dir, 'pglite'),
    NEXTAUTH_URL: BASE,
    NEXTAUTH_SECRET: 'crash-test-secret-not-for-production-0123',
    SEED_OWNER_PASSWORD: PASSWORDS.owner,
    SEED_DEMO_PASSWORD: PASSWORDS.demo,
    SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
    MAIL_RELAY_INTERVAL_MS: '500',
  }
  delete env.DATABASE_URL
  const invite = actionId('app/(app)/settings/users/invite-actions.ts', 'inviteMembers')
  const request = await playwright.request.newContext()
  const acknowledged: string[] = []
  const tally = { saved: 0, refused: 0, unanswered: 0 }
  let server = startServer(env)
  try {
    let n = 0
    for (let round = 0; round <= KILLS; round++) {
      await ready(request, server)
      await signIn(request)
      const emails = Array.from({ length: BURST }, () => `burst-${++n}@example.test`)
      let answered = 0
      const killing = round < KILLS
      // PARALLEL callers go through the burst; in a killing round the server dies after a third of the answers.
      const queue = [...emails]
      const callers = Array.from({ length: PARALLEL }, async () => {
        for (let email = queue.shift(); email; email = queue.shift()) {
          const saved = await callAction(request, invite, '/settings/users', { rows: [{ email }], crmAccess: false })
          if (saved) acknowledged.push(email)
          tally[saved === undefined ? 'unanswered' : saved ? 'saved' : 'refused']++
          if (++answered === Math.ceil(BURST / 3) && killing) process.kill(-server.child.pid!, 'SIGKILL')
        }
      })
      await Promise.all(callers)
      if (killing) {
        expect(await server.exited, 'the server was killed').toBeNull()
        server = startServer(env)
      }
    }
    // The last server delivers what is due, then stops as asked.
    const deliveredTo = async () =>
      new Set(((await (await request.get(`http://127.0.0.1:${catcher.httpPort}/messages`)).json()) as { to: string[] }[]).flatMap((m) => m.to))
    await expect
      .poll(
        async () => {
          const got = await deliveredTo()
          return acknowledged.filter((e) => !got.has(e))
        },
        { message: 'acknowledged invitations whose mail has not arrived', timeout: 60_000 },
      )
      .toEqual([])
    process.kill(-server.child.pid!, 'SIGTERM')
    await server.exited
  } finally {
    try {
      process.kill(-server.child.pid!, 'SIGKILL')
    } catch {}
    await request.dispose()
    await catcher.close()
  }

  const db = new PGlite(path.join(dir, 'pglite'), { extensions: { pg_trgm } })
  try {
    const q = async <T>(sql: string) => (await db.query<T>(sql)).rows
    const [acme] = await q<{ id: string; seatLimit: number }>(
      `SELECT t.id, p."seatLimit" FROM "Tenant" t JOIN "Plan" p ON p.id = t."planId" WHERE t.slug = 'acme'`,
    )
    const invited = await q<{ id: string; email: string }>(
      `SELECT m.id, u.email FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."tenantId" = '${acme.id}' AND u.email LIKE 'burst-%'`,
    )
    console.log(
      `crash: ${KILLS} kills; invitations saved ${tally.saved}, refused ${tally.refused} (no seat), unanswered ${tally.unanswered}; stored ${invited.length}`,
    )
    // No acknowledged write is lost.
    expect(acknowledged.filter((e) => !invited.some((m) => m.email === e))).toEqual([])
    expect(acknowledged.length, 'some invitations went through').toBeGreaterThan(0)
    // Every committed invitation has its audit event: exactly one, naming it.
    const events = await q<{ targetId: string; n: number }>(
      `SELECT "targetId", count(*)::int AS n FROM "AuditEvent" WHERE "tenantId" = '${acme.id}' AND action = 'member.invite' GROUP BY "targetId"`,
    )
    expect(invited.filter((m) => events.find((e) => e.targetId === m.id)?.n !== 1).map((m) => m.email)).toEqual([])
    expect(events.filter((e) => !invited.some((m) => m.id === e.targetId))).toEqual([])
    // Seats within the plan, however the kills fell.
    const [{ seats }] = await q<{ seats: number }>(`SELECT count(*)::int AS seats FROM "Membership" WHERE "tenantId" = '${acme.id}'`)
    expect(seats).toBeLessThanOrEqual(acme.seatLimit)
    // Every pending invitation has a live link.
    const linkless = await q<{ id: string }>(
      `SELECT m.id FROM "Membership" m WHERE m.status = 'INVITED' AND NOT EXISTS (SELECT 1 FROM "Invitation" i WHERE i."membershipId" = m.id AND i."acceptedAt" IS NULL AND i."revokedAt" IS NULL AND i."expiresAt" > now())`,
    )
    expect(linkless).toEqual([])
    // No mail pending without a relay attempt; none still holding a link once sent.
    expect(await q(`SELECT id, "to" FROM "OutboxMail" WHERE "sentAt" IS NULL AND attempts = 0`)).toEqual([])
    expect(await q(`SELECT id FROM "OutboxMail" WHERE "sentAt" IS NOT NULL AND (text <> '' OR html <> '')`)).toEqual([])
  } finally {
    await db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
