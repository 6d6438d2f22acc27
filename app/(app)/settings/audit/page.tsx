import type { Metadata } from 'next'
import { PageHeader } from '@/components/page-header'
import { auditDiff, type AuditChange } from '@/lib/audit-diff'
import { requirePage } from '@/lib/authz/guards'
import { listAudit } from '@/lib/db/audit'
import { parseAuditQuery } from '@/lib/validation/audit'
import { AuditTable } from './audit-table'
import type { AuditEntry } from './types'

export const metadata: Metadata = { title: 'Audit log' }

type SearchParams = Record<string, string | string[] | undefined>

/** Shows a role template's name where a change holds its id (roleTemplateId, copiedFrom). */
function named(changes: AuditChange[], names: ReadonlyMap<string, string>): AuditChange[] {
  const n = (v: string) => names.get(v) ?? v
  return changes.map((c) =>
    c.kind === 'changed'
      ? { ...c, from: n(c.from), to: n(c.to) }
      : c.kind === 'list'
        ? { ...c, added: c.added.map(n), removed: c.removed.map(n) }
        : { ...c, value: n(c.value) },
  )
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requirePage('audit.view')
  const query = parseAuditQuery(await searchParams)
  const list = await listAudit(access.tenantId, query)
  const names = new Map(list.templates.map((t) => [t.id, t.name]))

  // The diff is worked out here: the table gets plain text, never the raw snapshots.
  const rows: AuditEntry[] = list.rows.map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    actorEmail: e.actorEmail,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    summary: e.summary,
    ip: e.ip,
    changes: named(auditDiff(e.before, e.after), names),
  }))

  return (
    <>
      <PageHeader title="Audit log" description="Every change in this workspace: who, what, when and from where. Entries cannot be edited or deleted." />
      <AuditTable
        rows={rows}
        total={list.total}
        exact={list.exact}
        page={list.page}
        cursors={list.cursors}
        query={{ actor: query.actor, action: query.action, target: query.target, from: query.from ?? '', to: query.to ?? '', size: query.size }}
        actions={list.actions}
      />
    </>
  )
}
