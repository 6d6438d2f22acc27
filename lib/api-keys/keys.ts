import type { Access } from '@/lib/authz/access'
import type { PermissionKey } from '@/lib/authz/catalog'
import { prepareGrant } from '@/lib/authz/grants'
import type { FieldErrors } from '@/lib/authz/result'
import { newApiKeySecret } from '@/lib/auth/api-key-secret'
import * as apiKeysDb from '@/lib/db/api-keys'
import { keyExpiry } from '@/lib/validation/api-keys'

export type KeyOutcome =
  | { ok: true; key: apiKeysDb.ApiKeyRow; secret: string; permissions: PermissionKey[] }
  | { ok: false; code: 'forbidden' | 'invalid'; message: string; fieldErrors?: FieldErrors }

/**
 * A new key of the actor's workspace, made in their name: its permissions are normalized
 * (prerequisites added) and must all be held by the actor (the rule of role templates,
 * prepareGrant). The secret is returned once, here; only its hash is stored.
 */
export async function createKey(access: Access, input: { name: string; expiresOn: string; permissions: string[] }): Promise<KeyOutcome> {
  if (input.permissions.length === 0) {
    const message = 'Choose at least one permission: a key without any can do nothing.'
    return { ok: false, code: 'invalid', message, fieldErrors: { permissions: [message] } }
  }
  const grant = prepareGrant(access, [], input.permissions)
  if ('refusal' in grant)
    return { ok: false, code: grant.refusal.code ?? 'forbidden', message: grant.refusal.message, fieldErrors: { permissions: [grant.refusal.message] } }
  const { secret, prefix, secretHash } = newApiKeySecret()
  const key = await apiKeysDb.createApiKey(access.tenantId, {
    name: input.name,
    prefix,
    secretHash,
    permissions: grant.keys,
    createdById: access.membershipId,
    expiresAt: keyExpiry(input.expiresOn),
  })
  return { ok: true, key, secret, permissions: grant.keys }
}
