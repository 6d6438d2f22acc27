import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { DEFAULT_SERVER_NODE_ARGS, exitCodeOf, nextStartCommand, serverEnv, serverNodeArgs } from '../../scripts/next-server.mjs'

// How `npm start` and bench:http run the server (docs/benchmarks.md, "Memory").
describe('the server’s Node.js flags', () => {
  it('collect the heap once it has grown 60% past its live size, unless SERVER_NODE_ARGS says otherwise', () => {
    expect(serverNodeArgs({})).toEqual(['--heap-growing-percent=60'])
    expect(serverNodeArgs({ SERVER_NODE_ARGS: ' --heap-growing-percent=50  --max-semi-space-size=8 ' })).toEqual([
      '--heap-growing-percent=50',
      '--max-semi-space-size=8',
    ])
    expect(serverNodeArgs({ SERVER_NODE_ARGS: '' })).toEqual([])
  })

  it('run next start in a node process of its own, the flags first', () => {
    const [command, args] = nextStartCommand(['-p', '3000'], { env: {}, extraNodeArgs: ['--cpu-prof'] })
    expect(command).toBe(process.execPath)
    expect(args.slice(0, 2)).toEqual(['--heap-growing-percent=60', '--cpu-prof'])
    expect(args[2]).toMatch(/next[/\\]dist[/\\]bin[/\\]next$/)
    expect(args.slice(3)).toEqual(['start', '-p', '3000'])
  })

  it('come with a fixed malloc trim threshold, unless the environment sets one', () => {
    expect(serverEnv({ PORT: '3000' })).toEqual({ PORT: '3000', MALLOC_TRIM_THRESHOLD_: '131072' })
    expect(serverEnv({ MALLOC_TRIM_THRESHOLD_: '0' }).MALLOC_TRIM_THRESHOLD_).toBe('0')
  })

  it('are accepted by this Node.js (an unknown V8 flag would stop the server from starting)', () => {
    const r = spawnSync(process.execPath, [...DEFAULT_SERVER_NODE_ARGS, '-e', 'process.exit(7)'], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(7)
  })
})

describe('npm start’s exit code', () => {
  it('is the server’s; a server killed by a signal exits non-zero (128 + its number), unless npm start passed on a stop', () => {
    expect(exitCodeOf(0, null)).toBe(0)
    expect(exitCodeOf(1, null)).toBe(1)
    expect(exitCodeOf(null, 'SIGKILL')).toBe(137)
    expect(exitCodeOf(null, 'SIGSEGV')).toBe(139)
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143)
    expect(exitCodeOf(null, 'SIGTERM', 'SIGTERM')).toBe(0)
    expect(exitCodeOf(null, 'SIGINT', 'SIGINT')).toBe(0)
    expect(exitCodeOf(null, 'SIGKILL', 'SIGTERM')).toBe(137)
  })

  /** A supervisor (what start.mjs does) of a server that only waits; it prints the server's pid. */
  function supervisor() {
    const script = `import { spawn } from 'node:child_process'
      import { supervise } from './scripts/next-server.mjs'
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' })
      supervise(child)
      console.log(child.pid)`
    const p = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] })
    const serverPid = new Promise<number>((resolve) => p.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))))
    const exit = new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)))
    return { p, serverPid, exit }
  }

  it('exits 137 when its server is killed with -9 (the out-of-memory killer), so a supervisor restarts it', async () => {
    const s = supervisor()
    process.kill(await s.serverPid, 'SIGKILL')
    expect(await s.exit).toBe(137)
  })

  it('exits 0 when it is asked to stop (SIGTERM, passed on to the server)', async () => {
    const s = supervisor()
    await s.serverPid
    s.p.kill('SIGTERM')
    expect(await s.exit).toBe(0)
  })
})
