import { beforeAll, describe, expect, it } from 'vitest'
import { POST as authorize } from '@/app/api/v1/authorize/route'
import { Access } from '@/lib/authz/access'
import { LEAVES } from '@/lib/authz/catalog'
import { explainRecord } from '@/lib/authz/explain-record'
import { recordReason } from '@/lib/authz/explain-reason'
import { loadAccessInput } from '@/lib/db/access-input'
import { db } from '@/lib/db/client'
import { getContactRecord } from '@/lib/db/contact-record'
import { apiRequest, makeKey } from '../support/api'
import { accessOf, createWorkspace } from '../support/fixtures'

// POST /api/v1/authorize through its route handler: members by id or email, permissions with
// and without records, every record scope, the reasons "View as" gives, and members of another
// workspace answered as not found (the same answer as for nobody at all).

type Result = { allowed: boolean; error?: string; scope?: string | null; reason?: string }
type Check = { member: string; permission: string; record?: { ownerId?: string | null; teamId?: string | null } }

let secret: string
let w: Awaited<ReturnType<typeof world>>

async function world() {
  const ws = await createWorkspace({ plan: 'business', name: 'Acme' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const support = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Support' } })
  const sales = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'Sales' } })
  const template = await db().roleTemplate.create({
    data: {
      tenantId: ws.tenant.id,
      name: 'Agent',
      permissions: { create: ['contacts.view.own', 'contacts.view.team', 'contacts.edit.own'].map((key) => ({ key })) },
    },
  })
  const agent = await ws.add({ templateId: template.id, crmAccess: true, email: `agent@${ws.tag}.test` })
  const mate = await ws.add({ crmAccess: true, email: `mate@${ws.tag}.test` })
  const stranger = await ws.add({ crmAccess: true })
  const all = await ws.add({ crmAccess: true, permissions: ['contacts.view.all_assigned', 'contacts.view.unassigned'] })
  const noCrm = await ws.add({ crmAccess: false, permissions: ['contacts.view.own', 'users.view'] })
  const suspended = await ws.add({ status: 'SUSPENDED', permissions: ['users.view'] })
  await db().teamMember.createMany({
    data: [
      { teamId: support.id, membershipId: agent.id },
      { teamId: support.id, membershipId: mate.id },
      { teamId: sales.id, membershipId: stranger.id },
    ],
  })
  const elsewhere = await createWorkspace({ plan: 'business' })
  const outsider = await elsewhere.add({ role: 'OWNER', crmAccess: true, email: `outsider@${elsewhere.tag}.test` })
  const outsiderTeam = await db().team.create({ data: { tenantId: elsewhere.tenant.id, name: 'Support' } })
  await db().teamMember.create({ data: { teamId: outsiderTeam.id, membershipId: outsider.id } })
  return { ws, owner, support, sales, template, agent, mate, stranger, all, noCrm, suspended, outsider, outsiderTeam }
}

async function run(checks: Check[], explain = true): Promise<Result[]> {
  const res = await authorize(apiRequest('/api/v1/authorize', { secret, body: { checks, explain } }))
  expect(res.status, await res.clone().text()).toBe(200)
  return ((await res.json()) as { results: Result[] }).results
}
const one = async (check: Check, explain = true) => (await run([check], explain))[0]

beforeAll(async () => {
  w = await world()
  ;({ secret } = await makeKey(await accessOf(w.owner), ['users.view']))
})

