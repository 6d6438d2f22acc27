import type { ChangeEntry, Row, TrackedTable } from '@/lib/db/access-changes'
import type { World } from '@/lib/authz/change-log'

// A hand-built change for the gate's last word (checkChange): the rows as they are after it, and
// the log of what it did, without a database.

export type Tables = Partial<Record<TrackedTable, Row[]>>

/** Today's rows read from tables held in memory, as currentRows and countActiveOwners read them. */
export function memoryWorld(tables: Tables): World {
  return {
    async currentRows(table, column, values) {
      const want = new Set(values)
      return (tables[table] ?? []).filter((r) => want.has(r[column] as string))
    },
    async countActiveOwners(tenantId) {
      return (tables.Membership ?? []).filter((m) => m.tenantId === tenantId && m.baseRole === 'OWNER' && m.status === 'ACTIVE').length
    },
  }
}

/** A world that fails if the judge reads anything. */
export const UNREAD: World = {
  currentRows: async () => {
    throw new Error('read')
  },
  countActiveOwners: async () => {
    throw new Error('read')
  },
}

let seq = 0
export const ins = (tbl: TrackedTable, row: Row): ChangeEntry => ({ seq: ++seq, tbl, op: 'I', old: null, new: row })
export const upd = (tbl: TrackedTable, old: Row, row: Row): ChangeEntry => ({ seq: ++seq, tbl, op: 'U', old, new: row })
export const del = (tbl: TrackedTable, old: Row): ChangeEntry => ({ seq: ++seq, tbl, op: 'D', old, new: null })

export const TENANT = 'tenant-1'
/** A membership row of the actors' workspace (tests/unit/make-access), and its user's row. */
export const member = (id: string, over: Row = {}): Row => ({
  id,
  tenantId: TENANT,
  userId: `u-${id}`,
  baseRole: 'MEMBER',
  status: 'ACTIVE',
  crmAccess: false,
  roleTemplateId: null,
  ...over,
})
export const user = (id: string): Row => ({ id: `u-${id}`, email: `${id}@example.test` })
