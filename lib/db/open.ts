import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import pg from 'pg'
import { PrismaClient } from './generated/client'
import { lockDataDir } from './data-dir-lock'
import { preparedStatementsOn, statementNamer } from './statement-names'

/** A database of either engine: Prisma for data, `exec` for whole SQL scripts (migrations). */
export type Database = {
  kind: 'pglite' | 'postgres'
  prisma: PrismaClient
  /** Runs a script of several statements (simple query protocol); rolls back on failure. */
  exec(sql: string): Promise<void>
  /** Runs one parameterized statement outside Prisma (the migrator's bookkeeping). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  close(): Promise<void>
}

export const DEFAULT_PGLITE_DIR = '.data/pglite'

// PGlite runs PostgreSQL inside this process, in WebAssembly memory that never shrinks. Its
// shared buffers are allocated and written at start-up, so they cost their full size in resident
// memory from the first second: PostgreSQL's default of 128 MB was most of what PGlite used.
// 16 MB holds the seeded database (8 MB, catalogs included) twice over; pages that do not fit
// are read again through the operating system's file cache. PGLITE_SHARED_BUFFERS overrides it
// (e.g. 64MB for a larger embedded database; PostgreSQL is the answer for a large one).
const PGLITE_SHARED_BUFFERS = process.env.PGLITE_SHARED_BUFFERS || '16MB'
export const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`]

/** Extensions the migrations create (trigram search); PGlite loads each one's code from its package. */
export const PGLITE_EXTENSIONS = { pg_trgm }

/**
 * The database: PostgreSQL at `databaseUrl`, else PGlite in `pgliteDir`. `pgliteData`: a
 * `dumpDataDir()` tarball to start an in-memory PGlite from (the tests' migrated template).
 */
export function openDatabase(opts: { databaseUrl?: string; pgliteDir?: string; pgliteData?: Blob }): Database {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl)
  return openPglite(opts.pgliteDir || DEFAULT_PGLITE_DIR, opts.pgliteData)
}

function openPostgres(connectionString: string): Database {
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })
  // An idle connection that the server drops (a restart, a failover) emits 'error' on the pool;
  // without a listener that would crash the process. Once closing, such errors are expected.
  let closing = false
  pool.on('error', (e) => {
    if (!closing) console.error('[db] a PostgreSQL connection was lost:', e.message)
  })
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, preparedStatementsOn() ? { statementNameGenerator: statementNamer() } : {}) })
  return {
    kind: 'postgres',
    prisma,
    async exec(sql) {
      // One connection for the whole script, rolled back there if a statement fails, so a
      // pooled connection never goes back to the pool inside an aborted transaction.
      const conn = await pool.connect()
      try {
        await conn.query(sql)
      } catch (e) {
        await conn.query('ROLLBACK').catch(() => {})
        throw e
      } finally {
        conn.release()
      }
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[]
    },
    async close() {
      closing = true
      await prisma.$disconnect()
      await pool.end().catch(() => {})
    },
  }
}

function openPglite(dir: string, data?: Blob): Database {
  const inMemory = dir.startsWith('memory://')
  const release = inMemory ? () => {} : lockDataDir(dir)
  if (!inMemory) initPgliteDir(dir)
  const client = new PGlite(dir, { startParams: PGLITE_START_PARAMS, extensions: PGLITE_EXTENSIONS, ...(data && { loadDataDir: data }) })
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) })
  return {
    kind: 'pglite',
    prisma,
    async exec(sql) {
      try {
        await client.exec(sql)
      } catch (e) {
        await client.exec('ROLLBACK').catch(() => {})
        throw e
      }
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[]
    },
    async close() {
      await prisma.$disconnect()
      await client.close()
      release()
    },
  }
}

/**
 * Creates a new PGlite folder (initdb) in a short-lived child process. Done in this process,
 * initdb runs a second PGlite instance and the initdb program next to the one that stays, each
 * with its own WebAssembly memory and compiled code; after it the server kept ~190 MB more
 * resident memory than one opening an existing folder (freed only in part by garbage collection,
 * the rest fragmented native heap). Best effort: if the child fails, PGlite creates the folder
 * in this process as before. Called with the folder's lock held, so no other server races it.
 */
function initPgliteDir(dir: string) {
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return
  const script =
    "import { PGlite } from '@electric-sql/pglite'\n" +
    'const [dir, params] = process.argv.slice(1)\n' +
    'const pg = await PGlite.create(dir, { startParams: JSON.parse(params) })\n' +
    'await pg.close()\n'
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', dir, JSON.stringify(PGLITE_START_PARAMS)], {
    cwd: process.cwd(),
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (r.status !== 0)
    console.error(`[db] could not create ${dir} in a child process (${r.error?.message ?? r.stderr.trim().split('\n').pop()}); creating it here`)
}
