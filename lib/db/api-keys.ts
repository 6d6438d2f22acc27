import type { AccessInput } from '@/lib/authz/access'
import { ACCESS_COLUMNS, ACCESS_FROM, accessInputOf, type AccessRow } from './access-input'
import { db } from './client'
import { Prisma } from './generated/client'
import { countedOf, countSql, type Counted, type Limit } from './rate-limits'
import { SEEN_EVERY_MINUTES } from './sessions'

// API keys of a workspace (prisma/schema.prisma ApiKey). The secret is never here: only its
// SHA-256, made by lib/auth/api-key-secret.ts.

export type ApiKeyRow = {
  id: string
  name: string
  prefix: string
  permissions: string[]
  createdBy: { id: string; email: string; name: string } | null
  createdAt: Date
  expiresAt: Date | null
  lastUsedAt: Date | null
  revokedAt: Date | null
}

const SELECT = {
  id: true,
  name: true,
  prefix: true,
  permissions: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { id: true, email: true, name: true } },
} as const

/** How many keys the list shows (newest first); a workspace has a handful. */
export const API_KEY_LIST_LIMIT = 500

/** Whether a key works now: revoked, expired and creator-less keys are refused (lib/authz/api-gate.ts). */
export type ApiKeyStatus = 'active' | 'expired' | 'revoked' | 'creator inactive'

export function keyStatus(k: Pick<ApiKeyRow, 'revokedAt' | 'expiresAt' | 'createdBy'>, now = Date.now()): ApiKeyStatus {
  if (k.revokedAt) return 'revoked'
  if (k.expiresAt && k.expiresAt.getTime() <= now) return 'expired'
  return k.createdBy ? 'active' : 'creator inactive'
}

/** The workspace's keys, newest first, each with its status now. */
export async function listApiKeys(tenantId: string): Promise<(ApiKeyRow & { status: ApiKeyStatus })[]> {
  const rows = await db().apiKey.findMany({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: API_KEY_LIST_LIMIT, select: SELECT })
  const now = Date.now()
  return rows.map((r) => ({ ...r, status: keyStatus(r, now) }))
}

export function getApiKey(tenantId: string, id: string): Promise<ApiKeyRow | null> {
  return db().apiKey.findFirst({ where: { id, tenantId }, select: SELECT })
}

export type NewApiKey = {
  name: string
  prefix: string
  secretHash: string
  permissions: string[]
  createdById: string
  expiresAt: Date | null
}

export function createApiKey(tenantId: string, key: NewApiKey): Promise<ApiKeyRow> {
  return db().apiKey.create({ data: { tenantId, ...key }, select: SELECT })
}

/** Revokes a key of this workspace that is not revoked yet; the key as it was, or null. */
export async function revokeApiKey(tenantId: string, id: string): Promise<ApiKeyRow | null> {
  const key = await getApiKey(tenantId, id)
  if (!key || key.revokedAt) return null
  const r = await db().apiKey.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: new Date() } })
  return r.count === 1 ? key : null
}

/** A key as a request finds it by its secret's hash: the key, and its creator's access input. */
export type LoadedApiKey = {
  id: string
  tenantId: string
  name: string
  prefix: string
  permissions: string[]
  /** Its last moment, if it has one. */
  expiresAt: Date | null
  revoked: boolean
  expired: boolean
  /** lastUsedAt is older than SEEN_EVERY_MINUTES (or never set): this request refreshes it. */
  usedStale: boolean
  /** The creator's membership in the key's workspace; null when it was deleted. */
  creator: AccessInput | null
  /** The request counted against the key's rate limit (loadApiKey's `count`); null without one. */
  counted: Counted | null
  /** The row with the columns of the read made with the key (loadApiKey's `read`); null without one. */
  read: Record<string, unknown> | null
}

type CountColumns = { hitPoints: number; hitExpireMs: number }

/**
 * A route's own read, made in the statement that loads the API key (one round trip for the
 * request instead of two): common table expressions (`with`, after the key's own `key`) and
 * columns, built from `tenant`, the key's workspace id as SQL. Read whatever the gate then
 * decides; a refused request discards it.
 */
export type KeyRead = (
  tenant: Prisma.Sql,
  /** The key's workspace when this process has loaded the key before (a key never moves), else null. */
  tenantHint: string | null,
) => { with?: Prisma.Sql; columns: Prisma.Sql; /** Values handed to the route with the row, under their own names. */ carry?: Record<string, unknown> }

// Each key's workspace, by secret hash, as last loaded: the hint a route's read is built with.
const keyTenants = new Map<string, string>()
const KEY_TENANTS_KEPT = 10_000

