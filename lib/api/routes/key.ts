import 'server-only'
import { z } from 'zod'
import { LEAVES } from '@/lib/authz/catalog'
import { defineApiRoute } from '../define-route'

const LEAF_KEYS = LEAVES.map((l) => l.key) as [string, ...string[]]

export const apiKeyInfoSchema = z
  .object({
    id: z.string().describe('The key’s id.'),
    name: z.string().describe('The name it was given (the audit log shows its own changes as “API key <name>”).'),
    prefix: z.string().describe('The secret’s first characters, as the API keys page lists it.'),
    workspace: z.object({ id: z.string(), name: z.string() }).describe('The workspace the key belongs to: every answer is about it.'),
    expiresAt: z.iso.datetime().nullable().describe('When it stops working (the end of its last day, UTC); null: never.'),
    permissions: z
      .array(z.enum(LEAF_KEYS))
      .describe(
        'The permission keys it acts with now: in its own set, enabled by the plan and held by the member who created it at this moment. A permission its creator lost is absent.',
      ),
  })
  .meta({ id: 'ApiKeyInfo' })

/**
 * GET /api/v1/key: the key making the request, as the API sees it now. Any working key may ask
 * (the gate's one query has everything: no query of its own), so a backend can check its
 * configuration and see which permissions it really has before it relies on them.
 */
export const keyRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/key',
    operationId: 'getKey',
    summary: 'This API key',
    description:
      'The key the request is made with: its name, prefix, workspace, expiry, and the permission keys it acts with now — those of its own set that the plan enables and that the member who created it holds at this moment. Any working key may call it; a key that does not work gets the 401 that says why.',
    permission: null,
    response: apiKeyInfoSchema,
    audits: [],
  },
  async (_input, { caller }) => {
    const { key, access } = caller!
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      workspace: { id: key.tenantId, name: access.member.tenantName },
      expiresAt: key.expiresAt?.toISOString() ?? null,
      permissions: access.keys(),
    }
  },
)
