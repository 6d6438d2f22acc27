import type { NextRequest } from 'next/server'
import { requireRoute } from '@/lib/authz/guards'
import { csvResponse } from '@/lib/csv'
import { exportMembers } from '@/lib/db/member-list'
import { parseMemberQuery } from '@/lib/validation/members'

const HEADER = ['Email', 'Name', 'Role', 'Role template', 'Status', 'CRM access', 'Two-factor', 'Teams', 'Last login', 'Added']

/** The members table's filtered view as CSV: the same filters and order as the page's URL. */
export async function GET(req: NextRequest) {
  const access = await requireRoute('users.view')
  if (access instanceof Response) return access
  const rows = await exportMembers(access.tenantId, parseMemberQuery(Object.fromEntries(req.nextUrl.searchParams)))
  return csvResponse(
    `members-${access.member.tenantSlug}`,
    HEADER,
    rows.map((r) => [
      r.email,
      r.name,
      r.baseRole.toLowerCase(),
      r.roleTemplate?.name ?? '',
      r.status.toLowerCase(),
      r.crmAccess ? 'yes' : 'no',
      r.twoFactor ? 'yes' : 'no',
      r.teams.map((t) => t.name).join('; '),
      r.lastLoginAt ?? '',
      r.createdAt,
    ]),
  )
}
