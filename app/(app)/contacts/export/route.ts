import type { NextRequest } from 'next/server'
import Papa from 'papaparse'
import { requireRoute } from '@/lib/authz/guards'
import { exportContacts } from '@/lib/db/contacts'
import { parseContactQuery } from '@/lib/validation/contacts'

/** The contacts the member may see, with the list's filters, as CSV (contacts.export). */
export async function GET(req: NextRequest) {
  const access = await requireRoute('contacts.export')
  if (access instanceof Response) return access
  const rows = await exportContacts(access, parseContactQuery(Object.fromEntries(req.nextUrl.searchParams)))
  const csv = Papa.unparse(
    { fields: ['Name', 'Email', 'Owner', 'Team', 'Created'], data: rows.map((c) => [c.name, c.email ?? '', c.owner?.label ?? '', c.team?.name ?? '', c.createdAt]) },
    { escapeFormulae: true }, // a cell starting with = + - @ must not run as a formula
  )
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="contacts-${access.member.tenantSlug}-${new Date().toISOString().slice(0, 10)}.csv"`, 'Cache-Control': 'no-store' },
  })
}
