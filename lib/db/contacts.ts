import type { Access } from '@/lib/authz/access'
import { matchingScope, scopeWhere, type Viewer } from '@/lib/authz/scopes'
import type { ScopedActionKey } from '@/lib/authz/catalog'
import type { ContactQuery } from '@/lib/validation/contacts'
import { db } from './client'
import type { Prisma } from './generated/client'
import { likeText } from './like'
import { pageWithin } from './paging'

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

function filtered(access: Access, scope: Prisma.ContactWhereInput, q: Partial<ContactQuery>): Prisma.ContactWhereInput {
  const and: Prisma.ContactWhereInput[] = [scope]
  if (q.q) and.push({ OR: [{ name: { contains: likeText(q.q), mode: 'insensitive' } }, { email: { contains: likeText(q.q), mode: 'insensitive' } }] })
  if (q.owner) and.push({ ownerId: q.owner === 'none' ? null : q.owner === 'me' ? access.membershipId : q.owner })
  if (q.team) and.push({ teamId: q.team === 'none' ? null : q.team })
  return { AND: and }
}

function order(q: Pick<ContactQuery, 'sort' | 'dir'>): Prisma.ContactOrderByWithRelationInput[] {
  const by: Record<ContactQuery['sort'], Prisma.ContactOrderByWithRelationInput> = {
    name: { name: q.dir },
    email: { email: { sort: q.dir, nulls: 'last' } },
    owner: { owner: { user: { name: q.dir } } },
    team: { team: { name: q.dir } },
    created: { createdAt: q.dir },
  }
  return [by[q.sort], { id: 'asc' }]
}

/** One page of the contacts the member may see (contacts.view's scopes), searched and filtered. */
export async function listContacts(access: Access, q: Partial<ContactQuery> & Pick<ContactQuery, 'sort' | 'dir' | 'page' | 'size'>) {
  const scope = contactScopeWhere(access, 'contacts.view')
  if (!scope) return { rows: [], total: 0, page: 1 }
  const where = filtered(access, scope, q)
  const total = await db().contact.count({ where })
  const page = pageWithin(q.page, total, q.size)
  const rows = await db().contact.findMany({ where, orderBy: order(q), skip: (page - 1) * q.size, take: q.size, select })
  return { rows: rows.map(toRow), total, page }
}

export const CONTACT_EXPORT_LIMIT = 50_000

/** Every visible contact matching the filters, for the CSV export. */
export async function exportContacts(access: Access, q: ContactQuery): Promise<ContactRow[]> {
  const scope = contactScopeWhere(access, 'contacts.view')
  if (!scope) return []
  const rows = await db().contact.findMany({ where: filtered(access, scope, q), orderBy: order(q), take: CONTACT_EXPORT_LIMIT, select })
  return rows.map(toRow)
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
