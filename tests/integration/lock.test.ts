import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from '@/lib/db/data-dir-lock'
import { openDatabase } from '@/lib/db/open'

// The embedded database's folder lock is the operating system's (flock on `<dir>.lock`): held
// while its process lives, gone when it dies however it dies, whatever pid the file names.

const dirs: string[] = []
const children: ChildProcess[] = []
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lock-'))
  dirs.push(d)
  return path.join(d, 'pglite')
}
afterEach(() => {
  for (const c of children.splice(0)) {
    try {
      process.kill(-c.pid!, 'SIGKILL')
    } catch {} // already gone
  }
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

function tryLockInChild(dir: string) {
  const script = `import { lockDataDir } from './lib/db/data-dir-lock.ts'; try { lockDataDir(${JSON.stringify(dir)}); console.log('LOCKED') } catch (e) { console.log(e.message); process.exit(3) }`
  return spawnSync('npx', ['tsx', '--eval', script], { encoding: 'utf8', cwd: process.cwd() })
}

/** A process that runs `script` (the folder is its last argument) and prints READY once it is where the test wants it; it then waits to be killed. */
function holder(dir: string, script: string, imports = ''): Promise<ChildProcess> {
  const child = spawn(
    'npx',
    ['tsx', '--eval', `${imports}; void (async () => { ${script}; console.log('READY'); setInterval(() => {}, 1000) })()`, '--', dir],
    {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group: kill -9 reaches node, not only npx
    },
  )
  children.push(child)
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('READY') && resolve(child))
    child.on('exit', (code) => reject(new Error(`the holder exited (${code}) before it was ready`)))
  })
}

/** kill -9 of the holder's whole process group, returning once it is gone. */
async function kill9(child: ChildProcess) {
  const gone = new Promise((done) => child.once('exit', done))
  process.kill(-child.pid!, 'SIGKILL')
  await gone
}

describe('embedded database folder lock', () => {
  it('a second process on the same folder exits with a clear message; once released, another may take it', () => {
    const dir = tmpDir()
    const release = lockDataDir(dir)
    try {
      const r = tryLockInChild(dir)
      expect(r.status).toBe(3)
      expect(r.stdout).toMatch(new RegExp(`in use by another process \\(pid ${process.pid}\\)`))
      expect(r.stdout).toMatch(/PGLITE_DIR|DATABASE_URL/)
    } finally {
      release()
    }
    expect(tryLockInChild(dir).stdout).toContain('LOCKED')
  })

  it('the same process cannot open the folder twice either', () => {
    const dir = tmpDir()
    const release = lockDataDir(dir)
    try {
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
    } finally {
      release()
    }
  })

  it('a lock file naming a live process (the pid of a new server in a fresh container, say) does not stop a start: only a held lock does', () => {
    const dir = tmpDir()
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(`${dir}.lock`, String(process.pid)) // alive: this very process, which does not hold the lock
    const release = lockDataDir(dir)
    expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toBe(String(process.pid))
    release()
  })

  it('the database reopens after its server is killed with -9: the lock file is left behind, naming a live process', async () => {
    const dir = tmpDir()
    const server = await holder(
      dir,
      `const d = openDatabase({ pgliteDir: process.argv.at(-1) }); await d.exec('CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)')`,
      `import { openDatabase } from './lib/db/open.ts'`,
    )
    // While it runs, nobody else opens the folder.
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by another process \\(pid \\d+\\)`))
    await kill9(server)
    expect(fs.existsSync(`${dir}.lock`)).toBe(true)
    // The pid it names now belongs to someone else, alive (what a restarted container sees).
    const bystander = await holder(dir, `console.log('bystander')`)
    fs.writeFileSync(`${dir}.lock`, String(bystander.pid))

    const database = openDatabase({ pgliteDir: dir })
    try {
      expect(await database.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }])
    } finally {
      await database.close()
    }
  })
})
