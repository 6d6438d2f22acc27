import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { revokeInvites, inviteMembers } from '@/app/(app)/settings/users/invite-actions'
import { deleteMembers, setMembersTemplate, setMemberStatus } from '@/app/(app)/settings/users/actions'
import { createRole, updateRole } from '@/app/(app)/settings/roles/actions'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  revealWebhookSecret,
  rollWebhookSecret,
  sendTestWebhook,
  setWebhookEnabled,
  updateWebhookEndpoint,
} from '@/app/(app)/settings/webhooks/actions'
import { acceptInvite } from '@/app/invite/[token]/actions'
import type { AccessState } from '@/lib/authz/get-access'
import { defineAction } from '@/lib/authz/guards'
import { ok } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { recordAudit } from '@/lib/db/audit'
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events'
import { relayWebhooksOnce, type WebhookRelayOptions } from '@/lib/webhooks/relay'
import { accessOf, auditEvents, createWorkspace, failure, inviteTokens, keepMailInOutbox, success } from '../support/fixtures'
import { startReceiver } from '../support/webhook-receiver'

// Webhooks end to end against a real database and a real HTTP receiver on 127.0.0.1 that
// verifies every signature with the standardwebhooks library: events are written with the change
// that caused them (and rolled back with it), delivered after it commits, retried with backoff,
// each delivered once, in order per member; private addresses are refused unless allowed.

keepMailInOutbox()

// Each test's receivers close after it, and what it left pending is given up on, so the next
// test's relay rounds (which claim from the whole database) see only their own deliveries.
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closers.length) await closers.pop()!()
  await db().webhookDelivery.updateMany({ where: { deliveredAt: null, deadAt: null }, data: { deadAt: new Date() } })
})

