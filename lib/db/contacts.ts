import type { Access } from '@/lib/authz/access'
import { contactScopeWhere } from '@/lib/authz/scopes'
import { db } from './client'

export type ContactRow = { id: string; name: string; email: string | null; owner: string | null; team: string | null }

/**
 * The contacts a member may see: the record scope of contacts.view is part of the query, so
 * lists, counts and search only ever contain what the scope allows.
 */
export async function listContacts(access: Access, opts: { q?: string; take?: number } = {}): Promise<{ rows: ContactRow[]; total: number }> {
  const scope = contactScopeWhere(access, 'contacts.view')
  if (!scope) return { rows: [], total: 0 }
  const q = opts.q?.trim()
  const where = q ? { AND: [scope, { OR: [{ name: { contains: q, mode: 'insensitive' as const } }, { email: { contains: q, mode: 'insensitive' as const } }] }] } : scope
  const [rows, total] = await Promise.all([
    db().contact.findMany({
      where,
      orderBy: { name: 'asc' },
      take: opts.take ?? 50,
      select: { id: true, name: true, email: true, owner: { select: { user: { select: { name: true, email: true } } } }, team: { select: { name: true } } },
    }),
    db().contact.count({ where }),
  ])
  return { rows: rows.map((r) => ({ id: r.id, name: r.name, email: r.email, owner: r.owner ? r.owner.user.name || r.owner.user.email : null, team: r.team?.name ?? null })), total }
}
