import type { NextRequest } from 'next/server'
import Papa from 'papaparse'
import { requireRoute } from '@/lib/authz/guards'
import { exportAudit } from '@/lib/db/audit'
import { parseAuditQuery } from '@/lib/validation/audit'

/** The audit log with the page's filters, as CSV (audit.view). */
export async function GET(req: NextRequest) {
  const access = await requireRoute('audit.view')
  if (access instanceof Response) return access
  const rows = await exportAudit(access.tenantId, parseAuditQuery(Object.fromEntries(req.nextUrl.searchParams)))
  const csv = Papa.unparse(
    {
      fields: ['When', 'Actor', 'Action', 'Target type', 'Target id', 'Summary', 'Before', 'After', 'IP'],
      data: rows.map((e) => [e.createdAt, e.actorEmail, e.action, e.targetType, e.targetId ?? '', e.summary, e.before ? JSON.stringify(e.before) : '', e.after ? JSON.stringify(e.after) : '', e.ip ?? '']),
    },
    { escapeFormulae: true },
  )
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="audit-${access.member.tenantSlug}-${new Date().toISOString().slice(0, 10)}.csv"`, 'Cache-Control': 'no-store' },
  })
}
