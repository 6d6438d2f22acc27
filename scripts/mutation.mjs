// `npm run test:mutation [-- <stryker args>]`: runs Stryker (stryker.config.mjs), then prints the
// mutation score per folder and every surviving mutant, from reports/mutation/mutation.json.
// `npm run test:mutation -- --report-only` prints the last run's figures without running again.
// Exits non-zero when a folder is below its target (lib/authz 90 %, everything together 80 %).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

const REPORT = 'reports/mutation/mutation.json'
const TARGETS = { 'lib/authz': 90, all: 80 }

const args = process.argv.slice(2)
if (!args.includes('--report-only')) {
  const r = spawnSync('npx', ['stryker', 'run', ...args], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'))
const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

/** Mutation score as Stryker counts it: detected / (detected + undetected); ignored and invalid mutants are left out. */
function tally(mutants) {
  const t = { detected: 0, survived: 0, noCoverage: 0, ignored: 0, invalid: 0 }
  for (const m of mutants) {
    if (DETECTED.has(m.status)) t.detected++
    else if (m.status === 'Survived') t.survived++
    else if (m.status === 'NoCoverage') t.noCoverage++
    else if (m.status === 'Ignored') t.ignored++
    else t.invalid++
  }
  const valid = t.detected + t.survived + t.noCoverage
  return { ...t, score: valid ? (100 * t.detected) / valid : 100 }
}

const byFolder = new Map()
const all = []
const survivors = []
for (const [file, { mutants }] of Object.entries(report.files)) {
  const folder = file.split('/').slice(0, 2).join('/')
  if (!byFolder.has(folder)) byFolder.set(folder, [])
  byFolder.get(folder).push(...mutants)
  all.push(...mutants)
  for (const m of mutants) if (UNDETECTED.has(m.status)) survivors.push({ file, ...m })
}

const rows = [...[...byFolder].sort(([a], [b]) => a.localeCompare(b)), ['all', all]].map(([folder, mutants]) => ({ folder, ...tally(mutants) }))
console.log('\nMutation score: killed or timed out / valid mutants (ignored: static mutants, left out by ignoreStatic)\n')
console.log('folder          score   killed  survived  no cover  ignored  target')
let below = 0
for (const r of rows) {
  const target = TARGETS[r.folder]
  if (target && r.score < target) below++
  console.log(
    `${r.folder.padEnd(14)} ${r.score.toFixed(1).padStart(5)} %  ${String(r.detected).padStart(6)}  ${String(r.survived).padStart(8)}  ${String(r.noCoverage).padStart(8)}  ${String(r.ignored).padStart(7)}  ${target ? `≥ ${target} %` : ''}`,
  )
}
console.log('\nBy file')
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const t = tally(mutants)
  console.log(`  ${file.padEnd(40)} ${t.score.toFixed(1).padStart(5)} %  (${t.detected} of ${t.detected + t.survived + t.noCoverage})`)
}
if (survivors.length) {
  console.log(`\nSurvivors (${survivors.length}):`)
  survivors.sort((a, b) => a.file.localeCompare(b.file) || a.location.start.line - b.location.start.line)
  for (const s of survivors) {
    const where = `${s.file}:${s.location.start.line}:${s.location.start.column}`
    console.log(
      `  ${where}  ${s.mutatorName}${s.status === 'NoCoverage' ? ' (no test reaches it)' : ''}  → ${JSON.stringify(s.replacement ?? '').slice(0, 100)}`,
    )
  }
}
process.exit(below ? 1 : 0)
