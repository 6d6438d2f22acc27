import { hasCrmAccess, type BaseRole, type MembershipStatus } from '@/lib/authz/access'
import { isPermissionKey } from '@/lib/authz/catalog'
import { db } from './client'
import type { Prisma } from './generated/client'

// One member as the screens show them: a row of the users table (MemberRow, also what the
// list's SQL returns, lib/db/member-list.ts) and the member page's detail.

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
    crmAccess: hasCrmAccess(m.baseRole, m.crmAccess),
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
      version: true,
      user: { select: { id: true, email: true, name: true, passwordHash: true } },
      roleTemplate: { select: { id: true, name: true, permissions: { select: { key: true } } } },
      permissions: { select: { key: true } },
      invitedBy: { select: { user: { select: { email: true, name: true } } } },
      invitations: { where: { acceptedAt: null, revokedAt: null }, orderBy: { sentAt: 'desc' }, take: 1, select: { expiresAt: true, sentAt: true } },
    },
  })
  if (!m) return null
  const keys = (rows: { key: string }[]) => rows.map((r) => r.key).filter(isPermissionKey)
  return {
    ...toRow({ ...m, roleTemplate: m.roleTemplate && { id: m.roleTemplate.id, name: m.roleTemplate.name } }),
    userId: m.user.id,
    version: m.version,
    hasAccount: m.user.passwordHash !== null,
    templateKeys: m.roleTemplate ? keys(m.roleTemplate.permissions) : [],
    directKeys: keys(m.permissions),
    invitedBy: m.invitedBy?.user ?? null,
    /** For invited members: when their newest open link was sent. */
    inviteSentAt: m.status === 'INVITED' ? (m.invitations[0]?.sentAt.toISOString() ?? null) : null,
    updatedAt: m.updatedAt.toISOString(),
  }
}
export type MemberDetail = NonNullable<Awaited<ReturnType<typeof getMember>>>
