import type { Metadata } from 'next'
import { PageHeader } from '@/components/page-header'
import { actionLabel, describeChanges } from '@/lib/audit-labels'
import { requirePage } from '@/lib/authz/guards'
import { listAudit } from '@/lib/db/audit'
import { parseAuditQuery } from '@/lib/validation/audit'
import { AuditTable } from './audit-table'
import type { AuditEntry } from './types'

export const metadata: Metadata = { title: 'Audit log' }

type SearchParams = Record<string, string | string[] | undefined>

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requirePage('audit.view')
  const query = parseAuditQuery(await searchParams)
  const list = await listAudit(access.tenantId, query)
  const names = new Map(list.names.map((n) => [n.id, n.name]))

  // The diff is worked out here, in words: the table gets plain text, never the raw snapshots.
  const rows: AuditEntry[] = list.rows.map((e) => ({
    id: e.id,
    createdAt: e.createdAt,
    actorEmail: e.actorEmail,
    action: e.action,
    actionLabel: actionLabel(e.action),
    targetType: e.targetType,
    targetId: e.targetId,
    summary: e.summary,
    ip: e.ip,
    changes: describeChanges(e.before, e.after, names),
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
        actions={list.actions.map((a) => ({ value: a, label: actionLabel(a) }))}
      />
    </>
  )
}
