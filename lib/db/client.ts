import 'server-only'
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Prisma } from './generated/client'
import { openDatabase, type Database } from './open'

// The one database of this process, opened on first use and cached on globalThis: Next.js
// evaluates this module once per bundle (instrumentation, pages, routes), and a second PGlite
// instance on the same folder would lose writes. Nothing outside lib/db knows which engine runs.
const globalForDb = globalThis as unknown as { __db?: Database; __unitOfWork?: AsyncLocalStorage<UnitOfWork> }

export type Tx = Prisma.TransactionClient

/** What a change's webhook events need of an audit event it wrote (lib/webhooks/queue.ts). */
export type WrittenAudit = { tenantId: string; action: string; targetId?: string | null }

/** The transaction a change runs in (lib/db/tx.ts), and what it queued for after its commit. */
export type UnitOfWork = {
  tx: Tx
  mails: string[]
  tracked: boolean
  /** The audit events written in it (recordAudit): what its webhook events are derived from. */
  audits: WrittenAudit[]
  /** Run once it committed (a relay kicked); never awaited, never failing the change. */
  afterCommit: (() => void)[]
}

/** One per process, like the database: every bundle must see the same transaction. */
export const unitOfWork: AsyncLocalStorage<UnitOfWork> = (globalForDb.__unitOfWork ??= new AsyncLocalStorage<UnitOfWork>())

export function getDatabase(): Database {
  globalForDb.__db ??= openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    pgliteDir: process.env.PGLITE_DIR,
  })
  return globalForDb.__db
}

/**
 * The Prisma client every data function uses: inside a change (lib/db/tx.ts) the transaction's,
 * so a data function called there reads and writes in it without being told; otherwise the
 * app's. (On the embedded database a query outside the open transaction would wait for it.)
 */
export function db(): Tx {
  return unitOfWork.getStore()?.tx ?? getDatabase().prisma
}

/** Tests swap in a database of their own (a fresh PGlite in memory, or a PostgreSQL database). */
export function setDatabase(database: Database | undefined) {
  globalForDb.__db = database
}

export type { Database }
