import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from '@/lib/db/data-dir-lock'

const dirs: string[] = []
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-lock-'))
  dirs.push(d)
  return path.join(d, 'pglite')
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

function tryLockInChild(dir: string) {
  const script = `import { lockDataDir } from './lib/db/data-dir-lock.ts'; try { lockDataDir(${JSON.stringify(dir)}); console.log('LOCKED') } catch (e) { console.log(e.message); process.exit(3) }`
  return spawnSync('npx', ['tsx', '--eval', script], { encoding: 'utf8', cwd: process.cwd() })
}

describe('embedded database folder lock', () => {
  it('a second process on the same folder exits with a clear message', () => {
    const dir = tmpDir()
    const release = lockDataDir(dir)
    try {
      const r = tryLockInChild(dir)
      expect(r.status).toBe(3)
      expect(r.stdout).toMatch(/in use by another process \(pid \d+\)/)
      expect(r.stdout).toMatch(/PGLITE_DIR|DATABASE_URL/)
    } finally {
      release()
    }
    // Released: another process may now take it.
    expect(tryLockInChild(dir).stdout).toContain('LOCKED')
  })

  it('a lock left by a dead process (kill -9) is taken over', () => {
    const dir = tmpDir()
    const lockFile = `${dir}.lock`
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(lockFile, '999999999') // no such pid
    const release = lockDataDir(dir)
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid))
    release()
    expect(fs.existsSync(lockFile)).toBe(false)
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
})
