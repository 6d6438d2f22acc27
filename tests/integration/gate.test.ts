import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineAction, definePublicAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { accessOf, auditEvents, createWorkspace } from '../support/fixtures'

// The action gate's own steps (guards.ts runChange, defineAction, definePublicAction), each seen
// through an action made for this file that does one thing the gate must notice: the access read
// again inside the transaction, the change judged on what it did, audit events written only on
// success and only when declared, reads kept read only, errors not swallowed.

const probeSchema = z.object({
  mode: z.enum(['ok', 'audit', 'audit-then-fail', 'undeclared', 'grant', 'boom']),
  memberId: z.string().optional(),
})
const probe = defineAction({ permission: 'users.view', schema: probeSchema, audits: ['member.update'] }, async ({ mode, memberId }, ctx) => {
  const event = { action: 'member.update' as const, targetType: 'member', targetId: memberId, summary: 'probe' }
  if (mode === 'audit' || mode === 'audit-then-fail') ctx.audit(event)
  if (mode === 'audit-then-fail') return fail('Refused after queueing.')
  if (mode === 'undeclared') ctx.audit({ ...event, action: 'member.delete' })
  if (mode === 'grant') await db().membershipPermission.create({ data: { membershipId: memberId!, key: 'audit.view' } })
  if (mode === 'boom') throw new Error('boom')
  return ok(undefined, { sessionId: ctx.sessionId, ip: ctx.ip })
})
const reader = defineAction({ permission: 'users.view', schema: z.object({ tenantId: z.string() }), audits: [], readOnly: true }, async ({ tenantId }) => {
  await db().team.create({ data: { tenantId, name: 'written in a read' } })
  return ok()
})
const lookup = defineAction({ permission: 'users.view', schema: z.object({}), audits: [], readOnly: true }, async (_input, { access }) =>
  ok(undefined, await db().team.count({ where: { tenantId: access.tenantId } })),
)
const anonymous = definePublicAction({ schema: z.object({ memberId: z.string().min(1) }), audits: [] }, async ({ memberId }, { ip }) => {
  if (memberId !== 'none') await db().membershipPermission.create({ data: { membershipId: memberId, key: 'users.view' } })
  return ok(undefined, ip)
})

async function setup() {
  const ws = await createWorkspace()
  const actor = await ws.add({ permissions: ['users.view', 'users.edit'] })
  const target = await ws.add()
  return { ws, actor, target, state: await accessOf(actor) }
}

describe('defineAction: before the transaction', () => {
  it('refuses a state without an active session, and passes the session id and ip on', async () => {
    expect(await probe.run({ status: 'anonymous' }, { mode: 'ok' })).toMatchObject({ ok: false, code: 'unauthenticated' })
    const { state } = await setup()
    if (state.status !== 'ok') throw new Error('not ok')
    expect(await probe.run({ ...state, sessionId: 's-1' }, { mode: 'ok' }, '10.0.0.1')).toEqual({ ok: true, data: { sessionId: 's-1', ip: '10.0.0.1' } })
    expect(await probe.run(state, { mode: 'ok' })).toEqual({ ok: true, data: { sessionId: null, ip: null } })
  })

  it('refuses input its schema does not accept, before the handler', async () => {
    const { state } = await setup()
    expect(await probe.run(state, { mode: 'nope' })).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { mode: expect.any(Array) } })
  })
})

describe('runChange: the access read again inside the transaction', () => {
  it('a member suspended since their request was read is signed out', async () => {
    const { actor, state } = await setup()
    await db().membership.update({ where: { id: actor.id }, data: { status: 'SUSPENDED' } })
    expect(await probe.run(state, { mode: 'ok' })).toMatchObject({ ok: false, code: 'unauthenticated' })
  })

  it('a permission removed since is missing', async () => {
    const { actor, state } = await setup()
    await db().membershipPermission.deleteMany({ where: { membershipId: actor.id, key: 'users.view' } })
    expect(await probe.run(state, { mode: 'ok' })).toMatchObject({ ok: false, code: 'forbidden' })
  })

  it('two-factor sign-in required since is required', async () => {
    const { ws, state } = await setup()
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { requireTwoFactor: true } })
    expect(await probe.run(state, { mode: 'ok' })).toMatchObject({ ok: false, code: 'two_factor_required' })
  })
})

describe('runChange: what the change did', () => {
  it('a write the actor may not make is judged on what it did and rolled back', async () => {
    const { target, state } = await setup()
    expect(await probe.run(state, { mode: 'grant', memberId: target.id })).toEqual({
      ok: false,
      code: 'forbidden',
      message: 'You can only grant permissions you hold yourself. Not held: audit.view.',
      fieldErrors: { permissions: ['You can only grant permissions you hold yourself. Not held: audit.view.'] },
    })
    expect(await db().membershipPermission.count({ where: { membershipId: target.id } })).toBe(0)
  })

  it('audit events are written when the handler succeeds, not when it fails', async () => {
    const { ws, target, state } = await setup()
    expect((await probe.run(state, { mode: 'audit', memberId: target.id })).ok).toBe(true)
    expect(await probe.run(state, { mode: 'audit-then-fail', memberId: target.id })).toMatchObject({ ok: false, message: 'Refused after queueing.' })
    const events = await auditEvents(ws.tenant.id, 'member.update')
    expect(events.map((e) => e.targetId)).toEqual([target.id])
  })

  it('an audit event the action does not declare, or any other error, is thrown, not returned', async () => {
    const { state } = await setup()
    await expect(probe.run(state, { mode: 'undeclared' })).rejects.toThrow('The action writes audit event "member.delete", which it does not declare')
    await expect(probe.run(state, { mode: 'boom' })).rejects.toThrow('boom')
  })

  it('a read-only action reads, and cannot write', async () => {
    const { ws, state } = await setup()
    expect(await lookup.run(state, {})).toEqual({ ok: true, data: 0 })
    await expect(reader.run(state, { tenantId: ws.tenant.id })).rejects.toThrow()
    expect(await db().team.count({ where: { tenantId: ws.tenant.id } })).toBe(0)
  })
})

describe('definePublicAction', () => {
  it('checks its input, passes the ip on, and its changes are judged as an anonymous caller’s', async () => {
    expect(await anonymous.run({ status: 'anonymous' }, { memberId: '' })).toMatchObject({ ok: false, fieldErrors: { memberId: expect.any(Array) } })
    expect(await anonymous.run({ status: 'anonymous' }, { memberId: 'none' }, '10.0.0.2')).toEqual({ ok: true, data: '10.0.0.2' })
    const { target } = await setup()
    expect(await anonymous.run({ status: 'anonymous' }, { memberId: target.id })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: 'Only an invitation can be accepted without signing in.',
    })
    expect(await db().membershipPermission.count({ where: { membershipId: target.id } })).toBe(0)
  })
})
