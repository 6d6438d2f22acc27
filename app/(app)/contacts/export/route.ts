import type { NextRequest } from 'next/server'
import { requireRoute } from '@/lib/authz/guards'
import { csvResponse } from '@/lib/csv'
import { exportContacts } from '@/lib/db/contacts'
import { parseContactQuery } from '@/lib/validation/contacts'

/** The contacts the member may see, with the list's filters, as CSV (contacts.export). */
export async function GET(req: NextRequest) {
  const access = await requireRoute('contacts.export')
  if (access instanceof Response) return access
  const rows = await exportContacts(access, parseContactQuery(Object.fromEntries(req.nextUrl.searchParams)))
  return csvResponse(
    `contacts-${access.member.tenantSlug}`,
    ['Name', 'Email', 'Owner', 'Team', 'Created'],
    rows.map((c) => [c.name, c.email ?? '', c.owner?.label ?? '', c.team?.name ?? '', c.createdAt]),
  )
}