type KeyRow = Partial<AccessRow> & {
  keyId: string
  keyTenantId: string
  keyName: string
  keyPrefix: string
  keyPermissions: string[] | null
  keyExpiresAt: Date | null
  revoked: boolean
  expired: boolean
  usedStale: boolean
}

/**
 * The key with this secret hash and everything its access is computed from (its creator's
 * membership, user, plan, template, grants and teams), in ONE query. Expiry is judged by the
 * database's clock. Null for an unknown hash. In the same statement: with `count`, the request is
 * counted against the key's rate limit (lib/db/rate-limits.ts; a key that then fails the gate
 * is counted too), and with `read`, the route's own read is made.
 */
export async function loadApiKey(secretHash: string, opts: { count?: Limit; read?: KeyRead | null } = {}): Promise<LoadedApiKey | null> {
  const key = await loadKeyWhere(Prisma.sql`"secretHash" = ${secretHash}`, opts, keyTenants.get(secretHash) ?? null)
  if (key && !keyTenants.has(secretHash)) {
    if (keyTenants.size >= KEY_TENANTS_KEPT) keyTenants.clear()
    keyTenants.set(secretHash, key.tenantId)
  }
  return key
}

/** The same, by the key's id: what a change re-reads under the workspace lock (a key revoked meanwhile stops there). */
export function loadApiKeyById(id: string): Promise<LoadedApiKey | null> {
  return loadKeyWhere(Prisma.sql`id = ${id}`)
}

async function loadKeyWhere(
  where: Prisma.Sql,
  { count, read }: { count?: Limit; read?: KeyRead | null } = {},
  tenantHint: string | null = null,
): Promise<LoadedApiKey | null> {
  // The key's workspace, for the read: found once (an init plan), and only ever the key's own.
  const extra = read?.(Prisma.sql`(SELECT "tenantId" FROM key)`, tenantHint)
  const now = Date.now()
  const rows = await db().$queryRaw<(KeyRow & CountColumns & Record<string, unknown>)[]>`
    WITH key AS MATERIALIZED (SELECT id, "tenantId" FROM "ApiKey" WHERE ${where})${
      count ? Prisma.sql`, hit AS (${countSql(count, Prisma.sql`key.id`, now, Prisma.sql`FROM key`)})` : Prisma.empty
    }${extra?.with ? Prisma.sql`, ${extra.with}` : Prisma.empty}
    SELECT k.id AS "keyId", k."tenantId" AS "keyTenantId", k.name AS "keyName", k.prefix AS "keyPrefix", k.permissions AS "keyPermissions", k."expiresAt" AS "keyExpiresAt",
           k."revokedAt" IS NOT NULL AS revoked,
           (k."expiresAt" IS NOT NULL AND k."expiresAt" <= now()) AS expired,
           (k."lastUsedAt" IS NULL OR k."lastUsedAt" < now() - make_interval(mins => ${SEEN_EVERY_MINUTES}::int)) AS "usedStale",
           ${ACCESS_COLUMNS}${count ? Prisma.sql`, hit.points AS "hitPoints", hit."expireMs" AS "hitExpireMs"` : Prisma.empty}${extra ? Prisma.sql`, ${extra.columns}` : Prisma.empty}
      FROM key JOIN "ApiKey" k ON k.id = key.id${count ? Prisma.sql` CROSS JOIN hit` : Prisma.empty}
      LEFT JOIN (${ACCESS_FROM}) ON m.id = k."createdById" AND m."tenantId" = k."tenantId"`
  const r = rows[0]
  if (!r) return null
  return {
    id: r.keyId,
    tenantId: r.keyTenantId,
    name: r.keyName,
    prefix: r.keyPrefix,
    permissions: r.keyPermissions ?? [],
    expiresAt: r.keyExpiresAt,
    revoked: r.revoked,
    expired: r.expired,
    usedStale: r.usedStale,
    creator: r.membershipId ? accessInputOf(r as AccessRow) : null,
    counted: count ? countedOf(count, now, { points: r.hitPoints, expireMs: r.hitExpireMs }) : null,
    read: extra ? { ...r, ...extra.carry } : null,
  }
}

/** Records that a key was used now, unless a request did within SEEN_EVERY_MINUTES (so concurrent requests write once). */
export async function touchApiKey(id: string): Promise<void> {
  await db().$executeRaw`
    UPDATE "ApiKey" SET "lastUsedAt" = now()
     WHERE id = ${id} AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - make_interval(mins => ${SEEN_EVERY_MINUTES}::int))`
}
