import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ENGINE_INDEPENDENT } from '../engine-independent.mjs'

// The integration files that run on PostgreSQL only when both engines run (tests/engine-independent.mjs):
// each exists, says why, and reaches the database only through the app, never by raw SQL or
// by asking which engine it is on (which would make it engine-dependent by definition).

const ROOT = path.resolve(import.meta.dirname, '..', '..')

describe('the engine-independent integration files', () => {
  it('each exists, once, with a reason', () => {
    expect(ENGINE_INDEPENDENT.length).toBeGreaterThan(0)
    expect(new Set(ENGINE_INDEPENDENT.map((e) => e.file)).size).toBe(ENGINE_INDEPENDENT.length)
    for (const e of ENGINE_INDEPENDENT) {
      expect(e.file, e.file).toMatch(/^tests\/integration\/[\w-]+\.test\.ts$/)
      expect(fs.existsSync(path.join(ROOT, e.file)), `${e.file} does not exist: remove or rename its entry`).toBe(true)
      expect(e.why.length, e.file).toBeGreaterThan(40)
    }
  })

  it('none runs SQL of its own or asks which engine it is on', () => {
    const engineSpecific = [/\$queryRaw/, /\$executeRaw/, /support\/setup-db/, /onPostgres/, /\.kind\b/, /testDatabase\(/, /TEST_DATABASE_URL/, /\bpglite\b/i]
    for (const e of ENGINE_INDEPENDENT) {
      const text = fs.readFileSync(path.join(ROOT, e.file), 'utf8')
      for (const pattern of engineSpecific) expect(pattern.test(text), `${e.file} matches ${pattern}: it depends on the engine`).toBe(false)
    }
  })
})
