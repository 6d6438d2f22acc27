import { hasCrmAccess, type BaseRole, type MembershipStatus } from '@/lib/authz/access'
import { isPermissionKey, type PermissionKey } from '@/lib/authz/catalog'
import type { MemberState } from '@/lib/authz/rules'
import { db, type Tx } from './client'

// Memberships: one workspace's members, their roles, templates, teams and grants. Every function
// reads and writes through db(), so inside a change it runs in the change's transaction.

/** The app's client or a transaction's (kept for callers that name one). */
export type Client = Tx

/** What the rules need to know about the members a change targets (lib/authz/rules.ts). */
export type MemberTargetRow = MemberState & { templateKeys: PermissionKey[]; directKeys: PermissionKey[]; teamIds: string[]; version: number }

/** The targets of a change, read inside its transaction; ids of other workspaces are simply absent. */
export async function loadTargets(tenantId: string, memberIds: readonly string[]): Promise<MemberTargetRow[]> {
  const rows = await db().membership.findMany({
    where: { tenantId, id: { in: [...memberIds] } },
    select: {
      id: true,
      tenantId: true,
      userId: true,
      version: true,
      baseRole: true,
      status: true,
      crmAccess: true,
      roleTemplateId: true,
      user: { select: { email: true } },
      roleTemplate: { select: { name: true, permissions: { select: { key: true } } } },
      permissions: { select: { key: true } },
      teams: { select: { teamId: true } },
    },
  })
  return rows.map((m) => ({
    membershipId: m.id,
    tenantId: m.tenantId,
    userId: m.userId,
    version: m.version,
    email: m.user.email,
    baseRole: m.baseRole,
    status: m.status,
    crmAccess: m.crmAccess,
    roleTemplateId: m.roleTemplateId,
    roleTemplateName: m.roleTemplate?.name ?? null,
    templateKeys: (m.roleTemplate?.permissions ?? []).map((p) => p.key).filter(isPermissionKey),
    directKeys: m.permissions.map((p) => p.key).filter(isPermissionKey),
    teamIds: m.teams.map((t) => t.teamId),
  }))
}

export { countActiveOwners } from './access-changes'

export async function setMembersStatus(tenantId: string, memberIds: string[], status: 'ACTIVE' | 'SUSPENDED') {
  await db().membership.updateMany({ where: { tenantId, id: { in: memberIds } }, data: { status, version: { increment: 1 } } })
}

export async function setMembersTemplate(tenantId: string, memberIds: string[], roleTemplateId: string | null) {
  await db().membership.updateMany({ where: { tenantId, id: { in: memberIds } }, data: { roleTemplateId, version: { increment: 1 } } })
}

/** Moves every member of one template to another (or to none). */
export async function replaceTemplate(tenantId: string, fromId: string, toId: string | null) {
  await db().membership.updateMany({ where: { tenantId, roleTemplateId: fromId }, data: { roleTemplateId: toId, version: { increment: 1 } } })
}

/** The memberships of these addresses in a workspace, by email. */
export async function statusesByEmail(tenantId: string, emails: string[]): Promise<Map<string, MembershipStatus>> {
  const rows = await db().membership.findMany({
    where: { tenantId, user: { email: { in: emails } } },
    select: { status: true, user: { select: { email: true } } },
  })
  return new Map(rows.map((m) => [m.user.email, m.status]))
}

export type Reassign = { to: 'unassigned' } | { to: 'member'; memberId: string } | { to: 'team'; teamId: string }

/**
 * Deletes memberships for good. Their contacts go where the admin chose first; what they
 * created stays, and the audit log keeps their email. A user left with no workspace and no
 * password (someone only ever invited) is removed too.
 */
export async function deleteMembers(tenantId: string, targets: MemberTargetRow[], reassign: Reassign) {
  const ids = targets.map((t) => t.membershipId)
  const data =
    reassign.to === 'member' ? { ownerId: reassign.memberId } : reassign.to === 'team' ? { ownerId: null, teamId: reassign.teamId } : { ownerId: null }
  const moved = await db().contact.updateMany({ where: { tenantId, ownerId: { in: ids } }, data })
  await db().membership.deleteMany({ where: { tenantId, id: { in: ids } } })
  await db().user.deleteMany({ where: { id: { in: targets.map((t) => t.userId) }, passwordHash: null, memberships: { none: {} } } })
  return { contactsMoved: moved.count }
}

export type MemberUpdate = {
  email?: string
  baseRole: BaseRole
  roleTemplateId: string | null
  crmAccess: boolean
  teamIds: string[]
  permissions: PermissionKey[]
}

/** Writes a member's role, template, CRM flag, teams and direct grants (checked by the caller). */
export async function updateMembership(tenantId: string, target: MemberTargetRow, u: MemberUpdate) {
  if (u.email && u.email !== target.email) await db().user.update({ where: { id: target.userId }, data: { email: u.email } })
  await db().membership.update({
    where: { id: target.membershipId, tenantId },
    data: { baseRole: u.baseRole, roleTemplateId: u.roleTemplateId, crmAccess: hasCrmAccess(u.baseRole, u.crmAccess), version: { increment: 1 } },
  })
  await db().membershipPermission.deleteMany({ where: { membershipId: target.membershipId } })
  await db().membershipPermission.createMany({ data: u.permissions.map((key) => ({ membershipId: target.membershipId, key })) })
  await db().teamMember.deleteMany({ where: { membershipId: target.membershipId } })
  await db().teamMember.createMany({ data: u.teamIds.map((teamId) => ({ teamId, membershipId: target.membershipId })) })
}

/** Whether an invited person's address may be corrected: no account yet, the new address unused, invited nowhere else. */
export async function addressChangeProblem(target: MemberTargetRow, email: string): Promise<'has_account' | 'taken' | 'elsewhere' | null> {
  const user = await db().user.findUniqueOrThrow({ where: { id: target.userId }, select: { passwordHash: true } })
  if (user.passwordHash) return 'has_account'
  if (await db().user.count({ where: { email } })) return 'taken'
  if (await db().membership.count({ where: { userId: target.userId, id: { not: target.membershipId } } })) return 'elsewhere'
  return null
}

/** How a member reads in the audit log: address, role, template and team names. */
export async function memberSnapshot(t: MemberTargetRow) {
  const template = t.roleTemplateId ? await db().roleTemplate.findUnique({ where: { id: t.roleTemplateId }, select: { name: true } }) : null
  const teams = await db().team.findMany({ where: { id: { in: [...t.teamIds] } }, select: { name: true }, orderBy: { name: 'asc' } })
  return {
    email: t.email,
    baseRole: t.baseRole,
    roleTemplate: template?.name ?? null,
    crmAccess: hasCrmAccess(t.baseRole, t.crmAccess),
    teams: teams.map((x) => x.name),
  }
}
export type MemberSnapshot = Awaited<ReturnType<typeof memberSnapshot>>

/** Templates and teams of this workspace among `ids` (to refuse ids from elsewhere). */
export async function findTemplates(tenantId: string, ids: string[]) {
  const rows = await db().roleTemplate.findMany({
    where: { tenantId, id: { in: ids } },
    select: { id: true, name: true, permissions: { select: { key: true } } },
  })
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, keys: r.permissions.map((p) => p.key).filter(isPermissionKey) }]))
}
export async function findTeams(tenantId: string, ids: string[]) {
  const rows = await db().team.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, name: true } })
  return new Map(rows.map((r) => [r.id, r]))
}
