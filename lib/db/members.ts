import type { BaseRole, MembershipStatus } from '@/lib/authz/access'
import { isPermissionKey, type PermissionKey } from '@/lib/authz/catalog'
import { db } from './client'
import type { Prisma } from './generated/client'

export type Tx = Prisma.TransactionClient
/** The app's client or a transaction's: reads that also run inside a locked transaction take either. */
export type Client = Tx | ReturnType<typeof db>

/**
 * Runs `fn` in one transaction that holds the workspace's row lock (SELECT … FOR UPDATE), so
 * seat, role and owner counts read inside stay true until the write commits: concurrent
 * invites, demotions and deletions in one workspace queue here on PostgreSQL.
 */
export function withWorkspaceLock<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Tenant" WHERE id = ${tenantId} FOR UPDATE`
      return fn(tx)
    },
    { maxWait: 15_000, timeout: 30_000 },
  )
}

/** Seats used (invited, active and suspended members, once each) and the plan's limit. */
export async function seatUsage(tenantId: string, client: Client = db()) {
  // One after the other: inside a transaction both run on its one connection.
  const used = await client.membership.count({ where: { tenantId } })
  const tenant = await client.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: { select: { name: true, seatLimit: true } } } })
  return { used, limit: tenant.plan.seatLimit, planName: tenant.plan.name }
}
export type SeatUsage = Awaited<ReturnType<typeof seatUsage>>

const rowSelect = {
  id: true,
  baseRole: true,
  status: true,
  crmAccess: true,
  lastLoginAt: true,
  createdAt: true,
  user: { select: { email: true, name: true } },
  roleTemplate: { select: { id: true, name: true } },
  teams: { select: { team: { select: { id: true, name: true } } }, orderBy: { team: { name: 'asc' } } },
  invitations: { where: { acceptedAt: null, revokedAt: null }, orderBy: { sentAt: 'desc' }, take: 1, select: { expiresAt: true } },
} satisfies Prisma.MembershipSelect

type RowData = Prisma.MembershipGetPayload<{ select: typeof rowSelect }>
export type MemberRow = {
  id: string
  email: string
  name: string
  baseRole: BaseRole
  status: MembershipStatus
  crmAccess: boolean
  roleTemplate: { id: string; name: string } | null
  teams: { id: string; name: string }[]
  lastLoginAt: string | null
  createdAt: string
  /** For invited members: when their newest link expires. */
  inviteExpiresAt: string | null
}

function toRow(m: RowData): MemberRow {
  return {
    id: m.id,
    email: m.user.email,
    name: m.user.name,
    baseRole: m.baseRole,
    status: m.status,
    crmAccess: m.baseRole !== 'MEMBER' || m.crmAccess,
    roleTemplate: m.roleTemplate,
    teams: m.teams.map((t) => t.team),
    lastLoginAt: m.lastLoginAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    inviteExpiresAt: m.status === 'INVITED' ? (m.invitations[0]?.expiresAt.toISOString() ?? null) : null,
  }
}

/** A member of this workspace with what the detail page shows, or null (ids of other workspaces are not found). */
export async function getMember(tenantId: string, memberId: string) {
  const m = await db().membership.findFirst({
    where: { id: memberId, tenantId },
    select: {
      ...rowSelect,
      updatedAt: true,
      user: { select: { id: true, email: true, name: true, passwordHash: true } },
      roleTemplate: { select: { id: true, name: true, permissions: { select: { key: true } } } },
      permissions: { select: { key: true } },
      invitedBy: { select: { user: { select: { email: true, name: true } } } },
    },
  })
  if (!m) return null
  const keys = (rows: { key: string }[]) => rows.map((r) => r.key).filter(isPermissionKey)
  return {
    ...toRow({ ...m, roleTemplate: m.roleTemplate && { id: m.roleTemplate.id, name: m.roleTemplate.name } }),
    userId: m.user.id,
    hasAccount: m.user.passwordHash !== null,
    templateKeys: m.roleTemplate ? keys(m.roleTemplate.permissions) : [],
    directKeys: keys(m.permissions),
    invitedBy: m.invitedBy?.user ?? null,
    updatedAt: m.updatedAt.toISOString(),
  }
}
export type MemberDetail = NonNullable<Awaited<ReturnType<typeof getMember>>>

/** What the escalation rules need to know about the members a change targets. */
export type MemberTargetRow = {
  membershipId: string
  userId: string
  email: string
  baseRole: BaseRole
  status: MembershipStatus
  crmAccess: boolean
  roleTemplateId: string | null
  templateKeys: PermissionKey[]
  directKeys: PermissionKey[]
  teamIds: string[]
}

