import type { BaseRole, MembershipStatus } from '@/lib/authz/access'
import { db } from './client'
import type { Prisma } from './generated/client'
import { byText, cursorAfter, sliceOf } from './paging'

/** A member as a list of a role's or a team's members names them. */
export type MemberRef = { id: string; email: string; name: string; status: MembershipStatus; baseRole: BaseRole }

const BY_EMAIL = byText('email')

/**
 * The members of a role template or of a team after a cursor (the API's lists), by email: `limit`
 * of them, how many there are, and the next slice's cursor (null at the end: one row more is read
 * to know). Null for a cursor that is not one of these lists.
 */
export async function loadMemberRefs(
  tenantId: string,
  of: { roleTemplateId: string } | { teamId: string },
  cursor: string | undefined,
  limit: number,
): Promise<{ rows: MemberRef[]; total: number; next: string | null } | null> {
  const after = cursorAfter(cursor, BY_EMAIL)
  if (!after) return null
  const where: Prisma.MembershipWhereInput =
    'teamId' in of ? { tenantId, teams: { some: { teamId: of.teamId } } } : { tenantId, roleTemplateId: of.roleTemplateId }
  const [total, read] = await Promise.all([
    db().membership.count({ where }),
    db().membership.findMany({
      where:
        after === 'start'
          ? where
          : { AND: [where, { OR: [{ user: { email: { gt: after.value } } }, { user: { email: after.value }, id: { gt: after.id } }] }] },
      orderBy: [{ user: { email: 'asc' } }, { id: 'asc' }],
      take: limit + 1,
      select: { id: true, status: true, baseRole: true, user: { select: { email: true, name: true } } },
    }),
  ])
  const rows = read.map((m) => ({ id: m.id, email: m.user.email, name: m.user.name, status: m.status, baseRole: m.baseRole }))
  return { ...sliceOf(rows, limit, (m) => m.email), total }
}
