import { Prisma } from './generated/client'
import type { AccessInput } from '@/lib/authz/access'
import { memberInputsColumn, memberInputsOf, type MemberInputsColumn } from './access-input'
import { db } from './client'
import { recordContextColumns, recordContextOf, type RecordContext, type RecordContextColumns } from './record-context'

const NO_RECORDS: RecordContext = { ownerTeams: new Map(), ownerLabels: new Map(), teamNames: new Map() }

/**
 * What an authorize call decides with, in ONE statement whatever the batch: the access inputs of
 * the members it names (by membership id or email) and, when its checks carry records, what
 * those records' owners and teams are (lib/db/record-context.ts). Everything is of `tenantId`
 * only. No statement at all when nobody is named.
 */
export async function loadAuthorizeContext(
  tenantId: string,
  refs: { ids: readonly string[]; emails: readonly string[]; ownerIds: readonly string[]; teamIds: readonly string[] },
): Promise<{ members: AccessInput[]; records: RecordContext }> {
  const { ids, emails, ownerIds, teamIds } = refs
  const withRecords = ownerIds.length > 0 || teamIds.length > 0
  if (ids.length === 0 && emails.length === 0) return { members: [], records: NO_RECORDS }
  const [row] = await db().$queryRaw<(MemberInputsColumn & Partial<RecordContextColumns>)[]>`
    SELECT ${memberInputsColumn(tenantId, ids, emails)}${withRecords ? Prisma.sql`, ${recordContextColumns(tenantId, ownerIds, teamIds)}` : Prisma.empty}`
  return {
    members: memberInputsOf(row),
    records: withRecords ? recordContextOf({ owners: row.owners ?? null, teams: row.teams ?? null }) : NO_RECORDS,
  }
}
