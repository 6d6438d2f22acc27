import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createApiKey, revokeApiKey } from '@/app/(app)/settings/api-keys/actions'
import { deleteMembers } from '@/app/(app)/settings/users/actions'
import { hashApiKeySecret, looksLikeApiKeySecret } from '@/lib/auth/api-key-secret'
import { defineAction } from '@/lib/authz/guards'
import { ok } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import * as apiKeysDb from '@/lib/db/api-keys'
import { databaseChecksum } from '../support/checksum'
import { accessOf, auditEvents, createWorkspace, failure, success } from '../support/fixtures'

// API keys through the real server actions: the secret is handed out once and only its hash is
// kept; a key gets only permissions its creator holds (the rule of role templates), checked by
// the service before it writes and again by the change's final check (checkChange) on what
// was really written; revoking is audited and final.

async function setup() {
  const ws = await createWorkspace({ plan: 'business' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  return { ws, owner, state: await accessOf(owner) }
}
const input = (permissions: string[], name = 'Backend', expiresOn = '') => ({ name, expiresOn, permissions })

describe('createApiKey', () => {
  it('returns the secret once; the database keeps its SHA-256 and prefix, never the secret; audited without it', async () => {
    const { ws, owner, state } = await setup()
    const r = success(await createApiKey.run(state, input(['users.invite']), '203.0.113.7'))
    const { id, secret, prefix } = r.data!
    expect(looksLikeApiKeySecret(secret)).toBe(true)
    expect(secret.startsWith(prefix)).toBe(true)
    const row = await db().apiKey.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ tenantId: ws.tenant.id, name: 'Backend', prefix, secretHash: hashApiKeySecret(secret), createdById: owner.id })
    // Prerequisites are added, as for role templates.
    expect(row.permissions).toEqual(['users.view', 'users.invite'])
    expect(JSON.stringify(row)).not.toContain(secret.slice(prefix.length))
    const [event] = await auditEvents(ws.tenant.id, 'api_key.create')
    expect(event).toMatchObject({ targetId: id, actorId: owner.userId, ip: '203.0.113.7' })
    expect(JSON.stringify(event)).not.toContain(secret.slice(prefix.length))
    // The list shows it, with who made it; nothing there carries the secret either.
    const [listed] = await apiKeysDb.listApiKeys(ws.tenant.id)
    expect(listed).toMatchObject({ id, prefix, status: 'active', createdBy: { id: owner.id } })
    expect(JSON.stringify(listed)).not.toContain(secret.slice(prefix.length))
  })

  it('an expiry day makes the key stop at the end of that day (UTC); a past day is refused', async () => {
    const { state } = await setup()
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const r = success(await createApiKey.run(state, input(['users.view'], 'Expiring', day)))
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: r.data!.id } })
    expect(row.expiresAt?.toISOString()).toBe(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString())
    const past = failure(await createApiKey.run(state, input(['users.view'], 'Old', '2020-01-01')))
    expect(Object.keys(past.fieldErrors ?? {})).toEqual(['expiresOn'])
  })

  it('a key cannot exceed its creator: permissions they do not hold are refused, and nothing is written', async () => {
    const { ws } = await setup()
    const maker = await accessOf(await ws.add({ permissions: ['api_keys.manage', 'users.view'] }))
    const admin = await accessOf(await ws.add({ role: 'ADMIN' }))
    const before = await databaseChecksum()
    const r = failure(await createApiKey.run(maker, input(['users.view', 'users.delete'])))
    expect(r.code).toBe('forbidden')
    expect(r.fieldErrors?.permissions?.join(' ')).toContain('users.delete')
    // Owner-only permissions: an admin holds every permission but billing's.
    expect(failure(await createApiKey.run(admin, input(['billing.view']))).fieldErrors?.permissions?.join(' ')).toContain('billing.view')
    // No permission at all, an unknown one: invalid.
    expect(failure(await createApiKey.run(maker, input([]))).code).toBe('invalid')
    expect(failure(await createApiKey.run(maker, input(['made.up']))).code).toBe('invalid')
    expect(await databaseChecksum()).toBe(before)
    // What they hold is fine.
    success(await createApiKey.run(maker, input(['users.view'])))
  })

  it('the change’s final check refuses a key written around the service: more than the actor holds, or in someone else’s name', async () => {
    const { ws, owner } = await setup()
    const maker = await ws.add({ permissions: ['api_keys.manage', 'users.view'] })
    const write = (data: Partial<apiKeysDb.NewApiKey>) =>
      defineAction({ audits: [], permission: 'api_keys.manage', schema: z.object({}) }, async (_i, { access }) => {
        await apiKeysDb.createApiKey(access.tenantId, {
          name: 'Sneaky',
          prefix: 'tg_live_x',
          secretHash: `${Math.random()}`,
          permissions: ['users.view'],
          createdById: access.membershipId,
          expiresAt: null,
          ...data,
        })
        return ok()
      })
    const before = await databaseChecksum()
    const state = await accessOf(maker)
    expect(failure(await write({ permissions: ['users.view', 'roles.edit'] }).run(state, {})).message).toContain('roles.edit')
    expect(failure(await write({ createdById: owner.id }).run(state, {})).message).toMatch(/in the name of the member who makes it/)
    expect(await databaseChecksum()).toBe(before)
    success(await write({}).run(state, {}))
  })
})