/** The targets of a change, read inside its transaction; ids of other workspaces are simply absent. */
export async function loadTargets(tx: Tx, tenantId: string, memberIds: readonly string[]): Promise<MemberTargetRow[]> {
  const rows = await tx.membership.findMany({
    where: { tenantId, id: { in: [...memberIds] } },
    select: {
      id: true, userId: true, baseRole: true, status: true, crmAccess: true, roleTemplateId: true,
      user: { select: { email: true } },
      roleTemplate: { select: { permissions: { select: { key: true } } } },
      permissions: { select: { key: true } },
      teams: { select: { teamId: true } },
    },
  })
  return rows.map((m) => ({
    membershipId: m.id,
    userId: m.userId,
    email: m.user.email,
    baseRole: m.baseRole,
    status: m.status,
    crmAccess: m.crmAccess,
    roleTemplateId: m.roleTemplateId,
    templateKeys: (m.roleTemplate?.permissions ?? []).map((p) => p.key).filter(isPermissionKey),
    directKeys: m.permissions.map((p) => p.key).filter(isPermissionKey),
    teamIds: m.teams.map((t) => t.teamId),
  }))
}

export function countActiveOwners(tx: Tx, tenantId: string) {
  return tx.membership.count({ where: { tenantId, baseRole: 'OWNER', status: 'ACTIVE' } })
}

export async function setMembersStatus(tx: Tx, tenantId: string, memberIds: string[], status: 'ACTIVE' | 'SUSPENDED') {
  await tx.membership.updateMany({ where: { tenantId, id: { in: memberIds } }, data: { status } })
}

export async function setMembersTemplate(tx: Tx, tenantId: string, memberIds: string[], roleTemplateId: string | null) {
  await tx.membership.updateMany({ where: { tenantId, id: { in: memberIds } }, data: { roleTemplateId } })
}

export type Reassign = { to: 'unassigned' } | { to: 'member'; memberId: string } | { to: 'team'; teamId: string }

/**
 * Deletes memberships for good. Their contacts go where the admin chose first; what they
 * created stays, and the audit log keeps their email. A user left with no workspace and no
 * password (someone only ever invited) is removed too.
 */
export async function deleteMembers(tx: Tx, tenantId: string, targets: MemberTargetRow[], reassign: Reassign) {
  const ids = targets.map((t) => t.membershipId)
  const data = reassign.to === 'member' ? { ownerId: reassign.memberId } : reassign.to === 'team' ? { ownerId: null, teamId: reassign.teamId } : { ownerId: null }
  const moved = await tx.contact.updateMany({ where: { tenantId, ownerId: { in: ids } }, data })
  await tx.membership.deleteMany({ where: { tenantId, id: { in: ids } } })
  await tx.user.deleteMany({ where: { id: { in: targets.map((t) => t.userId) }, passwordHash: null, memberships: { none: {} } } })
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
export async function updateMembership(tx: Tx, tenantId: string, target: MemberTargetRow, u: MemberUpdate) {
  if (u.email && u.email !== target.email) await tx.user.update({ where: { id: target.userId }, data: { email: u.email } })
  await tx.membership.update({
    where: { id: target.membershipId, tenantId },
    data: { baseRole: u.baseRole, roleTemplateId: u.roleTemplateId, crmAccess: u.baseRole !== 'MEMBER' || u.crmAccess },
  })
  await tx.membershipPermission.deleteMany({ where: { membershipId: target.membershipId } })
  await tx.membershipPermission.createMany({ data: u.permissions.map((key) => ({ membershipId: target.membershipId, key })) })
  await tx.teamMember.deleteMany({ where: { membershipId: target.membershipId } })
  await tx.teamMember.createMany({ data: u.teamIds.map((teamId) => ({ teamId, membershipId: target.membershipId })) })
}

/** Templates and teams of this workspace among `ids` (to refuse ids from elsewhere). */
export async function findTemplates(client: Client, tenantId: string, ids: string[]) {
  const rows = await client.roleTemplate.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, name: true, permissions: { select: { key: true } } } })
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, keys: r.permissions.map((p) => p.key).filter(isPermissionKey) }]))
}
export async function findTeams(client: Client, tenantId: string, ids: string[]) {
  const rows = await client.team.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, name: true } })
  return new Map(rows.map((r) => [r.id, r]))
}

/** The workspace's templates and teams, for pickers. */
export async function listPickers(tenantId: string) {
  const [templates, teams] = await Promise.all([
    db().roleTemplate.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db().team.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ])
  return { templates, teams }
}
