'use server'

import { revalidatePath } from 'next/cache'
import { createKey } from '@/lib/api-keys/keys'
import { defineAction } from '@/lib/authz/guards'
import { fail, notFoundResult, ok } from '@/lib/authz/result'
import * as apiKeysDb from '@/lib/db/api-keys'
import { createApiKeySchema, revokeApiKeySchema } from '@/lib/validation/api-keys'

/** Creates a key with permissions the actor holds; the secret comes back in the result, once. */
export const createApiKey = defineAction(
  { audits: ['api_key.create'], permission: 'api_keys.manage', schema: createApiKeySchema },
  async (input, { access, audit }) => {
    const r = await createKey(access, input)
    if (!r.ok) return fail(r.message, r.fieldErrors, r.code)
    audit({
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: r.key.id,
      summary: `Created API key ${r.key.name}`,
      after: { name: r.key.name, prefix: r.key.prefix, permissions: r.permissions, keyExpiresAt: r.key.expiresAt?.toISOString() ?? null },
    })
    revalidatePath('/settings/api-keys')
    return ok(`Created the API key ${r.key.name}.`, { id: r.key.id, name: r.key.name, prefix: r.key.prefix, secret: r.secret })
  },
)

/** Revokes a key: its next request is refused. A revoked key stays revoked. */
export const revokeApiKey = defineAction(
  { audits: ['api_key.revoke'], permission: 'api_keys.manage', schema: revokeApiKeySchema },
  async ({ keyId }, { access, audit }) => {
    const key = await apiKeysDb.getApiKey(access.tenantId, keyId)
    if (!key) return notFoundResult('That API key')
    if (key.revokedAt) return fail(`${key.name} is already revoked.`, undefined, 'conflict')
    const revoked = await apiKeysDb.revokeApiKey(access.tenantId, keyId)
    if (!revoked) return fail(`${key.name} is already revoked.`, undefined, 'conflict')
    audit({
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: key.id,
      summary: `Revoked API key ${key.name}`,
      before: { name: key.name, prefix: key.prefix },
    })
    revalidatePath('/settings/api-keys')
    return ok(`Revoked ${key.name}. Requests with it are refused from now on.`)
  },
)
