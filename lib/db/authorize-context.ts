import { Prisma } from './generated/client'
import type { AccessInput } from '@/lib/authz/access'
import { db } from './client'
import { copyAt, copyOf, trimCopies, type OwnerNames, type WorkspaceCopy } from './access-cache'
import { memberInputsOf, memberInputsRead, type MemberInputsColumns } from './access-input'
import type { KeyRead } from './api-keys'
import { recordContextColumns, recordContextOf, type RecordContext, type RecordContextColumns } from './record-context'

export type AuthorizeRefs = { ids: readonly string[]; emails: readonly string[]; ownerIds: readonly string[]; teamIds: readonly string[] }
/** The members a call names, by the ref it names them with (membership id, lower-cased email); absent: nobody of the workspace. */
export type AuthorizeContext = { members: ReadonlyMap<string, AccessInput>; records: RecordContext }

type Row = Partial<MemberInputsColumns> & Partial<RecordContextColumns> & { accessVersion: string | null }
/** What a statement was asked (handed to authorizeContext with its row). */
type Asked = { refs: AuthorizeRefs; hint: string | null; version: string | null }

const isEmpty = (r: AuthorizeRefs) => r.ids.length + r.emails.length + r.ownerIds.length + r.teamIds.length === 0

/**
 * What an authorize call decides with: the access inputs of the members it names (by membership
 * id or email) and, when its checks carry records, what those records' owners and teams are
 * (lib/db/record-context.ts). Read in the API key's own statement (lib/db/api-keys.ts loadApiKey:
 * one round trip for the request), with the workspace's access version; what the process's copy
 * of the workspace (lib/db/access-cache.ts) already holds is not asked again. authorizeContext
 * then uses the copy only if the version read is the copy's. `tenant` is the key's workspace as
 * SQL: nothing of another workspace is read. Null when nobody is named (nothing to read).
 */
export function authorizeContextRead(refs: AuthorizeRefs): KeyRead | null {
  if (refs.ids.length === 0 && refs.emails.length === 0) return null
  return (tenant, hint) => {
    const copy = hint ? copyOf(hint) : null
    const ask = copy ? missingFrom(copy, refs) : refs
    return { ...readOf(tenant, ask), carry: { asked: { refs: ask, hint, version: copy?.version ?? null } satisfies Asked } }
  }
}

/** The statement's parts for `ask`: the version always, members and records when asked. */
function readOf(tenant: Prisma.Sql, ask: AuthorizeRefs): { with?: Prisma.Sql; columns: Prisma.Sql } {
  const version = Prisma.sql`(SELECT version::text FROM "AccessVersion" WHERE "tenantId" = ${tenant}) AS "accessVersion"`
  const columns = [version]
  let with_: Prisma.Sql | undefined
  if (ask.ids.length > 0 || ask.emails.length > 0) {
    const members = memberInputsRead(tenant, ask.ids, ask.emails)
    with_ = members.with
    columns.push(members.columns)
  }
  if (ask.ownerIds.length > 0 || ask.teamIds.length > 0) columns.push(recordContextColumns(tenant, ask.ownerIds, ask.teamIds))
  return { with: with_, columns: Prisma.join(columns, ', ') }
}

/**
 * The call's members and records, from the row authorizeContextRead read (none: nobody named)
 * and the workspace's copy when it is at the version that row read. What neither holds (the copy
 * was at another version, or was dropped meanwhile) is read in a statement of its own, with the
 * version again. What was read is kept in the copy at the version it was read at.
 */
export async function authorizeContext(tenantId: string, refs: AuthorizeRefs, read: Record<string, unknown> | null): Promise<AuthorizeContext> {
  const found: Found = { members: new Map(), owners: new Map(), teams: new Map() }
  if (!read) return contextOf(refs, found)
  const row = read as Row & { asked: Asked }
  const version = row.accessVersion ?? '0'
  keep(tenantId, version, row, row.asked.refs, found)
  // Entries of the copy count only at the version this call's statement read.
  const copy = copyOf(tenantId)
  if (copy?.version === version) take(copy, refs, found)
  const rest = missingFrom(found, refs)
  if (!isEmpty(rest)) {
    const again = await loadRows(tenantId, rest)
    keep(tenantId, again.accessVersion ?? '0', again, rest, found)
  }
  return contextOf(refs, found)
}

