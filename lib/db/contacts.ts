import type { Access } from '@/lib/authz/access'
import { matchingScope, scopeWhere, type AssignableWhere, type Viewer } from '@/lib/authz/scopes'
import type { ScopedActionKey } from '@/lib/authz/catalog'
import type { ContactQuery } from '@/lib/validation/contacts'
import { db } from './client'
import { Prisma } from './generated/client'
import { likeText } from './like'
import { keysetOrder, pageRows, readPage, type KeysetSort, type PageCursors, type Slice } from './paging'
import { iso, parsed, type Json } from './sql-json'
import { byLabel, listOwnerOptions, listPickers, ownerOptionsSql, teamOptionsSql, type OwnerOption } from './pickers'

// Contacts: the worked example of record scopes. Every read and write carries the scope of its
// permission in the query itself, so a contact outside it is simply not there: not in lists,
// counts, search or export, and a direct id is "not found" (never "forbidden", which would
// confirm that it exists).

/** A scope as a Contact where clause, tenant included (null: no contact at all). */
export function contactScopeWhere(access: Viewer & { tenantId: string }, action: ScopedActionKey): Prisma.ContactWhereInput | null {
  const w = scopeWhere(access, action)
  return w === null ? null : { tenantId: access.tenantId, ...(w as Prisma.ContactWhereInput) }
}

export type ContactRow = {
  id: string
  name: string
  email: string | null
  owner: { id: string; label: string } | null
  team: { id: string; name: string } | null
  createdAt: string
}

const select = {
  id: true,
  name: true,
  email: true,
  createdAt: true,
  ownerId: true,
  teamId: true,
  owner: { select: { id: true, user: { select: { name: true, email: true } }, teams: { select: { teamId: true } } } },
  team: { select: { id: true, name: true } },
} satisfies Prisma.ContactSelect
type Data = Prisma.ContactGetPayload<{ select: typeof select }>

const toRow = (c: Data): ContactRow => ({
  id: c.id,
  name: c.name,
  email: c.email,
  owner: c.owner ? { id: c.owner.id, label: c.owner.user.name || c.owner.user.email } : null,
  team: c.team,
  createdAt: c.createdAt.toISOString(),
})

/**
 * A scope's `where` (lib/authz/scopes.ts builds it from SCOPE_RULES) as SQL over Contact `c`.
 * "Owned by a teammate" is written for its use: to count, `= ANY(ARRAY(…))` lets PostgreSQL read
 * the teammates' contacts through the owner index; to find a page while walking a sort's index,
 * `IN (…)` is a hashed lookup per contact (an array would be searched element by element).
 */
