// `npm test`: every suite, in order, against real parts. Prints a summary and a last line
// `N passed, N failed` summing every suite's test cases. Exits non-zero if anything failed.
//   1. type check, lint, format check (Prettier), schema ↔ migrations check
//   2. unit tests (vitest)
//   3. integration tests on PGlite, then on PostgreSQL when TEST_DATABASE_URL is set
//   4. production build, then Playwright end-to-end tests in Chromium against it
// TEST_SKIP_E2E=1 skips step 4 (for a quick local loop); CI never sets it.
//
// Time (CI must stay well under 20 minutes on two cores): when both engines run, PGlite runs
// every integration file except the engine-independent ones listed, with the reason for each, in
// tests/engine-independent.mjs (generated matrices and fuzzers of authorization logic; about 40%
// of the PGlite run's time), which run on PostgreSQL. A file not listed runs on both engines, so
// a new engine-relevant test is never dropped; without TEST_DATABASE_URL, PGlite runs them all.
// Each integration file's database is copied from one migrated per run (tests/support/global-db.ts)
// instead of being created and migrated per file. Steps run one after the other: running the
// checks, or the two engines' integration runs, side by side on the CI machine's two cores gained
// 11 s and 19 s of about 65 s and 310 s, within a shared machine's noise, for output printed out
// of order. Measurements: README "Tests".
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ENGINE_INDEPENDENT } from '../tests/engine-independent.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teamgate-test-'))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.CI ? '0' : (process.env.FORCE_COLOR ?? '1') }
const rows = []
let failedSteps = 0

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n━━ ${label}: ${cmd} ${args.join(' ')}`)
  const t0 = Date.now()
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } })
  const ok = r.status === 0
  if (!ok) failedSteps++
  return { ok, seconds: ((Date.now() - t0) / 1000).toFixed(1) }
}

function check(label, cmd, args) {
  const r = run(label, cmd, args)
  rows.push({ label, passed: null, failed: null, ok: r.ok, seconds: r.seconds })
}

function vitest(label, project, extraEnv = {}, extraArgs = []) {
  const out = path.join(tmp, `${label.replace(/\W+/g, '-')}.json`)
  const r = run(
    label,
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extraArgs],
    extraEnv,
  )
  let passed = 0,
    failed = 0
  try {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'))
    passed = j.numPassedTests
    failed = j.numFailedTests
    if (!r.ok && failed === 0) failed = 1 // a suite that crashed before reporting a test
  } catch {
    if (!r.ok) failed = 1
  }
  rows.push({ label, passed, failed, ok: r.ok, seconds: r.seconds })
}

function playwright(label) {
  const out = path.join(tmp, 'playwright.json')
  const r = run(label, 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out })
  let passed = 0,
    failed = 0
  try {
    const s = JSON.parse(fs.readFileSync(out, 'utf8')).stats
    passed = s.expected + s.flaky
    failed = s.unexpected
    if (s.skipped) console.log(`  (${s.skipped} skipped)`)
  } catch {
    failed = 1
  }
  if (!r.ok && failed === 0) failed = 1
  rows.push({ label, passed, failed, ok: r.ok, seconds: r.seconds })
}

check('type check', 'npx', ['tsc', '--noEmit'])
check('lint', 'npx', ['eslint', '--max-warnings=0', '.'])
check('format (prettier --check)', 'npx', ['prettier', '--check', '--log-level=warn', '.'])
check('schema ↔ migrations', 'npx', ['tsx', 'scripts/db-migration.ts', '--check'])
vitest('unit', 'unit')
const pgSkipped = !process.env.TEST_DATABASE_URL
// Both engines: PGlite skips the engine-independent files (tests/engine-independent.mjs), which PostgreSQL runs.
vitest(
  pgSkipped ? 'integration (PGlite)' : 'integration (PGlite, engine-dependent)',
  'integration',
  { TEST_DATABASE_URL: '' },
  pgSkipped ? [] : ENGINE_INDEPENDENT.map((e) => `--exclude=${e.file}`),
)
if (!pgSkipped) vitest('integration (PostgreSQL)', 'integration')

if (process.env.TEST_SKIP_E2E === '1') {
  console.log('\n!! TEST_SKIP_E2E=1: the end-to-end suite was NOT run.')
} else {
  const build = run('production build', 'npx', ['next', 'build'])
  rows.push({ label: 'production build', passed: null, failed: null, ok: build.ok, seconds: build.seconds })
  if (build.ok) playwright('end-to-end (Playwright, Chromium)')
}

console.log('\n━━ Summary')
for (const r of rows) {
  const counts = r.passed === null ? (r.ok ? 'ok' : 'FAILED') : `${r.passed} passed, ${r.failed} failed`
  console.log(`  ${r.label.padEnd(40)} ${counts.padEnd(24)} ${r.seconds}s`)
}
if (pgSkipped) {
  console.log('\n  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!')
  console.log('  !! TEST_DATABASE_URL is not set: the PostgreSQL integration suite was SKIPPED. !!')
  console.log('  !! e.g. TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres       !!')
  console.log('  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!')
}
const passed = rows.reduce((n, r) => n + (r.passed ?? 0), 0)
const failed = rows.reduce((n, r) => n + (r.failed ?? 0), 0) + rows.filter((r) => r.passed === null && !r.ok).length
fs.rmSync(tmp, { recursive: true, force: true })
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failedSteps || failed ? 1 : 0)