type Found = { members: Map<string, AccessInput | null>; owners: Map<string, OwnerNames | null>; teams: Map<string, string | null> }

/** The same read in a statement of its own (the workspace's id a value). */
async function loadRows(tenantId: string, ask: AuthorizeRefs): Promise<Row> {
  const { with: with_, columns } = readOf(Prisma.sql`${tenantId}`, ask)
  const [row] = await db().$queryRaw<Row[]>`${with_ ? Prisma.sql`WITH ${with_} ` : Prisma.empty}SELECT ${columns}`
  return row
}

/** What a row read for `ask`, into `found` and into the workspace's copy at `version`. */
function keep(tenantId: string, version: string, row: Row, ask: AuthorizeRefs, found: Found): void {
  if (isEmpty(ask)) return
  const copy = copyAt(tenantId, version)
  const put = <V>(k: keyof Found, key: string, value: V) => {
    ;(found[k] as Map<string, V>).set(key, value)
    ;(copy[k] as Map<string, V>).set(key, value)
  }
  if (ask.ids.length > 0 || ask.emails.length > 0) {
    for (const ref of [...ask.ids, ...ask.emails]) put('members', ref, null)
    const members =
      row.members !== undefined ? memberInputsOf(tenantId, { members: row.members, templates: row.templates ?? null, workspace: row.workspace ?? null }) : []
    for (const m of members) {
      put('members', m.membershipId, m)
      put('members', m.email.toLowerCase(), m)
    }
  }
  if (ask.ownerIds.length > 0 || ask.teamIds.length > 0) {
    const records = recordContextOf({ owners: row.owners ?? null, teams: row.teams ?? null })
    for (const id of ask.ownerIds) put('owners', id, null)
    for (const id of ask.teamIds) put('teams', id, null)
    for (const [id, teams] of records.ownerTeams) put('owners', id, { label: records.ownerLabels.get(id) ?? id, teams })
    for (const [id, name] of records.teamNames) put('teams', id, name)
  }
  trimCopies(copy)
}

/** Whatever the copy holds for the refs and `found` does not yet. */
function take(copy: WorkspaceCopy, refs: AuthorizeRefs, found: Found): void {
  for (const ref of [...refs.ids, ...refs.emails]) if (!found.members.has(ref) && copy.members.has(ref)) found.members.set(ref, copy.members.get(ref)!)
  for (const id of refs.ownerIds) {
    if (!found.owners.has(id) && copy.owners.has(id)) found.owners.set(id, copy.owners.get(id)!)
    for (const t of found.owners.get(id)?.teams ?? []) if (!found.teams.has(t) && copy.teams.has(t)) found.teams.set(t, copy.teams.get(t)!)
  }
  for (const id of refs.teamIds) if (!found.teams.has(id) && copy.teams.has(id)) found.teams.set(id, copy.teams.get(id)!)
}

/** The refs `found` (or a copy) holds nothing about, an owner's teams' names counting with the owner: what is left to read. */
function missingFrom(found: Found, refs: AuthorizeRefs): AuthorizeRefs {
  const teamIds = new Set(refs.teamIds.filter((id) => !found.teams.has(id)))
  for (const id of refs.ownerIds) for (const t of found.owners.get(id)?.teams ?? []) if (!found.teams.has(t)) teamIds.add(t)
  return {
    ids: refs.ids.filter((id) => !found.members.has(id)),
    emails: refs.emails.filter((e) => !found.members.has(e)),
    ownerIds: refs.ownerIds.filter((id) => !found.owners.has(id)),
    teamIds: [...teamIds],
  }
}

function contextOf(refs: AuthorizeRefs, found: Found): AuthorizeContext {
  const members = new Map<string, AccessInput>()
  for (const ref of [...refs.ids, ...refs.emails]) {
    const m = found.members.get(ref)
    if (m) members.set(ref, m)
  }
  const ownerTeams = new Map<string, readonly string[]>()
  const ownerLabels = new Map<string, string>()
  const teamNames = new Map<string, string>()
  for (const [id, owner] of found.owners) {
    if (!owner) continue
    ownerTeams.set(id, owner.teams)
    ownerLabels.set(id, owner.label)
  }
  for (const [id, name] of found.teams) if (name !== null) teamNames.set(id, name)
  return { members, records: { ownerTeams, ownerLabels, teamNames } }
}
