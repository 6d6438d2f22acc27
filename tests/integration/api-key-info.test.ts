import { describe, expect, it } from 'vitest'
import { revokeApiKey } from '@/app/(app)/settings/api-keys/actions'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { GET as getKey } from '@/app/api/v1/key/route'
import { apiKeyInfoSchema } from '@/lib/api/routes/key'
import { db } from '@/lib/db/client'
import { apiRequest, expectProblem, makeKey } from '../support/api'
import { accessOf, auditEvents, createWorkspace, success } from '../support/fixtures'

// GET /api/v1/key through its route file: the key the request is made with, and the permissions
// it acts with now (its own set ∩ what the plan enables ∩ what its creator holds at this moment).

const ask = (secret: string | null) => getKey(apiRequest('/api/v1/key', { secret }))

async function info(secret: string) {
  const res = await ask(secret)
  expect(res.status).toBe(200)
  return apiKeyInfoSchema.parse(await res.json())
}

describe('GET /api/v1/key', () => {
  it('tells the key its name, prefix, workspace and expiry, with the RateLimit headers; nothing is audited', async () => {
    const ws = await createWorkspace({ plan: 'business', name: 'Globex' })
    const owner = await ws.add({ role: 'OWNER', crmAccess: true })
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    const { id, secret } = await makeKey(await accessOf(owner), ['users.view'], 'CRM sync', day)
    const res = await ask(secret)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('ratelimit-limit')).toBe('600')
    expect(res.headers.get('ratelimit-remaining')).toBe('599')
    const body = apiKeyInfoSchema.parse(await res.json())
    const row = await db().apiKey.findUniqueOrThrow({ where: { id } })
    expect(body).toEqual({
      id,
      name: 'CRM sync',
      prefix: row.prefix,
      workspace: { id: ws.tenant.id, name: 'Globex' },
      expiresAt: new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString(),
      permissions: ['users.view'],
    })
    expect(secret.startsWith(body.prefix)).toBe(true)
    // A read: the key's use is recorded, the audit log is not written.
    expect((await db().apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull()
    expect(await auditEvents(ws.tenant.id)).toHaveLength(1) // api_key.create only
    // A key without an expiry says null.
    const forever = await makeKey(await accessOf(owner), ['teams.view'], 'Forever')
    expect(await info(forever.secret)).toMatchObject({ name: 'Forever', expiresAt: null, permissions: ['teams.view'] })
  })

  it('lists the permissions the key acts with now: its own, within the plan and what its creator holds at this moment', async () => {
    // The Team plan has no Integrations module: the owner may give the key integrations.view
    // (permissions are compared by role), but it grants nothing on this plan.
    const ws = await createWorkspace({ plan: 'team' })
    const owner = await ws.add({ role: 'OWNER', crmAccess: true })
    const ownerState = await accessOf(owner)
    const wide = await makeKey(ownerState, ['users.view', 'integrations.view', 'contacts.view.own'])
    expect((await info(wide.secret)).permissions).toEqual(['contacts.view.own', 'users.view'])

    // A member's key follows its creator: a permission they lose is gone, and back when regained.
    const maker = await ws.add({ permissions: ['users.view', 'teams.view', 'api_keys.manage'] })
    const { secret } = await makeKey(await accessOf(maker), ['users.view', 'teams.view'])
    expect((await info(secret)).permissions).toEqual(['users.view', 'teams.view'])
    const setPermissions = async (version: number, permissions: string[]) =>
      success(
        await updateMember.run(ownerState, {
          memberId: maker.id,
          version,
          baseRole: 'MEMBER',
          roleTemplateId: null,
          crmAccess: false,
          teamIds: [],
          permissions,
        }),
      )
    await setPermissions(1, ['teams.view', 'api_keys.manage'])
    expect((await info(secret)).permissions).toEqual(['teams.view'])
    await setPermissions(2, [])
    // Holding nothing any more, the key still works and says so: an empty list.
    expect((await info(secret)).permissions).toEqual([])
    await setPermissions(3, ['users.view', 'teams.view', 'api_keys.manage'])
    expect((await info(secret)).permissions).toEqual(['users.view', 'teams.view'])
  })

  it('a key that does not work gets the 401 that says why', async () => {
    const ws = await createWorkspace()
    const owner = await ws.add({ role: 'OWNER' })
    const ownerState = await accessOf(owner)
    await expectProblem(await ask(null), 401, 'missing_key')
    const revoked = await makeKey(ownerState, ['users.view'], 'Old')
    success(await revokeApiKey.run(ownerState, { keyId: revoked.id }))
    await expectProblem(await ask(revoked.secret), 401, 'revoked_key')
    const expired = await makeKey(ownerState, ['users.view'], 'Expired')
    await db().apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    await expectProblem(await ask(expired.secret), 401, 'expired_key')
    const maker = await ws.add({ role: 'ADMIN' })
    const orphan = await makeKey(await accessOf(maker), ['users.view'], 'Orphan')
    await db().membership.update({ where: { id: maker.id }, data: { status: 'SUSPENDED' } })
    await expectProblem(await ask(orphan.secret), 401, 'creator_inactive')
  })
})
