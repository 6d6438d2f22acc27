import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SERVER_NODE_ARGS, nextStartCommand, serverEnv, serverNodeArgs } from '../../scripts/next-server.mjs'

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
