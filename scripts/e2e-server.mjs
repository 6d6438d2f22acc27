// The server the end-to-end suite runs against: the production build on a fresh embedded
// database in a temporary folder, seeded with the passwords the specs sign in with.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const port = process.argv[2] ?? '3211'
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
}
delete env.DATABASE_URL
const child = spawn('npx', ['next', 'start', '-p', port, '-H', '127.0.0.1'], { stdio: 'inherit', env })
const stop = () => {
  child.kill('SIGTERM')
  fs.rmSync(dir, { recursive: true, force: true })
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
child.on('exit', (code) => {
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(code ?? 0)
})
