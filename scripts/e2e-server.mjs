// The server the end-to-end suite runs against: the production build on a fresh embedded
// database in a temporary folder, seeded with the passwords the specs sign in with. Mail really
// goes out over SMTP, to the in-process mail catcher the specs read (e2e/mail.ts).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startMailCatcher } from './mail-catcher.mjs'

const port = process.argv[2] ?? '3211'
const catcher = await startMailCatcher({
  smtpPort: Number(process.env.E2E_SMTP_PORT ?? 2525),
  httpPort: Number(process.env.E2E_MAIL_API_PORT ?? 2526),
})
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teamgate-e2e-'))
const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  PGLITE_DIR: path.join(dir, 'pglite'),
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXTAUTH_SECRET: 'e2e-secret-not-for-production-0123456789',
  SEED_OWNER_EMAIL: 'owner@example.com',
  SEED_OWNER_PASSWORD: 'owner-password-e2e',
  SEED_DEMO_PASSWORD: 'demo-password-e2e',
  SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
  // The webhooks spec's receiver listens on 127.0.0.1.
  WEBHOOKS_ALLOW_PRIVATE_URLS: '1',
  WEBHOOKS_RELAY_INTERVAL_MS: '500',
}
delete env.DATABASE_URL
// A second, empty workspace on the Free plan (3 seats) for the specs that start from scratch.
const made = spawnSync(
  'npx',
  [
    'tsx',
    'scripts/workspace.ts',
    '--name',
    'Fresh Co',
    '--plan',
    'free',
    '--owner-email',
    'fresh-owner@example.com',
    '--owner-name',
    'Fiona Fresh',
    '--owner-password',
    'fresh-password-e2e',
    '--roles',
    'support_agent,read_only',
  ],
  { stdio: 'inherit', env },
)
if (made.status !== 0) process.exit(made.status ?? 1)
const child = spawn('npx', ['next', 'start', '-p', port, '-H', '127.0.0.1'], { stdio: 'inherit', env })
const stop = () => {
  child.kill('SIGTERM')
  fs.rmSync(dir, { recursive: true, force: true })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
child.on('exit', async (code) => {
  fs.rmSync(dir, { recursive: true, force: true })
  await catcher.close()
  process.exit(code ?? 0)
})