describe('revokeApiKey', () => {
  it('revokes once (audited), refuses a second time, and a key of another workspace is not found', async () => {
    const { ws, owner, state } = await setup()
    const { id } = success(await createApiKey.run(state, input(['users.view']))).data!
    expect(success(await revokeApiKey.run(state, { keyId: id })).message).toMatch(/Revoked Backend/)
    const row = await db().apiKey.findUniqueOrThrow({ where: { id } })
    expect(row.revokedAt).not.toBeNull()
    expect(failure(await revokeApiKey.run(state, { keyId: id })).code).toBe('conflict')
    const [event] = await auditEvents(ws.tenant.id, 'api_key.revoke')
    expect(event).toMatchObject({ targetId: id, actorId: owner.userId, before: { name: 'Backend', prefix: row.prefix } })
    const other = await setup()
    expect(failure(await revokeApiKey.run(other.state, { keyId: id })).code).toBe('not_found')
  })

  it('a revoked key cannot be revived, even by a handler that writes around the service', async () => {
    const { state } = await setup()
    const { id } = success(await createApiKey.run(state, input(['users.view']))).data!
    success(await revokeApiKey.run(state, { keyId: id }))
    const revive = defineAction({ audits: [], permission: 'api_keys.manage', schema: z.object({}) }, async () => {
      await db().apiKey.update({ where: { id }, data: { revokedAt: null } })
      return ok()
    })
    expect(failure(await revive.run(state, {})).message).toMatch(/stays revoked/)
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull()
  })
})

describe('a key’s creator deleted', () => {
  it('may be deleted by anyone who may delete members: the key loses its creator and with it everything', async () => {
    // The key never expires and holds what the deleting member does not: losing access is not a
    // grant, so deleting its creator needs nothing about API keys (a never-expiring key's
    // unchanged expiry once counted as handing it on).
    const { ws, state } = await setup()
    const maker = await ws.add({ permissions: ['api_keys.view', 'api_keys.manage', 'users.view', 'users.invite', 'audit.view'] })
    const { id } = success(await createApiKey.run(await accessOf(maker), input(['users.invite', 'audit.view']))).data!
    const deleter = await ws.add({ permissions: ['users.view', 'users.delete'] })
    success(await deleteMembers.run(await accessOf(deleter), { memberIds: [maker.id] }))
    expect(await db().apiKey.findUniqueOrThrow({ where: { id } })).toMatchObject({ createdById: null, revokedAt: null })
    // The owner could too, and a key with an expiry is no different.
    const second = await ws.add({ permissions: ['api_keys.view', 'api_keys.manage', 'audit.view'] })
    success(
      await createApiKey.run(await accessOf(second), input(['audit.view'], 'Expiring', new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10))),
    )
    success(await deleteMembers.run(state, { memberIds: [second.id] }))
  })
})
