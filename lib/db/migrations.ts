import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from './open'

export type Migration = { name: string; sql: string; checksum: string }

export const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations')

/** The migrations in Prisma's layout: prisma/migrations/<timestamp>_<name>/migration.sql. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) return []
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

// The advisory lock key Prisma Migrate takes, so instances of this migrator, and Prisma's own
// CLI, never apply migrations at the same time.
export const MIGRATION_LOCK_KEY = 72707369
const LOCK = `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});`

// Exactly the table `prisma migrate deploy` keeps, so a team can switch to Prisma's CLI later.
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`

const ALREADY_APPLIED = 'migration already applied'
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`

type HistoryRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }

/**
 * Applies the migrations the database has not recorded, each in its own transaction together
 * with its history row. Instances starting at once serialize on the advisory lock, and one that
 * finds the migration applied meanwhile skips it. Refuses to start when an applied migration's
 * file was edited afterwards or an earlier run left a migration unfinished.
 */
export async function migrate(database: Pick<Database, 'exec' | 'query'>, migrations = readMigrations()): Promise<{ applied: string[] }> {
  await database.exec(`BEGIN; ${LOCK} ${HISTORY_TABLE} COMMIT;`)
  const rows = await database.query<HistoryRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')
  const done = new Map<string, string>()
  for (const r of rows) {
    if (r.rolled_back_at) continue
    if (!r.finished_at) throw new Error(`Migration ${r.migration_name} is recorded as started but unfinished. Resolve it before starting.`)
    done.set(r.migration_name, r.checksum)
  }
  const applied: string[] = []
  for (const m of migrations) {
    const checksum = done.get(m.name)
    if (checksum !== undefined) {
      if (checksum !== m.checksum) throw new Error(`Migration ${m.name} was edited after it was applied. Write a new migration instead.`)
      continue
    }
    const guard = `DO $$ BEGIN IF EXISTS (SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ${lit(m.name)} AND rolled_back_at IS NULL) THEN RAISE EXCEPTION ${lit(ALREADY_APPLIED)}; END IF; END $$;`
    const record = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (${lit(randomUUID())}, ${lit(m.checksum)}, ${lit(m.name)}, now(), now(), 1);`
    try {
      await database.exec(`BEGIN;\n${LOCK}\n${guard}\n${m.sql}\n;\n${record}\nCOMMIT;`)
      applied.push(m.name)
    } catch (e) {
      if ((e as Error).message.includes(ALREADY_APPLIED)) continue
      throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`)
    }
  }
  return { applied }
}
