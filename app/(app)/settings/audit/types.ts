import type { AuditChange } from '@/lib/audit-diff'

// The audit log screen's shapes, shared by the table and its filters.

/** One entry as the table shows it: the snapshots already turned into a diff by the page. */
export type AuditEntry = {
  id: string
  createdAt: string
  actorEmail: string
  /** The action's code (what the filter and the export use) and its words. */
  action: string
  actionLabel: string
  targetType: string
  targetId: string | null
  summary: string
  ip: string | null
  changes: AuditChange[]
}
/** An action the log holds, for the filter. */
export type AuditActionOption = { value: string; label: string }
export type AuditFilterQuery = { actor: string; action: string; target: string; from: string; to: string; size: number }
