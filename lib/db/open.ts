import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import pg from 'pg'
import { PrismaClient } from './generated/client'
import { lockDataDir } from './lock'

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

export function openDatabase(opts: { databaseUrl?: string; pgliteDir?: string }): Database {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl)
  return openPglite(opts.pgliteDir || DEFAULT_PGLITE_DIR)
}

function openPostgres(connectionString: string): Database {
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })
  // An idle connection that the server drops (a restart, a failover) emits 'error' on the pool;
  // without a listener that would crash the process. Once closing, such errors are expected.
  let closing = false
  pool.on('error', (e) => {
    if (!closing) console.error('[db] a PostgreSQL connection was lost:', e.message)
  })
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
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

function openPglite(dir: string): Database {
  const inMemory = dir.startsWith('memory://')
  const release = inMemory ? () => {} : lockDataDir(dir)
  const client = new PGlite(dir)
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