async function setup() {
  const ws = await createWorkspace({ plan: 'business' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  return { ws, owner, state: await accessOf(owner) }
}

/** An endpoint for `url` made by the owner through the action, and its secret as the page reveals it. */
async function endpoint(state: AccessState, url: string, eventTypes: readonly string[] = WEBHOOK_EVENT_TYPES) {
  const { id } = success(await createWebhookEndpoint.run(state, { url, description: 'Cache', eventTypes })).data!
  const { secret } = success(await revealWebhookSecret.run(state, { endpointId: id })).data!
  return { id, secret }
}

/** Runs relay rounds until one finds nothing due; `retryMs: 0` makes a failed delivery due again at once. */
async function drain(options: Partial<WebhookRelayOptions> = { retryMs: 0 }) {
  for (let round = 0; round < 500; round++) {
    const r = await relayWebhooksOnce(options)
    if (r.delivered.length + r.retrying.length + r.dead.length === 0) return round
  }
  throw new Error('the relay never ran dry')
}

const PASSWORD = 'a new password 1'

describe('delivery: a receiver that answers 500 twice, then 200', () => {
  it('gets every event of a run of changes once, verified, in order per member, after two retries each', async () => {
    const { ws, state } = await setup()
    let secret = ''
    const receiver = await startReceiver({ secret: () => secret, answer: (n) => (n <= 2 ? 500 : 200) })
    closers.push(receiver.close)
    const ep = await endpoint(state, receiver.url)
    secret = ep.secret
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)

    const role = success(await createRole.run(state, { name: 'Support', description: '', permissions: ['users.view'] })).data!
    const [a, b] = [`ada@${ws.tag}.test`, `bo@${ws.tag}.test`]
    success(await inviteMembers.run(state, { rows: [{ email: a, roleTemplateId: role.id }, { email: b }] }))
    const [token] = await inviteTokens(a)
    success(await acceptInvite.run({ status: 'anonymous' }, { mode: 'new', token, name: 'Ada', password: PASSWORD, confirmPassword: PASSWORD }))
    const ada = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, email: a } })
    const bo = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, email: b } })
    success(await setMemberStatus.run(state, { memberIds: [ada.id], status: 'SUSPENDED' }))
    success(await setMemberStatus.run(state, { memberIds: [ada.id], status: 'ACTIVE' }))
    success(await updateRole.run(state, { roleId: role.id, version: 1, name: 'Support', description: '', permissions: ['users.view', 'teams.view'] }))
    success(await setMembersTemplate.run(state, { memberIds: [ada.id], roleTemplateId: null }))
    success(await deleteMembers.run(state, { memberIds: [ada.id] }))
    success(await revokeInvites.run(state, { memberIds: [bo.id] }))

    // Nothing went out during the changes: the relay delivers after commit.
    expect(receiver.attempts.size).toBe(0)
    const rounds = await drain()
    const messages = await db().webhookMessage.findMany({ where: { tenantId: ws.tenant.id }, orderBy: { seq: 'asc' } })

    // Every message three times (500, 500, 200), accepted once; every signature verified.
    expect(receiver.refused).toEqual([])
    expect(receiver.accepted.map((r) => r.id).sort()).toEqual(messages.map((m) => m.id).sort())
    expect([...receiver.attempts.values()].every((n) => n === 3)).toBe(true)
    // One event of a member at a time: the next waits for the one before, retries included.
    expect(rounds).toBeGreaterThanOrEqual(3 * 11)

    const seen = (key: string) =>
      receiver.accepted.filter((r) => (r.data.member as { id?: string })?.id === key || (r.data.role as { id?: string })?.id === key)
    expect(seen(ada.id).map((r) => r.type)).toEqual([
      'member.invited',
      'member.joined',
      'member.access_changed',
      'member.suspended',
      'member.access_changed',
      'member.reactivated',
      'member.access_changed',
      'member.access_changed', // the role template she has was edited
      'member.updated', // her template taken away…
      'member.access_changed', // …and with it her permissions
      'member.deleted',
    ])
    expect(
      seen(ada.id)
        .filter((r) => r.type === 'member.access_changed')
        .map((r) => r.data.permissions),
    ).toEqual([['users.view'], [], ['users.view'], ['users.view', 'teams.view'], []])
    expect(seen(bo.id).map((r) => r.type)).toEqual(['member.invited', 'member.deleted'])
    expect(seen(role.id).map((r) => r.type)).toEqual(['role.created', 'role.updated'])
    expect(seen(role.id)[1].data.role).toEqual({ id: role.id, name: 'Support', description: '', permissions: ['teams.view', 'users.view'] })
    expect(seen(ada.id)[0].data.member).toMatchObject({ id: ada.id, email: a, baseRole: 'MEMBER', status: 'INVITED', roleTemplateId: role.id })

    // The delivery log: three attempts each, the last one 200.
    const deliveries = await db().webhookDelivery.findMany({ where: { endpointId: ep.id }, include: { log: { orderBy: { at: 'asc' } } } })
    expect(deliveries.every((d) => d.deliveredAt && d.log.map((l) => l.status).join() === '500,500,200')).toBe(true)
    // And nothing is due any more: once is once.
    expect(await drain()).toBe(0)
    expect(receiver.accepted).toHaveLength(messages.length)
  })

  it('three relays at once (three instances): still each event once, in order per member', async () => {
    const { ws, state } = await setup()
    let secret = ''
    const receiver = await startReceiver({ secret: () => secret, answer: (n) => (n === 1 ? 500 : 200) })
    closers.push(receiver.close)
    secret = (await endpoint(state, receiver.url, ['member.suspended', 'member.reactivated', 'member.access_changed'])).secret
    const people = await Promise.all([1, 2, 3, 4].map(() => ws.add({ permissions: ['users.view'] })))
    const ids = people.map((p) => p.id)
    for (let i = 0; i < 3; i++) {
      success(await setMemberStatus.run(state, { memberIds: ids, status: 'SUSPENDED' }))
      success(await setMemberStatus.run(state, { memberIds: ids, status: 'ACTIVE' }))
    }
    for (let round = 0; ; round++) {
      const rounds = await Promise.all([1, 2, 3].map(() => relayWebhooksOnce({ retryMs: 0, batch: 3 })))
      if (rounds.every((r) => r.delivered.length + r.retrying.length + r.dead.length === 0)) break
      expect(round).toBeLessThan(200)
    }
    const messages = await db().webhookMessage.findMany({ where: { tenantId: ws.tenant.id }, orderBy: { seq: 'asc' } })
    expect(messages).toHaveLength(4 * 3 * 4)
    expect(receiver.accepted.map((r) => r.id).sort()).toEqual(messages.map((m) => m.id).sort())
    for (const id of ids) {
      const expected = messages.filter((m) => m.orderingKey === id).map((m) => m.id)
      expect(receiver.accepted.filter((r) => (r.data.member as { id: string }).id === id).map((r) => r.id)).toEqual(expected)
    }
  })

  it('backs off: a failed delivery is not due again before its time (30 s, then doubling)', async () => {
    const { state } = await setup()
    let secret = ''
    const receiver = await startReceiver({ secret: () => secret, answer: () => 503 })
    closers.push(receiver.close)
    const ep = await endpoint(state, receiver.url, ['role.created'])
    secret = ep.secret
    success(await createRole.run(state, { name: 'Auditors', description: '', permissions: [] }))
    expect((await relayWebhooksOnce()).retrying).toHaveLength(1)
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } })
    expect(d.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(25_000)
    expect(d.nextAttemptAt.getTime() - Date.now()).toBeLessThanOrEqual(30_000)
    expect(d).toMatchObject({ lastStatus: 503, lastError: 'Answered 503', attempts: 1 })
    expect(await relayWebhooksOnce()).toEqual({ delivered: [], retrying: [], dead: [] })
    await db().webhookDelivery.update({ where: { id: d.id }, data: { nextAttemptAt: new Date(Date.now() - 1) } }) // 30 s pass
    await relayWebhooksOnce()
    const again = await db().webhookDelivery.findFirstOrThrow({ where: { id: d.id } })
    expect(again.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(55_000) // 1 min
  })

  it('gives up a day after the event, then "Redeliver" sends it again with the same webhook-id and a new day of retries', async () => {
    const { ws, state } = await setup()
    let secret = ''
    let up = false
    const receiver = await startReceiver({ secret: () => secret, answer: () => (up ? 200 : 500) })
    closers.push(receiver.close)
    const ep = await endpoint(state, receiver.url, ['role.created'])
    secret = ep.secret
    success(await createRole.run(state, { name: 'Auditors', description: '', permissions: [] }))
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } })
    await db().webhookDelivery.update({ where: { id: d.id }, data: { retryFrom: new Date(Date.now() - 86_400_000) } })
    expect((await relayWebhooksOnce()).dead).toEqual([{ id: d.id, error: 'Answered 500' }])
    expect(await drain()).toBe(0)

    up = true
    success(await redeliverWebhook.run(state, { deliveryId: d.id }))
    expect(await auditEvents(ws.tenant.id, 'webhook.redeliver')).toHaveLength(1)
    expect((await relayWebhooksOnce()).delivered).toEqual([d.id])
    expect(receiver.accepted.map((r) => r.id)).toEqual([d.messageId])
    expect(receiver.attempts.get(d.messageId)).toBe(2)
    // A delivered event may be sent again on request too: same id, so the receiver can tell.
    success(await redeliverWebhook.run(state, { deliveryId: d.id }))
    await drain()
    expect(receiver.accepted.map((r) => r.id)).toEqual([d.messageId, d.messageId])
    const log = await db().webhookAttempt.findMany({ where: { deliveryId: d.id }, orderBy: { at: 'asc' } })
    expect(log.map((l) => l.status)).toEqual([500, 200, 200])
  })

  it('a receiver that hangs fails the attempt at the timeout; a redirect is not followed', async () => {
    const { state } = await setup()
    const hanging = await startReceiver({ secret: () => 'x', hang: true })
    const redirecting = await startReceiver({ secret: () => secrets.get(redirecting.url)!, answer: () => 302 })
    closers.push(hanging.close, redirecting.close)
    const secrets = new Map<string, string>()
    for (const r of [hanging, redirecting]) secrets.set(r.url, (await endpoint(state, r.url, ['role.created'])).secret)
    success(await createRole.run(state, { name: 'Auditors', description: '', permissions: [] }))
    const started = Date.now()
    const round = await relayWebhooksOnce({ timeoutMs: 300 })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(round.retrying.map((r) => r.error).sort()).toEqual(['Answered 302: redirects are not followed', 'No answer within 0.3 s'])
  })

  it('the secret can be rolled: later attempts are signed with the new one', async () => {
    const { state } = await setup()
    let secret = ''
    const receiver = await startReceiver({ secret: () => secret })
    closers.push(receiver.close)
    const ep = await endpoint(state, receiver.url, ['role.created'])
    secret = ep.secret
    success(await rollWebhookSecret.run(state, { endpointId: ep.id }))
    success(await createRole.run(state, { name: 'Auditors', description: '', permissions: [] }))
    expect((await relayWebhooksOnce()).retrying).toEqual([{ id: expect.any(String), error: 'Answered 401' }])
    expect(receiver.refused).toEqual(['No matching signature found'])
    secret = success(await revealWebhookSecret.run(state, { endpointId: ep.id })).data!.secret
    expect(secret).not.toBe(ep.secret)
    const d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } })
    await db().webhookDelivery.update({ where: { id: d.id }, data: { nextAttemptAt: new Date() } })
    expect((await relayWebhooksOnce()).delivered).toEqual([d.id])
    expect(receiver.accepted.map((r) => r.type)).toEqual(['role.created'])
  })

  it('a disabled endpoint gets no new events and its pending ones wait; a test event goes to that endpoint only', async () => {
    const { ws, state } = await setup()
    let secret = ''
    const receiver = await startReceiver({ secret: () => secret })
    closers.push(receiver.close)
    const ep = await endpoint(state, receiver.url)
    secret = ep.secret
    success(await sendTestWebhook.run(state, { endpointId: ep.id }))
    success(await setWebhookEnabled.run(state, { endpointId: ep.id, enabled: false }))
    success(await createRole.run(state, { name: 'Auditors', description: '', permissions: [] }))
    expect(await drain()).toBe(0)
    expect(await db().webhookMessage.count({ where: { tenantId: ws.tenant.id } })).toBe(1)
    success(await setWebhookEnabled.run(state, { endpointId: ep.id, enabled: true }))
    await drain()
    expect(receiver.accepted.map((r) => r.type)).toEqual(['webhook.test'])
    expect(receiver.accepted[0].data).toMatchObject({ endpointId: ep.id })
  })
})