describe('members and permissions', () => {
  it('names a member by id or by email (any case); answers in order; without explain only allowed', async () => {
    const results = await run(
      [
        { member: w.agent.id, permission: 'contacts.view' },
        { member: w.agent.email.toUpperCase(), permission: 'contacts.edit.own' },
        { member: w.agent.email, permission: 'users.invite' },
        { member: w.owner.id, permission: 'billing.manage' },
      ],
      false,
    )
    expect(results).toEqual([{ allowed: true }, { allowed: true }, { allowed: false }, { allowed: true }])
  })

  it('says why, in the words of the member page', async () => {
    expect(await one({ member: w.agent.id, permission: 'contacts.edit.own' })).toEqual({ allowed: true, reason: 'Yes — scope own (granted by template Agent)' })
    expect(await one({ member: w.agent.id, permission: 'contacts.view' })).toEqual({
      allowed: true,
      reason: 'Yes — scopes own, team (granted by template Agent)',
    })
    expect(await one({ member: w.owner.id, permission: 'billing.manage' })).toEqual({ allowed: true, reason: 'Yes — owner role' })
    expect(await one({ member: w.agent.id, permission: 'users.invite' })).toEqual({ allowed: false, reason: 'No — no permission to invite users' })
    expect(await one({ member: w.noCrm.id, permission: 'contacts.view' })).toEqual({ allowed: false, reason: 'No — CRM access is off' })
    expect(await one({ member: w.noCrm.id, permission: 'users.view' })).toEqual({ allowed: true, reason: 'Yes — a direct grant' })
    expect(await one({ member: w.suspended.id, permission: 'users.view' })).toEqual({ allowed: false, reason: 'No — member is suspended' })
  })

  it('a member of another workspace is not found, exactly like nobody at all, by id or by email', async () => {
    const results = await run([
      { member: w.outsider.id, permission: 'users.view' },
      { member: w.outsider.email, permission: 'users.view' },
      { member: 'cm0000000000000000000000', permission: 'users.view' },
      { member: 'nobody@nowhere.test', permission: 'users.view' },
    ])
    const notFound = { allowed: false, error: 'member_not_found', reason: 'No — no member with this id or email in the workspace' }
    expect(results).toEqual([notFound, notFound, notFound, notFound])
  })
})

