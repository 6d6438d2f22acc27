import type { NextRequest } from 'next/server'
import { requireRoute } from '@/lib/authz/guards'
import { csvResponse } from '@/lib/csv'
import { exportAudit } from '@/lib/db/audit'
import { parseAuditQuery } from '@/lib/validation/audit'

/** The audit log with the page's filters, as CSV (audit.view). */
export async function GET(req: NextRequest) {
  const access = await requireRoute('audit.view')
  if (access instanceof Response) return access
  const rows = await exportAudit(access.tenantId, parseAuditQuery(Object.fromEntries(req.nextUrl.searchParams)))
  return csvResponse(
    `audit-${access.member.tenantSlug}`,
    ['When', 'Actor', 'Action', 'Target type', 'Target id', 'Summary', 'Before', 'After', 'IP'],
    rows.map((e) => [
      e.createdAt,
      e.actorEmail,
      e.action,
      e.targetType,
      e.targetId ?? '',
      e.summary,
      e.before ? JSON.stringify(e.before) : '',
      e.after ? JSON.stringify(e.after) : '',
      e.ip ?? '',
    ]),
  )
}
