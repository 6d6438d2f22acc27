import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '@/lib/db/open'

// How the server opens its embedded database (the memory it costs: docs/benchmarks.md, "Memory").
const dirs: string[] = []
afterEach(() => {
  vi.restoreAllMocks()
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

describe('opening an embedded database folder', () => {
  it('creates a new folder in a child process before this process opens it, with small shared buffers', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-open-'))
    dirs.push(root)
    const dir = path.join(root, 'pglite')
    const errors = vi.spyOn(console, 'error')

    const database = openDatabase({ pgliteDir: dir })
    try {
      // Already there when openDatabase returns: PGlite in this process would only start its
      // own initdb once awaited, so the child made it, and this process only opens it.
      expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).toBe(true)
      expect(errors).not.toHaveBeenCalled()
      const [row] = await database.query<{ shared_buffers: string }>('SHOW shared_buffers')
      expect(row.shared_buffers).toBe('16MB')
      await database.exec('CREATE TABLE t (x int); INSERT INTO t VALUES (1)')
    } finally {
      await database.close()
    }

    // And the folder is an ordinary database folder, opened again as such.
    const again = openDatabase({ pgliteDir: dir })
    try {
      expect(await again.query('SELECT x FROM t')).toEqual([{ x: 1 }])
    } finally {
      await again.close()
    }
  })
})