export function scopeSql(w: AssignableWhere, use: 'count' | 'page' = 'page'): Prisma.Sql {
  const parts: Prisma.Sql[] = []
  const column = (name: 'ownerId' | 'teamId', v: AssignableWhere['ownerId']) => {
    const col = Prisma.raw(`c."${name}"`)
    if (v === null) return Prisma.sql`${col} IS NULL`
    if (typeof v === 'string') return Prisma.sql`${col} = ${v}`
    if (v && 'not' in v) return Prisma.sql`${col} IS NOT NULL`
    return Prisma.sql`${col} IN (${Prisma.join(v!.in)})`
  }
  if (w.ownerId !== undefined) parts.push(column('ownerId', w.ownerId))
  if (w.teamId !== undefined) parts.push(column('teamId', w.teamId))
  if (w.owner)
    parts.push(
      use === 'count'
        ? Prisma.sql`c."ownerId" = ANY (ARRAY(SELECT tm."membershipId" FROM "TeamMember" tm WHERE tm."teamId" IN (${Prisma.join(w.owner.teams.some.teamId.in)})))`
        : Prisma.sql`c."ownerId" IN (SELECT tm."membershipId" FROM "TeamMember" tm WHERE tm."teamId" IN (${Prisma.join(w.owner.teams.some.teamId.in)}))`,
    )
  if (w.OR)
    parts.push(
      Prisma.sql`(${Prisma.join(
        w.OR.map((o) => scopeSql(o, use)),
        ' OR ',
      )})`,
    )
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`
}

type ListQuery = Partial<ContactQuery> & Pick<ContactQuery, 'sort' | 'dir' | 'page' | 'size'>

/** The contacts `access` may see (contacts.view's scopes) with the list's filters, as SQL; null: none. */
function visible(access: Access, q: Partial<ContactQuery>, use: 'count' | 'page' = 'page'): Prisma.Sql | null {
  const scope = scopeWhere(access, 'contacts.view')
  if (scope === null) return null
  const parts = [Prisma.sql`c."tenantId" = ${access.tenantId}`, scopeSql(scope, use)]
  if (q.q) {
    const pattern = `%${likeText(q.q)}%`
    parts.push(Prisma.sql`(c.name ILIKE ${pattern} OR c.email ILIKE ${pattern})`)
  }
  if (q.owner) parts.push(q.owner === 'none' ? Prisma.sql`c."ownerId" IS NULL` : Prisma.sql`c."ownerId" = ${q.owner === 'me' ? access.membershipId : q.owner}`)
  if (q.team) parts.push(q.team === 'none' ? Prisma.sql`c."teamId" IS NULL` : Prisma.sql`c."teamId" = ${q.team}`)
  return Prisma.join(parts, ' AND ')
}

/**
 * The list's sorts: the contact's columns, the owner's and team's names copied onto the contact
 * (triggers keep them), each with a (tenantId, column, id) index. An empty email sorts last
 * either way; a contact without an owner or team sorts as PostgreSQL puts NULLs.
 */
const SORTS: Record<ContactQuery['sort'], Omit<KeysetSort, 'desc'> & { value(r: ContactRow & { ownerName: string | null }): string | null }> = {
  name: { column: 'name', type: 'text', nullable: false, value: (r) => r.name },
  email: { column: 'email', type: 'text', nullable: true, nullsLast: true, value: (r) => r.email },
  owner: { column: '"ownerName"', type: 'text', nullable: true, value: (r) => r.ownerName },
  team: { column: '"teamName"', type: 'text', nullable: true, value: (r) => r.team?.name ?? null },
  created: { column: '"createdAt"', type: 'timestamp(3)', nullable: false, value: (r) => r.createdAt },
}
const sortOf = (q: Pick<ContactQuery, 'sort' | 'dir'>) => ({ ...SORTS[q.sort], desc: q.dir === 'desc' })

const source = (where: Prisma.Sql) =>
  Prisma.sql`SELECT c.id, c.name, c.email, c."ownerId", c."teamId", c."ownerName", c."teamName", c."createdAt" FROM "Contact" c WHERE ${where}`

/** A page row `p` as a ContactRow (plus the owner's name, for its cursor), built by PostgreSQL. */
const contactJson = Prisma.raw(`json_build_object(
  'id', p.id, 'name', p.name, 'email', p.email, 'ownerName', p."ownerName",
  'owner', CASE WHEN p."ownerId" IS NULL THEN NULL ELSE
    (SELECT json_build_object('id', o.id, 'label', COALESCE(NULLIF(o.name, ''), o.email)) FROM "Membership" o WHERE o.id = p."ownerId") END,
  'team', CASE WHEN p."teamId" IS NULL THEN NULL ELSE json_build_object('id', p."teamId", 'name', p."teamName") END,
  'createdAt', ${iso('p."createdAt"')})`)

type Listed = ContactRow & { ownerName: string | null }
const strip = ({ ownerName: _, ...row }: Listed): ContactRow => row

type Pickers = { owners: OwnerOption[]; teams: { id: string; name: string }[] }

/** One statement: the page for a slice, its total, and (withPickers) the owner and team pickers. */
async function pageQuery(access: Access, q: ListQuery, slice: Slice, withPickers: boolean) {
  const where = visible(access, q)!
  const sort = sortOf(q)
  // A search finds its contacts through the trigram indexes once (materialized), then counts and
  // pages them: otherwise PostgreSQL may walk a sort's index over every contact of the workspace
  // looking for the few that match.
  const searched = q.q ? Prisma.sql`s AS MATERIALIZED (${source(where)}), ` : Prisma.empty
  const from = q.q ? Prisma.sql`SELECT * FROM s` : source(where)
  const count = q.q
    ? Prisma.sql`SELECT count(*)::int AS total FROM s`
    : Prisma.sql`SELECT count(*)::int AS total FROM "Contact" c WHERE ${visible(access, q, 'count')!}`
  const pickers = withPickers ? Prisma.sql`, ${ownerOptionsSql(access.tenantId)} AS owners, ${teamOptionsSql(access.tenantId)} AS teams` : Prisma.empty
  const [row] = await db().$queryRaw<{ total: number; rows: Json<Listed[]>; owners?: Json<Pickers['owners']>; teams?: Json<Pickers['teams']> }[]>`
    WITH ${searched}f AS (${count}), p AS (${pageRows(from, sort, slice, q.size)})
    SELECT f.total, COALESCE((SELECT json_agg(${contactJson} ORDER BY ${keysetOrder(sort, 'p')}) FROM p), '[]'::json) AS rows ${pickers} FROM f`
  const options: Pickers | undefined = withPickers ? { owners: byLabel(parsed(row.owners!)), teams: parsed(row.teams!) } : undefined
  return { total: row.total, rows: parsed(row.rows), options }
}

/**
 * One page of the contacts the member may see (contacts.view's scopes), searched and filtered, in
 * one statement with its total; paged by keyset from the URL's cursor like the members list.
 */
export async function listContacts(access: Access, q: ListQuery) {
  const { options: _, ...list } = await contactsPage(access, q, false)
  return list
}

/** The contacts page's data in one statement: the page (as listContacts) and the owner and team pickers. */
export async function loadContactsPage(access: Access, q: ListQuery) {
  const { options, ...list } = await contactsPage(access, q, true)
  return { list, owners: options?.owners ?? (await listOwnerOptions(access.tenantId)), teams: options?.teams ?? (await listPickers(access.tenantId)).teams }
}

async function contactsPage(access: Access, q: ListQuery, withPickers: boolean) {
  if (!visible(access, q)) return { rows: [], total: 0, page: 1, cursors: { prev: null, next: null } as PageCursors, options: undefined }
  const { result, page, cursors } = await readPage(q, sortOf(q), (slice) => pageQuery(access, q, slice, withPickers))
  return { rows: result.rows.map(strip), total: result.total, page, cursors, options: result.options }
}

export const CONTACT_EXPORT_LIMIT = 50_000

/** Every visible contact matching the filters, for the CSV export, in the list's order. */
export async function exportContacts(access: Access, q: ContactQuery): Promise<ContactRow[]> {
  const where = visible(access, q)
  if (!where) return []
  const sort = sortOf(q)
  const rows = await db().$queryRaw<{ c: Json<Listed> }[]>`
    SELECT ${contactJson} AS c
    FROM (SELECT * FROM (${source(where)}) x ORDER BY ${keysetOrder(sort, 'x')} LIMIT ${CONTACT_EXPORT_LIMIT}) p
    ORDER BY ${keysetOrder(sort, 'p')}`
  return rows.map((r) => strip(parsed(r.c)))
}

/**
 * One contact the member may see, with which of edit / assign / delete its scopes allow on it.
 * Null when it is outside contacts.view (or in another workspace): the page answers 404.
 */
export async function getContact(access: Access, contactId: string) {
  const scope = contactScopeWhere(access, 'contacts.view')
  if (!scope) return null
  const c = await db().contact.findFirst({ where: { AND: [scope, { id: contactId }] }, select })
  if (!c) return null
  const record = { ownerId: c.ownerId, teamId: c.teamId, ownerTeamIds: c.owner?.teams.map((t) => t.teamId) ?? [] }
  const may = (action: ScopedActionKey) => access.can(action) && matchingScope(access, action, record) !== null
  return { ...toRow(c), can: { edit: may('contacts.edit'), assign: may('contacts.assign'), delete: may('contacts.delete') } }
}

export type ContactWrite<T = ContactRow> =
  { ok: true; before: ContactRow; after: T } | { ok: false; reason: 'not_found' | 'forbidden' | 'bad_owner' | 'bad_team' }

/**
 * Runs a write on one contact only if it is inside `action`'s scopes: the scope is part of the
 * write's own `where`, so a contact that moved out of scope meanwhile is not touched. A contact
 * the member cannot see is not found; one they see but may not change is forbidden.
 */
type Written<T> = { count: number; after: T } | { refuse: 'bad_owner' | 'bad_team' }

async function scopedWrite<T>(
  access: Access,
  contactId: string,
  action: ScopedActionKey,
  write: (tx: Prisma.TransactionClient, where: Prisma.ContactWhereInput) => Promise<Written<T>>,
): Promise<ContactWrite<T>> {
  const tx = db()
  {
    const view = contactScopeWhere(access, 'contacts.view')
    const before = view && (await tx.contact.findFirst({ where: { AND: [view, { id: contactId }] }, select }))
    if (!before) return { ok: false, reason: 'not_found' } as const
    const scope = contactScopeWhere(access, action)
    if (!scope) return { ok: false, reason: 'forbidden' } as const
    const r = await write(tx, { AND: [scope, { id: contactId }] })
    if ('refuse' in r) return { ok: false, reason: r.refuse } as const
    if (r.count !== 1) return { ok: false, reason: 'forbidden' } as const
    return { ok: true, before: toRow(before), after: r.after }
  }
}

async function checkAssignees(tx: Prisma.TransactionClient, tenantId: string, ownerId: string | null, teamId: string | null) {
  if (ownerId && !(await tx.membership.count({ where: { id: ownerId, tenantId } }))) return 'bad_owner' as const
  if (teamId && !(await tx.team.count({ where: { id: teamId, tenantId } }))) return 'bad_team' as const
  return null
}

export async function updateContact(access: Access, contactId: string, data: { name: string; email: string }) {
  return scopedWrite<ContactRow>(access, contactId, 'contacts.edit', async (tx, where) => {
    const r = await tx.contact.updateMany({ where, data: { name: data.name, email: data.email || null } })
    return { count: r.count, after: toRow(await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select })) }
  })
}

/** Sets owner and team. The contact must be inside the assign scope before; where it goes is free within the workspace. */
export async function assignContact(access: Access, contactId: string, ownerId: string | null, teamId: string | null): Promise<ContactWrite> {
  return scopedWrite<ContactRow>(access, contactId, 'contacts.assign', async (tx, where) => {
    const bad = await checkAssignees(tx, access.tenantId, ownerId, teamId)
    if (bad) return { refuse: bad }
    const r = await tx.contact.updateMany({ where, data: { ownerId, teamId } })
    return { count: r.count, after: toRow(await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select })) }
  })
}

export async function deleteContact(access: Access, contactId: string) {
  return scopedWrite<null>(access, contactId, 'contacts.delete', async (tx, where) => ({ count: (await tx.contact.deleteMany({ where })).count, after: null }))
}

export type CreateContact = { ok: true; contact: ContactRow } | { ok: false; reason: 'bad_owner' | 'bad_team' }

/** A new contact; owned by its creator unless an owner or team is given (the caller checks "Assign contacts"). */
export async function createContact(
  access: Access,
  data: { name: string; email: string; ownerId: string | null; teamId: string | null },
): Promise<CreateContact> {
  const tx = db()
  {
    const bad = await checkAssignees(tx, access.tenantId, data.ownerId, data.teamId)
    if (bad) return { ok: false, reason: bad }
    const c = await tx.contact.create({
      data: {
        tenantId: access.tenantId,
        name: data.name,
        email: data.email || null,
        ownerId: data.ownerId,
        teamId: data.teamId,
        createdById: access.membershipId,
      },
      select,
    })
    return { ok: true, contact: toRow(c) }
  }
}
