import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrate } from '@/lib/db/migrations'
import { PGLITE_EXTENSIONS, PGLITE_START_PARAMS } from '@/lib/db/open'

// Once per integration run (vitest globalSetup): one database migrated by the app's migrator, that
// every test file's own database is then copied from (tests/support/setup-db.ts). Migrating
// takes a second; creating an embedded database from nothing (initdb in WebAssembly) took 4–8 s
// per file, most of the PGlite run's time outside the tests themselves. PostgreSQL copies a
// template database (CREATE DATABASE … TEMPLATE); PGlite starts from a dump of the data folder.

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: the migrated template database's name. */
    templateDatabase: string
    /** PGlite: the file holding the migrated data folder's dump (a tarball). */
    pgliteTemplate: string
  }
}

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    const name = `teamgate_template_${randomBytes(6).toString('hex')}`
    await adminQuery(`CREATE DATABASE "${name}"`)
    const url = new URL(process.env.TEST_DATABASE_URL)
    url.pathname = `/${name}`
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 })
    try {
      await migrate({ exec: async (sql) => void (await pool.query(sql)), query: async (sql, params) => (await pool.query(sql, params)).rows })
    } finally {
      await pool.end()
    }
    project.provide('templateDatabase', name)
    project.provide('pgliteTemplate', '')
    return () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  }
  const client = new PGlite('memory://', { startParams: PGLITE_START_PARAMS, extensions: PGLITE_EXTENSIONS })
  await migrate({ exec: async (sql) => void (await client.exec(sql)), query: async (sql, params) => (await client.query(sql, params)).rows as never })
  const dump = await client.dumpDataDir('none')
  await client.close()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teamgate-test-db-'))
  const file = path.join(dir, 'template.tar')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('templateDatabase', '')
  project.provide('pgliteTemplate', file)
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
