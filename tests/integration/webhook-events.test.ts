import { describe, expect, it } from 'vitest'
import { changePlan } from '@/app/(app)/settings/billing/actions'
import { updateRole, deleteRole } from '@/app/(app)/settings/roles/actions'
import { createTeam, renameTeam, setTeamMembers } from '@/app/(app)/settings/teams/actions'
import { setMemberStatus } from '@/app/(app)/settings/users/actions'
import { createWebhookEndpoint } from '@/app/(app)/settings/webhooks/actions'
import type { AccessState } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events'
import { callApi, makeKey } from '../support/api'
import { accessOf, createWorkspace, success } from '../support/fixtures'

// Which events a change makes: member.access_changed for exactly the members whose effective
// access (permission keys, teams) differs after the change, by whatever path — a role template
// edited or deleted, the plan, a team — and none for a change that leaves everyone's access as it was.

async function setup(plan = 'business') {
  const ws = await createWorkspace({ plan })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const state = await accessOf(owner)
  success(await createWebhookEndpoint.run(state, { url: 'http://127.0.0.1:9/cache', eventTypes: WEBHOOK_EVENT_TYPES }))
  return { ws, owner, state }
}

type Event = { type: string; data: { member?: { id: string }; role?: { id: string }; permissions?: string[]; teamIds?: string[]; deleted?: boolean } }

/** The events written since `after` (a seq), oldest first. */
async function eventsSince(tenantId: string, after = -1n): Promise<(Event & { seq: bigint })[]> {
  const rows = await db().webhookMessage.findMany({ where: { tenantId, seq: { gt: after } }, orderBy: { seq: 'asc' } })
  return rows.map((r) => ({ ...(JSON.parse(r.payload) as Event), seq: r.seq }))
}
async function lastSeq(tenantId: string) {
  return (await db().webhookMessage.findFirst({ where: { tenantId }, orderBy: { seq: 'desc' } }))?.seq ?? -1n
}
async function during(tenantId: string, change: () => Promise<unknown>) {
  const from = await lastSeq(tenantId)
  await change()
  return eventsSince(tenantId, from)
}
const accessChanged = (events: Event[]) =>
  events
    .filter((e) => e.type === 'member.access_changed')
    .map((e) => e.data.member!.id)
    .sort()

async function roleWith(tenantId: string, permissions: string[]) {
  return db().roleTemplate.create({ data: { tenantId, name: `Role ${Math.random()}`, permissions: { create: permissions.map((key) => ({ key })) } } })
}
const edit = (state: AccessState, role: { id: string; name: string }, permissions: string[], version = 1) =>
  updateRole.run(state, { roleId: role.id, version, name: role.name, description: '', permissions })

