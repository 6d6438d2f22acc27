import { isPermissionKey, type PermissionKey } from '@/lib/authz/catalog'
import type { RoleQuery } from '@/lib/validation/roles'
import { db } from './client'
import type { Prisma } from './generated/client'
import { likeText } from './like'
import { byText, cursorAfter, pageWithin, sliceOf } from './paging'
import { TAKEN, unlessTaken } from './tx'

export type RoleRow = { id: string; name: string; description: string; members: number; createdAt: Date; updatedAt: Date; version: number }

export async function listRoles(tenantId: string): Promise<RoleRow[]> {
  const rows = await db().roleTemplate.findMany({
    where: { tenantId },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, description: true, createdAt: true, updatedAt: true, version: true, _count: { select: { members: true } } },
  })
  return rows.map(({ _count, ...r }) => ({ ...r, members: _count.members }))
}

/** What a role is read with: its fields, permission keys and how many members use it. */
const ROLE_SELECT = {
  id: true,
  name: true,
  description: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  permissions: { select: { key: true } },
  _count: { select: { members: true } },
} satisfies Prisma.RoleTemplateSelect

// A stored key the catalog no longer has is ignored here and dropped on the next save.
const roleOf = ({ _count, ...r }: Prisma.RoleTemplateGetPayload<{ select: typeof ROLE_SELECT }>) => ({
  ...r,
  permissions: r.permissions.map((p) => p.key).filter(isPermissionKey),
  members: _count.members,
})
export type RoleDetail = ReturnType<typeof roleOf>

/** A role of this workspace, or null: an id from another workspace is not found. */
export async function getRole(tenantId: string, roleId: string): Promise<RoleDetail | null> {
  const r = await db().roleTemplate.findFirst({ where: { id: roleId, tenantId }, select: ROLE_SELECT })
  return r && roleOf(r)
}

const BY_NAME = byText('name')

/**
 * The roles after a cursor (the API's list), by name: `limit` roles with their permissions, the
 * total, and the next slice's cursor (null at the end). Null for a cursor that is not one of this list.
 */
export async function listRolesSlice(tenantId: string, q: string, cursor: string | undefined, limit: number) {
  const after = cursorAfter(cursor, BY_NAME)
  if (!after) return null
  const where = roleWhere(tenantId, q)
  const [total, read] = await Promise.all([
    db().roleTemplate.count({ where }),
    db().roleTemplate.findMany({
      where: after === 'start' ? where : { AND: [where, { OR: [{ name: { gt: after.value } }, { name: after.value, id: { gt: after.id } }] }] },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: limit + 1,
      select: ROLE_SELECT,
    }),
  ])
  return { ...sliceOf(read.map(roleOf), limit, (r) => r.name), total }
}

export type UpdateRoleOutcome = { ok: true; version: number } | { ok: false; reason: 'not_found' | 'stale' | 'name_taken' }

/**
 * Saves a role only if nobody saved it since `version` was read (optimistic locking): the
 * version check, the bump and the permission rewrite are in the change's one transaction.
 */
export async function updateRole(
  tenantId: string,
  roleId: string,
  version: number,
  data: { name: string; description: string; permissions: PermissionKey[] },
): Promise<UpdateRoleOutcome> {
  const bumped = await unlessTaken(() =>
    db().roleTemplate.updateMany({
      where: { id: roleId, tenantId, version },
      data: { name: data.name, description: data.description, version: { increment: 1 } },
    }),
  )
  if (bumped === TAKEN) return { ok: false, reason: 'name_taken' }
  if (bumped.count === 0) {
    const exists = await db().roleTemplate.count({ where: { id: roleId, tenantId } })
    return { ok: false, reason: exists ? 'stale' : 'not_found' }
  }
  await db().roleTemplatePermission.deleteMany({ where: { roleTemplateId: roleId } })
  await db().roleTemplatePermission.createMany({ data: data.permissions.map((key) => ({ roleTemplateId: roleId, key })) })
  return { ok: true, version: version + 1 }
}

function roleWhere(tenantId: string, q: string): Prisma.RoleTemplateWhereInput {
  return {
    tenantId,
    ...(q && { OR: [{ name: { contains: likeText(q), mode: 'insensitive' } }, { description: { contains: likeText(q), mode: 'insensitive' } }] }),
  }
}

/** One page of the roles list: searched, sorted and paged by the database. */
export async function listRolesPage(tenantId: string, q: RoleQuery) {
  const where = roleWhere(tenantId, q.q)
  const total = await db().roleTemplate.count({ where })
  const page = pageWithin(q.page, total, q.size)
  const order: Record<RoleQuery['sort'], Prisma.RoleTemplateOrderByWithRelationInput> = {
    name: { name: q.dir },
    members: { members: { _count: q.dir } },
    created: { createdAt: q.dir },
    updated: { updatedAt: q.dir },
  }
  const rows = await db().roleTemplate.findMany({
    where,
    orderBy: [order[q.sort], { id: 'asc' }],
    skip: (page - 1) * q.size,
    take: q.size,
    select: { id: true, name: true, description: true, createdAt: true, updatedAt: true, version: true, _count: { select: { members: true } } },
  })
  return { rows: rows.map(({ _count, ...r }) => ({ ...r, members: _count.members })), total, page }
}

