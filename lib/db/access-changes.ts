import { db } from './client'

// The rows a change touched in the tables that decide access, as the database's triggers saw
// them (migration access_guard): the action gate turns tracking on for its transaction, and
// before committing takes the log, reading whatever else it needs as the rows are now.

export type Row = Record<string, unknown>
export type ChangeEntry = { seq: number; tbl: TrackedTable; op: 'I' | 'U' | 'D'; old: Row | null; new: Row | null }

/** The tracked tables and the columns a reader may select them by. */
const COLUMNS = {
  Membership: ['id', 'userId', 'roleTemplateId', 'tenantId'],
  User: ['id'],
  MembershipPermission: ['membershipId'],
  RoleTemplate: ['id'],
  RoleTemplatePermission: ['roleTemplateId'],
  Team: ['id'],
  TeamMember: ['membershipId', 'teamId'],
  Invitation: ['membershipId'],
  Contact: ['id', 'ownerId', 'teamId'],
  Tenant: ['id'],
  EmailChange: ['membershipId', 'userId'],
  ApiKey: ['id'],
} as const
export type TrackedTable = keyof typeof COLUMNS
export type TrackedColumn<T extends TrackedTable> = (typeof COLUMNS)[T][number]

/** From here to the end of the transaction, changes to the tracked tables are logged. */
export async function trackAccessChanges(): Promise<void> {
  await db().$queryRaw`SELECT set_config('teamgate.track_access', 'on', true)`
}

/** The log of this transaction, oldest first, removed from the table (it is empty outside a change). */
export async function takeAccessChanges(): Promise<ChangeEntry[]> {
  await db().$queryRaw`SELECT set_config('teamgate.track_access', 'off', true)`
  const rows = await db().$queryRaw<{ seq: bigint; tbl: TrackedTable; op: 'I' | 'U' | 'D'; old: Row | null; new: Row | null }[]>`
    DELETE FROM "AccessChange" RETURNING seq, tbl, op, old, new`
  return rows.map((r) => ({ ...r, seq: Number(r.seq) })).sort((a, b) => a.seq - b.seq)
}

/** Rows of a tracked table as they are now, in the log's shape (JSON with the same keys). */
export async function currentRows<T extends TrackedTable>(table: T, column: TrackedColumn<T>, values: Iterable<string>): Promise<Row[]> {
  const list = [...new Set(values)]
  if (list.length === 0) return []
  if (!(COLUMNS[table] as readonly string[]).includes(column)) throw new Error(`${table}.${column} is not readable here`)
  const rows = await db().$queryRawUnsafe<{ row: Row }[]>(
    `SELECT to_jsonb(t) - 'passwordHash' AS row FROM "${table}" t WHERE t."${column}" = ANY($1::text[])`,
    list,
  )
  return rows.map((r) => r.row)
}

/** Active owners of a workspace now. */
export async function countActiveOwners(tenantId: string): Promise<number> {
  return db().membership.count({ where: { tenantId, baseRole: 'OWNER', status: 'ACTIVE' } })
}