describe('records: the scopes decide', () => {
  it('own: the member owns the record', async () => {
    expect(await one({ member: w.agent.id, permission: 'contacts.edit', record: { ownerId: w.agent.id } })).toEqual({
      allowed: true,
      scope: 'own',
      reason: 'Yes — scope “own”: they own the record (granted by template Agent)',
    })
    const name = w.stranger.email.split('@')[0]
    expect(await one({ member: w.agent.id, permission: 'contacts.edit', record: { ownerId: w.stranger.id, teamId: w.sales.id } })).toEqual({
      allowed: false,
      scope: null,
      reason: `No — holds scope own, but the record is owned by ${name} in team Sales`,
    })
  })

  it('team: the record’s team is theirs, or its owner is a teammate', async () => {
    expect(await one({ member: w.agent.id, permission: 'contacts.view', record: { teamId: w.support.id } })).toEqual({
      allowed: true,
      scope: 'team',
      reason: 'Yes — scope “team”: the record’s team Support is one of their teams (granted by template Agent)',
    })
    const mate = w.mate.email.split('@')[0]
    expect(await one({ member: w.agent.id, permission: 'contacts.view', record: { ownerId: w.mate.id } })).toEqual({
      allowed: true,
      scope: 'team',
      reason: `Yes — scope “team”: the record’s owner ${mate} is in their team Support (granted by template Agent)`,
    })
    // One scope asked for: own does not reach a teammate's record, even though team does.
    expect((await one({ member: w.agent.id, permission: 'contacts.view.own', record: { ownerId: w.mate.id } })).allowed).toBe(false)
    expect((await one({ member: w.agent.id, permission: 'contacts.view.team', record: { ownerId: w.mate.id } })).allowed).toBe(true)
    // Another workspace's member and team of the same name reach nothing.
    expect((await one({ member: w.agent.id, permission: 'contacts.view', record: { ownerId: w.outsider.id } })).allowed).toBe(false)
    expect((await one({ member: w.agent.id, permission: 'contacts.view', record: { teamId: w.outsiderTeam.id } })).allowed).toBe(false)
  })

  it('all assigned and unassigned', async () => {
    const assigned = await run([
      { member: w.all.id, permission: 'contacts.view', record: { ownerId: w.stranger.id } },
      { member: w.all.id, permission: 'contacts.view', record: { teamId: w.sales.id } },
      { member: w.all.id, permission: 'contacts.view', record: {} },
      { member: w.agent.id, permission: 'contacts.view', record: { ownerId: null, teamId: null } },
    ])
    expect(assigned.map((r) => [r.allowed, r.scope])).toEqual([
      [true, 'all_assigned'],
      [true, 'all_assigned'],
      [true, 'unassigned'],
      [false, null],
    ])
    expect(assigned[2].reason).toBe('Yes — scope “unassigned”: the record has no owner and no team (granted by a direct grant)')
  })

  it('blocked grants say what blocks them; a permission without scopes ignores the record', async () => {
    expect(await one({ member: w.noCrm.id, permission: 'contacts.view', record: { ownerId: w.noCrm.id } })).toEqual({
      allowed: false,
      scope: null,
      reason: 'No — CRM access is off',
    })
    expect(await one({ member: w.agent.id, permission: 'users.invite', record: { ownerId: w.agent.id } })).toEqual({
      allowed: false,
      reason: 'No — no permission to invite users',
    })
  })

  it('the same answer and words as “View as” for a contact the member page checks', async () => {
    const contact = await db().contact.create({ data: { tenantId: w.ws.tenant.id, name: 'Customer', ownerId: w.mate.id, teamId: w.sales.id } })
    const input = (await loadAccessInput(w.agent.userId, w.ws.tenant.id))!
    const record = (await getContactRecord(w.ws.tenant.id, contact.id))!
    const teams = new Map([
      [w.support.id, 'Support'],
      [w.sales.id, 'Sales'],
    ])
    for (const action of ['contacts.view', 'contacts.edit'] as const) {
      const viewAs = explainRecord(new Access(input), action, record)
      const api = await one({ member: w.agent.id, permission: action, record: { ownerId: contact.ownerId, teamId: contact.teamId } })
      expect(api.allowed, action).toBe(viewAs.allowed)
      expect(api.reason, action).toBe(recordReason(viewAs, { input, record, teams, noun: 'record' }))
    }
  })

  it('without explain, every decision is the explained one: each member × scoped permission × record', async () => {
    const members = [w.owner, w.agent, w.mate, w.stranger, w.all, w.noCrm, w.suspended].map((m) => m.id)
    const scoped = LEAVES.filter((l) => l.scope)
    const permissions = [...new Set([...scoped.map((l) => l.key as string), ...scoped.map((l) => l.action as string)])]
    const records = [
      { ownerId: w.agent.id },
      { ownerId: w.mate.id },
      { ownerId: w.stranger.id, teamId: w.support.id },
      { teamId: w.sales.id },
      { ownerId: null, teamId: null },
      { ownerId: w.outsider.id, teamId: w.outsiderTeam.id },
    ]
    const checks = members.flatMap((member) => permissions.flatMap((permission) => records.map((record) => ({ member, permission, record }))))
    let allowed = 0
    for (let i = 0; i < checks.length; i += 100) {
      const batch = checks.slice(i, i + 100)
      const [fast, explained] = [await run(batch, false), await run(batch, true)]
      expect(fast).toEqual(explained.map((r) => ({ allowed: r.allowed })))
      allowed += fast.filter((r) => r.allowed).length
    }
    // Not vacuous: both answers are common.
    expect(allowed).toBeGreaterThan(50)
    expect(checks.length - allowed).toBeGreaterThan(50)
  })

  it('a batch of 100 checks is answered in order', async () => {
    const checks = Array.from({ length: 100 }, (_, i) => ({
      member: i % 2 ? w.agent.id : w.stranger.id,
      permission: 'contacts.view',
      record: { teamId: w.support.id },
    }))
    const results = await run(checks, false)
    expect(results.map((r) => r.allowed)).toEqual(checks.map((_, i) => i % 2 === 1))
  })
})
