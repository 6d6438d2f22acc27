import 'server-only'
import { hashApiKeySecret, looksLikeApiKeySecret } from '@/lib/auth/api-key-secret'
import { problem, type ProblemCode } from '@/lib/api/problem'
import { loadApiKey, touchApiKey, type KeyRead } from '@/lib/db/api-keys'
import type { Limit } from '@/lib/db/rate-limits'
import { Access } from './access'
import { getAction, getLeaf } from './catalog'
import { allows, type Requirement } from './requirement'

// The gate of the API (/api/v1): `Authorization: Bearer <key>` instead of a session. A key acts
// with what is in all three of: its own permission keys, what the workspace's plan enables, and
// what the member who created it holds at the time of the request (role, template, grants, CRM
// flag; an Access built from the creator's membership, limited to the key's keys). A key whose
// creator was deleted, suspended or is no longer active fails as a whole, and so does one whose
// creator has not set up the two-factor sign-in their workspace requires; a permission the
// creator lost is gone from the key on its next request, and back if they get it back.

/** Who calls: the key, and the access it acts with. */
export type ApiCaller = {
  access: Access
  key: { id: string; name: string; prefix: string; tenantId: string; expiresAt: Date | null }
  /** The RateLimit headers this request's answer carries. */
  headers: Record<string, string>
  /** The row of the route's read made with the key (requireApi's `read`); null without one. */
  read: Record<string, unknown> | null
}

/** Requests per key per minute: API_RATE_LIMIT_PER_MINUTE, 600 by default. Read per request (tests lower it). */
export function apiLimit(): Limit {
  const n = Number(process.env.API_RATE_LIMIT_PER_MINUTE ?? 600)
  return { prefix: 'api-key', points: Number.isInteger(n) && n > 0 ? n : 600, seconds: 60 }
}

const REALM = 'Bearer realm="teamgate"'

function unauthorized(code: ProblemCode, detail: string): Response {
  // RFC 6750: no error attribute when no credentials were sent; invalid_token for a key that does not work.
  const challenge = code === 'missing_key' ? REALM : `${REALM}, error="invalid_token", error_description="${detail.replaceAll('"', "'")}"`
  return problem(code, detail, { headers: { 'WWW-Authenticate': challenge } })
}

function permissionName(req: Requirement): string {
  const one = (p: string) => `“${getAction(p)?.def.label ?? getLeaf(p)?.label ?? p}” (${p})`
  return req === null ? '' : typeof req === 'string' ? `the permission ${one(req)}` : `one of the permissions ${req.map(one).join(', ')}`
}

/**
 * The API gate: the caller, or the problem response to send instead. In order: a key in the
 * Authorization header (401 `missing_key`), one that exists (ONE statement: the key, everything
 * its creator's access is computed from, and the request counted against its limit, a key that
 * then fails counted too), is not revoked, not expired, and whose creator is an
 * active member (401); then the key's rate limit (429 with Retry-After); then the permission
 * (403). A key last used over a few minutes ago has its lastUsedAt refreshed. `read` gives a
 * route's own read, asked for once a key is sent and made in the key's statement (the caller's
 * `read`).
 */
export async function requireApi(request: Request, req: Requirement, read: (() => Promise<KeyRead | null>) | null = null): Promise<ApiCaller | Response> {
  const header = request.headers.get('authorization')
  if (!header?.trim()) return unauthorized('missing_key', 'Send an API key as “Authorization: Bearer <key>”.')
  const secret = /^Bearer +(\S+) *$/i.exec(header)?.[1]
  if (!secret || !looksLikeApiKeySecret(secret)) return unauthorized('invalid_key', 'This is not a valid API key.')
  // One statement: the key, its creator's access, the request counted, the route's own read.
  const limit = apiLimit()
  const key = await loadApiKey(hashApiKeySecret(secret), { count: limit, read: read && (await read()) })
  if (!key) return unauthorized('invalid_key', 'This is not a valid API key.')
  if (key.revoked) return unauthorized('revoked_key', 'This API key was revoked.')
  if (key.expired) return unauthorized('expired_key', 'This API key has expired.')
  if (!key.creator || key.creator.status !== 'ACTIVE')
    return unauthorized('creator_inactive', 'The member who created this API key is no longer an active member of the workspace, so the key does not work.')

  const access = new Access(key.creator, key.permissions, { id: key.id, name: key.name })
  // The workspace requires two-factor sign-in and the creator has not set it up: they can do
  // nothing but set it up, and so can their keys.
  if (access.twoFactorPending)
    return unauthorized(
      'creator_two_factor_required',
      'The member who created this API key must set up two-factor sign-in, which the workspace requires, before the key works again.',
    )

  const counted = key.counted!
  const headers = {
    'RateLimit-Limit': String(limit.points),
    'RateLimit-Remaining': String(counted.remaining),
    'RateLimit-Reset': String(Math.ceil(counted.resetMs / 1000)),
    'RateLimit-Policy': `${limit.points};w=${limit.seconds}`,
  }
  if (!counted.allowed) {
    const seconds = Math.max(1, Math.ceil(counted.retryMs / 1000))
    return problem('rate_limited', `Too many requests with this API key: at most ${limit.points} a minute. Try again in ${seconds} s.`, {
      headers: { ...headers, 'Retry-After': String(seconds) },
    })
  }
  if (key.usedStale) await used(key.id)

  if (!allows(access, req)) return problem('forbidden', `This API key does not hold ${permissionName(req)}.`, { headers })
  return { access, key: { id: key.id, name: key.name, prefix: key.prefix, tenantId: key.tenantId, expiresAt: key.expiresAt }, headers, read: key.read }
}

/** Refreshes a key's lastUsedAt; a failure is logged, never the request's. */
async function used(id: string) {
  try {
    await touchApiKey(id)
  } catch (e) {
    console.warn('[api] could not record when an API key was last used:', e instanceof Error ? e.message : e)
  }
}
