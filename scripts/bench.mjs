// `npm run bench`: every benchmark in turn — bench:authz, bench:scale, bench:api, bench:http,
// bench:bundle — passing their JSON lines through to stdout (anything else goes to stderr).
// A benchmark that fails does not stop the others; the exit code is then non-zero.
// bench:api, bench:http and bench:bundle need a production build (`npm run build`), bench:scale
// and bench:api a PostgreSQL server (BENCH_DATABASE_URL / TEST_DATABASE_URL). See docs/benchmarks.md.
import { spawn } from 'node:child_process'
import os from 'node:os'
import readline from 'node:readline'

const out = (o) => console.log(JSON.stringify(o))

const BENCHES = ['bench:authz', 'bench:scale', 'bench:api', 'bench:http', 'bench:bundle']

/** A stdout line that is a JSON object; bench:authz's summary line gets `bench: 'authz'`. */
function jsonLine(line, name) {
  if (!line.startsWith('{')) return null
  try {
    const o = JSON.parse(line)
    return JSON.stringify(o.bench ? o : { bench: name.replace(/^bench:/, ''), ...o })
  } catch {
    return null
  }
}

function run(name) {
  return new Promise((resolve) => {
    console.error(`\n[bench] npm run ${name}`)
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = readline.createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      const json = jsonLine(line.trim(), name)
      if (json) console.log(json)
      else console.error(line)
    })
    child.on('error', (e) => {
      console.error(`[bench] ${name}: ${e.message}`)
      resolve(1)
    })
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

// The machine and how busy it is: figures from a loaded machine are not comparable.
out({
  bench: 'machine',
  cpu: os.cpus()[0]?.model,
  cpus: os.availableParallelism(),
  mem_gb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadavg_1m: Math.round(os.loadavg()[0] * 100) / 100,
})

let failed = []
for (const name of BENCHES) {
  const code = await run(name)
  if (code !== 0) failed = [...failed, `${name} (exit ${code})`]
}
out({ bench: 'machine-after', loadavg_1m: Math.round(os.loadavg()[0] * 100) / 100 })
if (failed.length) {
  console.error(`\n[bench] failed: ${failed.join(', ')}`)
  process.exit(1)
}
console.error('\n[bench] all benchmarks ran')
