import 'server-only'
import { openDatabase, type Database } from './open'

// The one database of this process, opened on first use and cached on globalThis: Next.js
// evaluates this module once per bundle (instrumentation, pages, routes), and a second PGlite
// instance on the same folder would lose writes. Nothing outside lib/db knows which engine runs.
const globalForDb = globalThis as unknown as { __db?: Database }

export function getDatabase(): Database {
  globalForDb.__db ??= openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    pgliteDir: process.env.PGLITE_DIR,
  })
  return globalForDb.__db
}

/** The Prisma client every data function uses. */
export function db() {
  return getDatabase().prisma
}

/** Tests swap in a database of their own (a fresh PGlite in memory, or a PostgreSQL database). */
export function setDatabase(database: Database | undefined) {
  globalForDb.__db = database
}

export type { Database }