describe('the outbox is part of the change', () => {
  it('a change refused by the final check leaves nothing in the outbox', async () => {
    const { ws, state } = await setup()
    await endpoint(state, 'http://127.0.0.1:9/never')
    const victim = await ws.add({ permissions: ['users.view'] })
    const viewer = await ws.add({ permissions: ['users.view'] })
    // An action that suspends someone without checking: its actor may only view users.
    const sneaky = defineAction({ audits: ['member.suspend'], permission: 'users.view', schema: z.object({}) }, async (_i, { audit }) => {
      await db().membership.update({ where: { id: victim.id }, data: { status: 'SUSPENDED' } })
      audit({ action: 'member.suspend', targetType: 'member', targetId: victim.id, summary: 'Suspended' })
      return ok()
    })
    failure(await sneaky.run(await accessOf(viewer), {}))
    expect(await db().webhookMessage.count({ where: { tenantId: ws.tenant.id } })).toBe(0)
    expect(await db().webhookDelivery.count({ where: { tenantId: ws.tenant.id } })).toBe(0)
    // The same change by someone allowed: written, with the member's lost access.
    const allowed = defineAction({ audits: ['member.suspend'], permission: 'users.edit_status', schema: z.object({}) }, async (_i, { audit }) => {
      await db().membership.update({ where: { id: victim.id }, data: { status: 'SUSPENDED' } })
      audit({ action: 'member.suspend', targetType: 'member', targetId: victim.id, summary: 'Suspended' })
      return ok()
    })
    success(await allowed.run(state, {}))
    const types = await db().webhookMessage.findMany({ where: { tenantId: ws.tenant.id }, orderBy: { seq: 'asc' }, select: { type: true } })
    expect(types.map((t) => t.type)).toEqual(['member.suspended', 'member.access_changed'])
  })

  it('an audit event written by the handler itself (not queued) makes its webhook event too', async () => {
    const { ws, owner, state } = await setup()
    await endpoint(state, 'http://127.0.0.1:9/never', ['member.updated'])
    const direct = defineAction({ audits: [], permission: 'users.edit', schema: z.object({}) }, async (_i, { access }) => {
      await recordAudit([
        {
          tenantId: access.tenantId,
          actorId: access.userId,
          actorEmail: access.email,
          action: 'member.update',
          targetType: 'member',
          targetId: owner.id,
          summary: 'x',
        },
      ])
      return ok()
    })
    success(await direct.run(state, {}))
    expect(await db().webhookMessage.count({ where: { tenantId: ws.tenant.id, type: 'member.updated' } })).toBe(1)
  })

  it('a workspace without endpoints writes no webhook rows; an endpoint gets only the types it chose', async () => {
    const { ws, state } = await setup()
    success(await createRole.run(state, { name: 'Before', description: '', permissions: [] }))
    expect(await db().webhookMessage.count({ where: { tenantId: ws.tenant.id } })).toBe(0)
    await endpoint(state, 'http://127.0.0.1:9/roles', ['role.deleted'])
    success(await inviteMembers.run(state, { rows: [{ email: `x@${ws.tag}.test` }] }))
    success(await createRole.run(state, { name: 'After', description: '', permissions: [] }))
    expect(await db().webhookMessage.count({ where: { tenantId: ws.tenant.id } })).toBe(0)
  })
})

