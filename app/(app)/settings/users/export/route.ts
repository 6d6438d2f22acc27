import type { NextRequest } from 'next/server'
import Papa from 'papaparse'
import { requireRoute } from '@/lib/authz/guards'
import { exportMembers } from '@/lib/db/members'
import { parseMemberQuery } from '@/lib/validation/members'

const HEADER = ['Email', 'Name', 'Role', 'Role template', 'Status', 'CRM access', 'Teams', 'Last login', 'Added']

/** The members table's filtered view as CSV: the same filters and order as the page's URL. */
export async function GET(req: NextRequest) {
  const access = await requireRoute('users.view')
  if (access instanceof Response) return access
  const query = parseMemberQuery(Object.fromEntries(req.nextUrl.searchParams))
  const rows = await exportMembers(access.tenantId, query)
  const csv = Papa.unparse(
    {
      fields: HEADER,
      data: rows.map((r) => [r.email, r.name, r.baseRole.toLowerCase(), r.roleTemplate?.name ?? '', r.status.toLowerCase(), r.crmAccess ? 'yes' : 'no', r.teams.map((t) => t.name).join('; '), r.lastLoginAt ?? '', r.createdAt]),
    },
    // A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it.
    { escapeFormulae: true },
  )
  const date = new Date().toISOString().slice(0, 10)
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="members-${access.member.tenantSlug}-${date}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