describe('member.access_changed', () => {
  it('a role template edit: one for each active assignee whose keys changed, with their new keys', async () => {
    const { ws, state } = await setup()
    const role = await roleWith(ws.tenant.id, ['users.view'])
    const a = await ws.add({ templateId: role.id })
    const b = await ws.add({ templateId: role.id })
    await ws.add({ templateId: role.id, status: 'SUSPENDED' })
    // Already holds teams.view directly: the edit changes nothing for them.
    await ws.add({ templateId: role.id, permissions: ['teams.view'] })
    await ws.add({ permissions: ['users.view'] })
    const events = await during(ws.tenant.id, async () => success(await edit(state, role, ['users.view', 'teams.view'])))
    expect(events.map((e) => e.type)).toEqual(['role.updated', 'member.access_changed', 'member.access_changed'])
    expect(accessChanged(events)).toEqual([a.id, b.id].sort())
    for (const e of events.slice(1)) expect(e.data).toMatchObject({ permissions: ['users.view', 'teams.view'], teamIds: [], deleted: false })
  })

  it('a change that leaves everyone’s access as it was makes none: a role renamed, a team renamed', async () => {
    const { ws, state } = await setup()
    const role = await roleWith(ws.tenant.id, ['users.view'])
    await ws.add({ templateId: role.id })
    const renamed = await during(ws.tenant.id, async () =>
      success(await updateRole.run(state, { roleId: role.id, version: 1, name: 'Renamed', description: 'New words', permissions: ['users.view'] })),
    )
    expect(renamed.map((e) => e.type)).toEqual(['role.updated'])
    const teamId = success(await createTeam.run(state, { name: 'Support' })).data!.id
    const teamRenamed = await during(ws.tenant.id, async () => success(await renameTeam.run(state, { teamId, name: 'Help desk' })))
    expect(teamRenamed).toEqual([])
  })

  it('a team change carries the member’s new teams (their record scopes)', async () => {
    const { ws, state } = await setup()
    const m = await ws.add({ permissions: ['contacts.view.team'], crmAccess: true })
    const invited = await ws.add({ status: 'INVITED' })
    const teamId = success(await createTeam.run(state, { name: 'Support' })).data!.id
    const events = await during(ws.tenant.id, async () => success(await setTeamMembers.run(state, { teamId, add: [m.id, invited.id] })))
    // The invitee holds nothing yet, in a team or not.
    expect(events.map((e) => [e.type, e.data.member?.id, e.data.teamIds])).toEqual([['member.access_changed', m.id, [teamId]]])
  })

  it('a plan change: for everyone whose keys the plan’s modules change', async () => {
    const { ws, owner, state } = await setup('business')
    const marketer = await ws.add({ permissions: ['broadcasts.view'] })
    await ws.add({ permissions: ['users.view'] })
    const events = await during(ws.tenant.id, async () => success(await changePlan.run(state, { planId: 'free' })))
    // Free has no broadcasts: the owner and the marketer lose keys; the viewer keeps users.view.
    expect(accessChanged(events)).toEqual([owner.id, marketer.id].sort())
    expect(events.find((e) => e.data.member?.id === marketer.id)!.data.permissions).toEqual([])
  })

  it('suspending: the suspended event, then their access (none); deleting a role template: the assignees lose its keys', async () => {
    const { ws, state } = await setup()
    const role = await roleWith(ws.tenant.id, ['users.view'])
    const m = await ws.add({ templateId: role.id })
    const suspended = await during(ws.tenant.id, async () => success(await setMemberStatus.run(state, { memberIds: [m.id], status: 'SUSPENDED' })))
    expect(suspended.map((e) => [e.type, e.data.permissions])).toEqual([
      ['member.suspended', undefined],
      ['member.access_changed', []],
    ])
    success(await setMemberStatus.run(state, { memberIds: [m.id], status: 'ACTIVE' }))
    const deleted = await during(ws.tenant.id, async () => success(await deleteRole.run(state, { roleId: role.id, removeFromMembers: 1 })))
    expect(deleted.map((e) => [e.type, e.data.role?.id ?? e.data.member?.id])).toEqual([
      ['role.deleted', role.id],
      ['member.access_changed', m.id],
    ])
  })
})

describe('changes made through the API', () => {
  it('make the same events as the app’s forms: PATCH a member through a key gives member.updated and member.access_changed', async () => {
    const { ws, state } = await setup()
    const m = await ws.add({ permissions: ['users.view'] })
    const { secret } = await makeKey(state, ['users.view', 'users.edit', 'teams.view'])
    const events = await during(ws.tenant.id, async () => {
      const res = await callApi('PATCH', `/api/v1/members/${m.id}`, { secret, body: { permissions: ['users.view', 'teams.view'] } })
      expect(res.status).toBe(200)
    })
    expect(events.map((e) => e.type)).toEqual(['member.updated', 'member.access_changed'])
    expect(events[1].data).toMatchObject({ member: { id: m.id } })
    expect([...events[1].data.permissions!].sort()).toEqual(['teams.view', 'users.view'])
    // A refused call makes none.
    const refused = await during(ws.tenant.id, async () => {
      const res = await callApi('PATCH', `/api/v1/members/${m.id}`, { secret, body: { permissions: ['billing.manage'] } })
      expect(res.status).toBe(403)
    })
    expect(refused).toEqual([])
  })
})
