import { getDatabase, unitOfWork, type Tx, type UnitOfWork } from './client'

// Transactions and locks, in one place. A change runs in ONE transaction (the action gate opens
// it: lib/authz/guards.ts): its rows, audit events and queued mails commit together or not at
// all. Inside it, db() is the transaction's client, and a data function that needs a
// transaction of its own joins the open one instead of starting a second.

export type { Tx }

const OPTIONS = { maxWait: 15_000, timeout: 30_000 }

/** Runs `fn` in the open transaction, or in a new one (committed when `fn` resolves, rolled back when it throws). */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const open = unitOfWork.getStore()
  if (open) return fn(open.tx)
  return (await openUnitOfWork(fn)).value
}

/** A new transaction, with what it queued for after commit (mail ids). Refuses to nest. */
export async function openUnitOfWork<T>(fn: (tx: Tx) => Promise<T>): Promise<{ value: T; work: UnitOfWork }> {
  if (unitOfWork.getStore()) throw new Error('A unit of work is already open: join it with transaction()')
  let work: UnitOfWork | undefined
  const value = await getDatabase().prisma.$transaction((tx) => {
    work = { tx, mails: [], tracked: false, audits: [], afterCommit: [] }
    return unitOfWork.run(work, () => fn(tx))
  }, OPTIONS)
  for (const run of work!.afterCommit) {
    try {
      run()
    } catch (e) {
      // The change is committed: what follows it must not turn its answer into an error.
      console.error('[tx] after-commit hook failed:', e)
    }
  }
  return { value, work: work! }
}

/** Whether this code runs inside a transaction. */
export function inTransaction(): boolean {
  return unitOfWork.getStore() !== undefined
}

/** Runs `fn` once the open transaction commits (never if it rolls back); outside one, at once. */
export function afterCommit(fn: () => void) {
  const work = unitOfWork.getStore()
  if (work) work.afterCommit.push(fn)
  else fn()
}

/** Remembers mails queued in the open transaction, delivered once it commits. */
export function afterCommitDeliver(ids: string[]) {
  unitOfWork.getStore()?.mails.push(...ids)
}

/**
 * Holds the workspace's row lock (SELECT … FOR UPDATE) until the transaction ends, so seat, role
 * and owner counts read after it stay true until the change commits: concurrent changes of one
 * workspace queue here on PostgreSQL. Runs `fn` in the open transaction or a new one.
 */
export function withWorkspaceLock<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(async (tx) => {
    await lockWorkspace(tx, tenantId)
    return fn(tx)
  })
}

/** Makes the open transaction read only: the database refuses any write in it. Its first statement. */
export async function readOnly(tx: Tx) {
  await tx.$executeRawUnsafe('SET TRANSACTION READ ONLY')
}

export async function lockWorkspace(tx: Tx, tenantId: string) {
  await tx.$queryRaw`SELECT id FROM "Tenant" WHERE id = ${tenantId} FOR UPDATE`
}

export const TAKEN = Symbol('taken')

/** Whether an error is a unique-constraint violation (a name already taken). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002'
}

/**
 * Runs a write that may hit a unique constraint (a name already taken) inside a savepoint: on a
 * clash only the write is undone and TAKEN comes back, and the transaction goes on (PostgreSQL
 * would otherwise refuse every later statement of it).
 */
export async function unlessTaken<T>(fn: () => Promise<T>): Promise<T | typeof TAKEN> {
  return transaction(async (tx) => {
    await tx.$executeRawUnsafe('SAVEPOINT unless_taken')
    try {
      const value = await fn()
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT unless_taken')
      return value
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT unless_taken')
      return TAKEN
    }
  })
}
