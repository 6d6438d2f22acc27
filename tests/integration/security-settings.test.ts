import { describe, expect, it } from 'vitest'
import { updateSecuritySettings } from '@/app/(app)/settings/security/actions'
import { describeChanges } from '@/lib/audit-labels'
import { db } from '@/lib/db/client'
import { getSecuritySettings, securityOverview, settingsVersion } from '@/lib/db/security-settings'
import { accessOf, auditEvents, createWorkspace, failure, success } from '../support/fixtures'

// The workspace's Security settings saved through their action: what is stored (domains
// lowercased, each once), the audit event (only what changed, before and after, in words), the
// refusal of a save over someone else's, the server's own validation, and who may save.

async function setup() {
  const ws = await createWorkspace()
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner) }
}

/** The form as loaded now, with some fields changed. */
async function form(tenantId: string, change: Record<string, unknown> = {}) {
  const s = await getSecuritySettings(tenantId)
  return {
    version: settingsVersion(s),
    requireTwoFactor: s.requireTwoFactor,
    inviteDomains: s.inviteDomains.join('\n'),
    sessionMaxAgeMinutes: s.sessionMaxAgeMinutes,
    sessionIdleMinutes: s.sessionIdleMinutes,
    ...change,
  }
}

describe('updateSecuritySettings', () => {
  it('saves the settings, the domains lowercased and each once, and audits what changed, before and after', async () => {
    const { ws, state } = await setup()
    const r = success(
      await updateSecuritySettings.run(
        state,
        await form(ws.tenant.id, { requireTwoFactor: true, inviteDomains: 'Example.com, ACME.io\nexample.com', sessionIdleMinutes: 60 }),
      ),
    )
    expect(r.message).toBe('Security settings saved.')
    expect(await getSecuritySettings(ws.tenant.id)).toEqual({
      requireTwoFactor: true,
      inviteDomains: ['example.com', 'acme.io'],
      sessionMaxAgeMinutes: null,
      sessionIdleMinutes: 60,
    })
    const [event] = await auditEvents(ws.tenant.id, 'security.update')
    expect(event).toMatchObject({
      targetType: 'workspace',
      targetId: ws.tenant.id,
      summary: 'Changed the two-factor sign-in, invitation domains and idle timeout',
      before: { requireTwoFactor: false, inviteDomains: [], sessionIdleTimeout: 'No idle timeout' },
      after: { requireTwoFactor: true, inviteDomains: ['example.com', 'acme.io'], sessionIdleTimeout: '1 hour' },
    })
    // In words (the stored JSON keeps no key order).
    const changes = describeChanges(event.before, event.after)
    expect(changes).toHaveLength(3)
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'changed', field: 'Two-factor sign-in', from: 'Not required', to: 'Required of every member' },
        { kind: 'list', field: 'Invitation domains', added: ['example.com', 'acme.io'], removed: [] },
        { kind: 'changed', field: 'Idle timeout', from: 'No idle timeout', to: '1 hour' },
      ]),
    )

    success(await updateSecuritySettings.run(state, await form(ws.tenant.id, { sessionMaxAgeMinutes: 8 * 60, inviteDomains: 'acme.io' })))
    const [, second] = await auditEvents(ws.tenant.id, 'security.update')
    expect(second).toMatchObject({
      summary: 'Changed the invitation domains and session lifetime',
      before: { inviteDomains: ['example.com', 'acme.io'], sessionLifetime: '30 days (the default)' },
      after: { inviteDomains: ['acme.io'], sessionLifetime: '8 hours' },
    })
  })

  it('saving what is already saved (the domains in another order or case too) changes and audits nothing', async () => {
    const { ws, state } = await setup()
    success(await updateSecuritySettings.run(state, await form(ws.tenant.id, { inviteDomains: 'example.com acme.io' })))
    const r = success(await updateSecuritySettings.run(state, await form(ws.tenant.id, { inviteDomains: 'ACME.IO, example.com' })))
    expect(r.message).toBe('Nothing to save: the settings are as they were.')
    expect(await auditEvents(ws.tenant.id, 'security.update')).toHaveLength(1)
  })

  it('a save over someone else’s (an older form) is refused as a conflict and writes nothing', async () => {
    const { ws, state } = await setup()
    const stale = await form(ws.tenant.id, { requireTwoFactor: true })
    success(await updateSecuritySettings.run(state, await form(ws.tenant.id, { sessionIdleMinutes: 30 })))
    const r = failure(await updateSecuritySettings.run(state, stale))
    expect(r.code).toBe('conflict')
    expect(r.message).toMatch(/changed by someone else since you opened this page/)
    expect((await getSecuritySettings(ws.tenant.id)).requireTwoFactor).toBe(false)
    expect(await auditEvents(ws.tenant.id, 'security.update')).toHaveLength(1)
  })

  it('the server refuses what the form would not offer, every field’s error at once', async () => {
    const { ws, state } = await setup()
    const before = await getSecuritySettings(ws.tenant.id)
    const r = failure(
      await updateSecuritySettings.run(
        state,
        await form(ws.tenant.id, { inviteDomains: 'example.com, not a domain', sessionMaxAgeMinutes: 60 * 24 * 31, sessionIdleMinutes: 5 }),
      ),
    )
    expect(r.code).toBe('invalid')
    expect(r.fieldErrors).toEqual({
      inviteDomains: ['These are not domain names: “not”, “a”, “domain”. Write domains like example.com.'],
      sessionMaxAgeMinutes: ['A session lifetime is at most 30 days.'],
      sessionIdleMinutes: ['An idle timeout is at least 15 minutes.'],
    })
    const longer = failure(await updateSecuritySettings.run(state, await form(ws.tenant.id, { sessionMaxAgeMinutes: 60, sessionIdleMinutes: 120 })))
    expect(longer.fieldErrors).toEqual({ sessionIdleMinutes: ['The idle timeout must be shorter than the session lifetime.'] })
    expect(await getSecuritySettings(ws.tenant.id)).toEqual(before)
  })

  it('needs “Edit security settings”: a member who may only view them is refused', async () => {
    const { ws } = await setup()
    const viewer = await ws.add({ permissions: ['security.view'] })
    const editor = await ws.add({ permissions: ['security.view', 'security.edit'] })
    expect(failure(await updateSecuritySettings.run(await accessOf(viewer), await form(ws.tenant.id, { requireTwoFactor: true }))).code).toBe('forbidden')
    success(await updateSecuritySettings.run(await accessOf(editor), await form(ws.tenant.id, { requireTwoFactor: true })))
    expect((await getSecuritySettings(ws.tenant.id)).requireTwoFactor).toBe(true)
  })
})

describe('securityOverview', () => {
  it('counts the active members who have not set up two-factor sign-in (not the invited or suspended)', async () => {
    const { ws, owner } = await setup()
    const enrolled = await ws.add()
    await ws.add()
    await ws.add({ status: 'INVITED' })
    await ws.add({ status: 'SUSPENDED' })
    await db().user.update({ where: { id: enrolled.userId }, data: { totpEnabledAt: new Date() } })
    const o = await securityOverview(ws.tenant.id)
    expect(o).toMatchObject({ activeMembers: 3, withoutTwoFactor: 2, requireTwoFactor: false, inviteDomains: [] })
    await db().user.update({ where: { id: owner.userId }, data: { totpEnabledAt: new Date() } })
    expect((await securityOverview(ws.tenant.id)).withoutTwoFactor).toBe(1)
  })
})
