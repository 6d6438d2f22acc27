import type { NamedRecord } from '@/lib/authz/explain-reason'
import { db } from './client'

/** A contact as the record scopes see it (owner, team, the owner's teams), with names to explain them. */
export type ContactRecord = NamedRecord

/**
 * The assignment of one contact of this workspace, for "View as": who owns it, its team and the
 * owner's teams. Null when it does not exist in this tenant. It applies no scope: the caller has
 * already checked that the actor may see the contact (getContact).
 */
export async function getContactRecord(tenantId: string, contactId: string): Promise<ContactRecord | null> {
  const c = await db().contact.findFirst({
    where: { id: contactId, tenantId },
    select: {
      ownerId: true,
      teamId: true,
      owner: { select: { user: { select: { name: true, email: true } }, teams: { select: { teamId: true } } } },
      team: { select: { name: true } },
    },
  })
  if (!c) return null
  return {
    ownerId: c.ownerId,
    teamId: c.teamId,
    ownerTeamIds: c.owner?.teams.map((t) => t.teamId) ?? [],
    ownerLabel: c.owner ? c.owner.user.name || c.owner.user.email : null,
    teamName: c.team?.name ?? null,
  }
}