describe('endpoint actions', () => {
  it('adds, changes, disables and deletes an endpoint, audited; the secret is stored encrypted and shown only on request', async () => {
    const { ws, state } = await setup()
    const ep = await endpoint(state, 'http://127.0.0.1:9/a', ['role.created'])
    const row = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })
    expect(row.secret).not.toContain(ep.secret.slice(6))
    expect(row.secret).toMatch(/^v1\./)
    success(
      await updateWebhookEndpoint.run(state, {
        endpointId: ep.id,
        url: 'http://127.0.0.1:9/b',
        description: 'New',
        eventTypes: ['role.deleted', 'role.created'],
      }),
    )
    expect(await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).toMatchObject({
      url: 'http://127.0.0.1:9/b',
      eventTypes: ['role.created', 'role.deleted'],
    })
    success(await setWebhookEnabled.run(state, { endpointId: ep.id, enabled: false }))
    success(await deleteWebhookEndpoint.run(state, { endpointId: ep.id }))
    expect(await db().webhookEndpoint.count({ where: { tenantId: ws.tenant.id } })).toBe(0)
    const actions = (await auditEvents(ws.tenant.id)).map((e) => e.action).filter((a) => a.startsWith('webhook.'))
    expect(actions).toEqual(['webhook.create', 'webhook.update', 'webhook.update', 'webhook.delete'])
    for (const e of await auditEvents(ws.tenant.id)) expect(JSON.stringify(e)).not.toContain(ep.secret.slice(6))
  })

  it('events may be chosen only where the actor may see their data (member events need “View users”)', async () => {
    const { ws } = await setup()
    const keeper = await ws.add({ permissions: ['webhooks.view', 'webhooks.manage', 'roles.view'] })
    const r = failure(await createWebhookEndpoint.run(await accessOf(keeper), { url: 'http://127.0.0.1:9/x', eventTypes: ['member.invited', 'role.created'] }))
    expect(r.fieldErrors?.eventTypes?.[0]).toMatch(/Not allowed: Member invited\.$/)
    success(await createWebhookEndpoint.run(await accessOf(keeper), { url: 'http://127.0.0.1:9/x', eventTypes: ['role.created'] }))
  })

  it('an endpoint of another workspace is not found, and nothing changes', async () => {
    const { state } = await setup()
    const other = await setup()
    const theirs = await endpoint(other.state, 'http://127.0.0.1:9/theirs')
    for (const r of [
      await revealWebhookSecret.run(state, { endpointId: theirs.id }),
      await rollWebhookSecret.run(state, { endpointId: theirs.id }),
      await deleteWebhookEndpoint.run(state, { endpointId: theirs.id }),
      await sendTestWebhook.run(state, { endpointId: theirs.id }),
    ])
      expect(r).toMatchObject({ ok: false, code: 'not_found' })
    expect(await db().webhookEndpoint.count({ where: { id: theirs.id } })).toBe(1)
  })
})

