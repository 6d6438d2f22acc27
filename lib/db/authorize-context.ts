import { Prisma } from './generated/client'
import type { AccessInput } from '@/lib/authz/access'
import { memberInputsOf, memberInputsRead, type MemberInputsColumns } from './access-input'
import type { KeyRead } from './api-keys'
import { recordContextColumns, recordContextOf, type RecordContext, type RecordContextColumns } from './record-context'

const NO_RECORDS: RecordContext = { ownerTeams: new Map(), ownerLabels: new Map(), teamNames: new Map() }

export type AuthorizeRefs = { ids: readonly string[]; emails: readonly string[]; ownerIds: readonly string[]; teamIds: readonly string[] }
export type AuthorizeContext = { members: AccessInput[]; records: RecordContext }
type Row = MemberInputsColumns & Partial<RecordContextColumns>

/**
 * What an authorize call decides with, read in the API key's own statement (lib/db/api-keys.ts
 * loadApiKey: the request's one round trip, whatever the batch): the access inputs of the members
 * it names (by membership id or email) and, when its checks carry records, what those records'
 * owners and teams are (lib/db/record-context.ts). `tenant` is the key's workspace as SQL:
 * nothing of another workspace is read. Null when nobody is named (nothing to read).
 */
export function authorizeContextRead(refs: AuthorizeRefs): KeyRead | null {
  const { ids, emails, ownerIds, teamIds } = refs
  if (ids.length === 0 && emails.length === 0) return null
  const withRecords = ownerIds.length > 0 || teamIds.length > 0
  return (tenant) => {
    const members = memberInputsRead(tenant, ids, emails)
    return {
      with: members.with,
      columns: withRecords ? Prisma.sql`${members.columns}, ${recordContextColumns(tenant, ownerIds, teamIds)}` : members.columns,
    }
  }
}

/** The row authorizeContextRead read (none: nobody named) as the call's members and records. */
export function authorizeContextOf(tenantId: string, read: Record<string, unknown> | null): AuthorizeContext {
  const row = read as Row | null
  if (!row) return { members: [], records: NO_RECORDS }
  return {
    members: memberInputsOf(tenantId, row),
    records: row.owners !== undefined ? recordContextOf({ owners: row.owners ?? null, teams: row.teams ?? null }) : NO_RECORDS,
  }
}