/** Roles in the workspace, the plan's limit, and whether a plan allows more. */
export async function roleUsage(tenantId: string) {
  const used = await db().roleTemplate.count({ where: { tenantId } })
  const t = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { plan: { select: { name: true, roleLimit: true } } } })
  const upgradable = (await db().plan.count({ where: { roleLimit: { gt: t.plan.roleLimit } } })) > 0
  return { used, limit: t.plan.roleLimit, planName: t.plan.name, upgradable }
}

/** Inserts a role; TAKEN when another role of the workspace has the name. */
export async function insertRole(tenantId: string, data: { name: string; description: string; permissions: PermissionKey[] }) {
  return unlessTaken(() =>
    db().roleTemplate.create({
      data: { tenantId, name: data.name, description: data.description, permissions: { create: data.permissions.map((key) => ({ key })) } },
      select: { id: true, name: true },
    }),
  )
}

/** A free name for a copy: "Support agent (copy)", then "(copy 2)"… */
export async function copyName(tenantId: string, name: string) {
  const base = `${name.slice(0, 50)} (copy`
  const taken = new Set((await db().roleTemplate.findMany({ where: { tenantId, name: { startsWith: base } }, select: { name: true } })).map((r) => r.name))
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${base})` : `${base} ${i})`
    if (!taken.has(candidate)) return candidate
  }
}

/** The members holding a role (for the delete dialog and the assignees panel). */
export async function listAssignees(tenantId: string, roleId: string) {
  const rows = await db().membership.findMany({
    where: { tenantId, roleTemplateId: roleId },
    orderBy: { user: { email: 'asc' } },
    select: { id: true, status: true, baseRole: true, user: { select: { email: true, name: true } } },
  })
  return rows.map((m) => ({ id: m.id, email: m.user.email, name: m.user.name, status: m.status, baseRole: m.baseRole }))
}

/** Members who could be given the role: members (not owners/admins) without it, matching a search. */
export async function searchAssignable(tenantId: string, roleId: string, q: string, take = 20) {
  const rows = await db().membership.findMany({
    where: {
      tenantId,
      baseRole: 'MEMBER',
      OR: [{ roleTemplateId: null }, { roleTemplateId: { not: roleId } }],
      ...(q && { user: { OR: [{ email: { contains: likeText(q), mode: 'insensitive' } }, { name: { contains: likeText(q), mode: 'insensitive' } }] } }),
    },
    orderBy: { user: { email: 'asc' } },
    take,
    select: { id: true, status: true, user: { select: { email: true, name: true } }, roleTemplate: { select: { name: true } } },
  })
  return rows.map((m) => ({ id: m.id, email: m.user.email, name: m.user.name, status: m.status, currentRole: m.roleTemplate?.name ?? null }))
}

/** A role with its members' addresses, for deleting it. */
export async function getRoleWithMembers(tenantId: string, roleId: string) {
  const role = await db().roleTemplate.findFirst({
    where: { id: roleId, tenantId },
    select: {
      id: true,
      name: true,
      description: true,
      permissions: { select: { key: true } },
      members: { select: { id: true, user: { select: { email: true } } } },
    },
  })
  if (!role) return null
  return {
    ...role,
    permissions: role.permissions.map((p) => p.key).filter(isPermissionKey),
    members: role.members.map((m) => m.user.email),
    memberIds: role.members.map((m) => m.id),
  }
}

export async function deleteRoleRow(roleId: string) {
  await db().roleTemplate.delete({ where: { id: roleId } })
}

/** A role's permissions and its members (not owners and admins): what the impact preview compares. */
export async function roleWithMemberGrants(tenantId: string, roleId: string) {
  const role = await db().roleTemplate.findFirst({
    where: { id: roleId, tenantId },
    select: {
      permissions: { select: { key: true } },
      members: { where: { baseRole: 'MEMBER' }, select: { crmAccess: true, permissions: { select: { key: true } } } },
    },
  })
  if (!role) return null
  return {
    keys: role.permissions.map((p) => p.key),
    members: role.members.map((m) => ({ crmAccess: m.crmAccess, directKeys: m.permissions.map((p) => p.key) })),
  }
}

/**
 * Every role template of this workspace with its permission keys, by template id (the member
 * form shows the keys of whichever template is selected as inherited). One query; a stored
 * key the catalog no longer has is ignored, as everywhere on read.
 */
export async function listTemplateKeys(tenantId: string): Promise<Record<string, PermissionKey[]>> {
  const rows = await db().roleTemplate.findMany({ where: { tenantId }, select: { id: true, permissions: { select: { key: true } } } })
  return Object.fromEntries(rows.map((r) => [r.id, r.permissions.map((p) => p.key).filter(isPermissionKey)]))
}