describe('private addresses', () => {
  const saved = process.env.WEBHOOKS_ALLOW_PRIVATE_URLS
  afterEach(() => {
    process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = saved
  })

  it('are refused when the endpoint is saved, with the reason next to the URL', async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS
    const { state } = await setup()
    const refused = {
      'http://example.com/hook': /https:\/\//,
      'https://127.0.0.1/hook': /private or local/,
      'https://localhost:8443/hook': /private or local/,
      'https://[::1]/hook': /private or local/,
      'https://[::ffff:10.0.0.8]/hook': /private or local/,
      'https://10.1.2.3/hook': /private or local/,
      'https://192.168.1.20/hook': /private or local/,
      'https://169.254.169.254/latest/meta-data': /private or local/,
      'https://100.64.0.9/hook': /private or local/,
      'https://[fd00::1]/hook': /private or local/,
      'https://[fe80::1]/hook': /private or local/,
      'https://0.0.0.0/hook': /private or local/,
      'https://user:pw@hooks.example.com/hook': /user name and password/,
      'ftp://hooks.example.com/hook': /https:\/\//,
    }
    for (const [url, why] of Object.entries(refused)) {
      const r = failure(await createWebhookEndpoint.run(state, { url, eventTypes: ['role.created'] }))
      expect(r.fieldErrors?.url?.[0], url).toMatch(why)
    }
    // A public address is fine (a name that does not resolve yet too: deliveries check again).
    success(await createWebhookEndpoint.run(state, { url: 'https://93.184.215.14/hook', eventTypes: ['role.created'] }))
  })

  it('are refused again at delivery (DNS can change): a name resolving to loopback fails the attempt', async () => {
    const { state } = await setup()
    const receiver = await startReceiver({ secret: () => '' })
    closers.push(receiver.close)
    await endpoint(state, `http://localhost:${receiver.port}/hook`, ['role.created'])
    await endpoint(state, receiver.url, ['role.created'])
    success(await createRole.run(state, { name: 'Auditors', description: '', permissions: [] }))
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS
    const round = await relayWebhooksOnce()
    expect(round.retrying.map((r) => r.error).sort()).toEqual([
      '127.0.0.1 is a private or local address.',
      'localhost resolves to a private or local address (127.0.0.1).',
    ])
    expect(receiver.attempts.size).toBe(0)
  })
})
