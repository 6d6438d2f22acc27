import { randomBytes } from 'node:crypto'
import pg from 'pg'
import fs from 'node:fs'
import { afterAll, beforeAll, inject } from 'vitest'
import { setDatabase } from '@/lib/db/client'
import { migrate } from '@/lib/db/migrations'
import { openDatabase, type Database } from '@/lib/db/open'

// Every integration test file runs against a real database of its own, migrated by the app's
// migrator: PGlite in memory, or — with TEST_DATABASE_URL — a PostgreSQL database created for
// the file and dropped after it. Each is a copy of the run's one migrated database
// (tests/support/global-db.ts). Data functions reach it through lib/db/client as the app does.
let database: Database
let dropDatabase: (() => Promise<void>) | undefined

export const onPostgres = !!process.env.TEST_DATABASE_URL

/** A new PostgreSQL database: empty, or a copy of the migrated `template`. */
export async function createPostgresDatabase(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!
  const name = `teamgate_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await c.end()
    },
  }
}

beforeAll(async () => {
  if (onPostgres) {
    const created = await createPostgresDatabase(inject('templateDatabase'))
    dropDatabase = created.drop
    database = openDatabase({ databaseUrl: created.url })
  } else {
    database = openDatabase({ pgliteDir: 'memory://', pgliteData: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) })
  }
  // Already migrated (the template was): this only checks the history matches the files.
  await migrate(database)
  setDatabase(database)
})

afterAll(async () => {
  setDatabase(undefined)
  await database?.close()
  await dropDatabase?.()
})

export function testDatabase() {
  return database
}
