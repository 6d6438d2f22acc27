import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setMemberStatus } from '@/app/(app)/settings/users/actions'
import { inviteMembers, resendInvite, resendInvites, revokeInvites } from '@/app/(app)/settings/users/invite-actions'
import { acceptInvite } from '@/app/invite/[token]/actions'
import { authenticate } from '@/lib/auth/sign-in'
import type { AccessState } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { findInvitation, hashToken } from '@/lib/db/invitations'
import { seatUsage } from '@/lib/db/seats'
import { accessOf, createWorkspace, failure, PASSWORD, success, keepMailInOutbox, inviteTokens, auditEvents } from '../support/fixtures'

// Inviting people and accepting invitations through the real server actions and a real
// database: what is written, what is refused (with nothing written), seats, escalation rules,
// resend/revoke/expiry of links, and the rate limit on guessed tokens. Mail stays in the outbox
// (no SMTP_URL), which is where the tests read the links from.

keepMailInOutbox()
const savedTtl = process.env.INVITE_TTL_DAYS
beforeAll(() => {
  delete process.env.INVITE_TTL_DAYS
})
afterAll(() => {
  if (savedTtl !== undefined) process.env.INVITE_TTL_DAYS = savedTtl
})

const DAY = 24 * 60 * 60 * 1000
const NEW_PASSWORD = 'a brand new password'
const anonymous: AccessState = { status: 'anonymous' }

const tokensFor = inviteTokens
async function tokenFor(email: string) {
  const all = await inviteTokens(email)
  expect(all).toHaveLength(1)
  return all[0]
}

/** Rows of the tables an invitation writes to, for "nothing was written" checks. */
async function counts(tenantId: string) {
  const [memberships, invitations, audit, outbox, users] = await Promise.all([
    db().membership.count({ where: { tenantId } }),
    db().invitation.count({ where: { membership: { tenantId } } }),
    db().auditEvent.count({ where: { tenantId } }),
    db().outboxMail.count(),
    db().user.count(),
  ])
  return { memberships, invitations, audit, outbox, users }
}

const membershipOf = (tenantId: string, email: string) =>
  db().membership.findFirstOrThrow({ where: { tenantId, user: { email } }, include: { invitations: true, user: true } })

type Row = { email: string; baseRole?: string; roleTemplateId?: string | null }
const invite = (state: AccessState, rows: Row[], crmAccess = false) => inviteMembers.run(state, { rows, crmAccess })
const acceptNew = (token: string, ip: string | null = null, name = 'New Person') =>
  acceptInvite.run(anonymous, { mode: 'new', token, name, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, ip)

/** A workspace with an active owner; `addr` makes addresses unique to it. */
async function setup(plan = 'business') {
  const ws = await createWorkspace({ plan, name: `Acme ${randomBytes(2).toString('hex')}` })
  const owner = await ws.add({ role: 'OWNER' })
  return { ws, owner, state: await accessOf(owner), addr: (name: string) => `${name}@${ws.tag}.test` }
}
const template = (tenantId: string, keys: string[]) =>
  db().roleTemplate.create({ data: { tenantId, name: `Role ${randomBytes(3).toString('hex')}`, permissions: { create: keys.map((key) => ({ key })) } } })

describe('inviteMembers', () => {
  it('creates invited memberships, hashed 7-day tokens, pending mails and audit events', async () => {
    const { ws, owner, state, addr } = await setup()
    const support = await template(ws.tenant.id, ['users.view', 'analytics.view'])
    const [ann, bob] = [addr('ann'), addr('bob')]
    const r = success(
      await invite(state, [
        { email: ann, roleTemplateId: support.id },
        { email: ` ${bob.toUpperCase()} `, baseRole: 'ADMIN' },
      ]),
    )
    const a = await membershipOf(ws.tenant.id, ann)
    const b = await membershipOf(ws.tenant.id, bob)
    // The new members' ids, in the order of the rows (the API answers the member it invited).
    expect(r.data).toEqual({ invited: 2, memberIds: [a.id, b.id] })
    expect(a).toMatchObject({ status: 'INVITED', baseRole: 'MEMBER', roleTemplateId: support.id, crmAccess: false, invitedById: owner.id })
    expect(b).toMatchObject({ status: 'INVITED', baseRole: 'ADMIN', roleTemplateId: null, crmAccess: true, invitedById: owner.id })
    expect(a.user.passwordHash).toBeNull()

    for (const [m, email] of [
      [a, ann],
      [b, bob],
    ] as const) {
      expect(m.invitations).toHaveLength(1)
      const inv = m.invitations[0]
      const token = await tokenFor(email)
      expect(inv.tokenHash).toMatch(/^[0-9a-f]{64}$/)
      expect(inv.tokenHash).toBe(hashToken(token))
      expect(inv.tokenHash).not.toContain(token)
      expect(Math.abs(inv.expiresAt.getTime() - (Date.now() + 7 * DAY))).toBeLessThan(60_000)
      expect(inv).toMatchObject({ acceptedAt: null, revokedAt: null })
      const mail = await db().outboxMail.findFirstOrThrow({ where: { to: email } })
      expect(mail).toMatchObject({ sentAt: null, error: null })
      expect(mail.subject).toContain(ws.tenant.name)
      expect(mail.subject).toContain(owner.email.split('@')[0])
      expect(mail.text).toContain(owner.email)
      expect(mail.text).toContain(`/invite/${token}`)
    }

    const events = await db().auditEvent.findMany({ where: { tenantId: ws.tenant.id }, orderBy: { targetId: 'asc' } })
    expect(events.map((e) => e.action)).toEqual(['member.invite', 'member.invite'])
    expect(events.map((e) => e.targetId).sort()).toEqual([a.id, b.id].sort())
    expect(events.every((e) => e.actorEmail === owner.email)).toBe(true)
    expect(events.map((e) => (e.after as { email: string }).email).sort()).toEqual([ann, bob].sort())
  })

  it('audits what was stored: an admin invited with a template gets none, and the event says so', async () => {
    const { ws, state, addr } = await setup()
    const t = await template(ws.tenant.id, ['users.view'])
    success(await invite(state, [{ email: addr('adm'), baseRole: 'ADMIN', roleTemplateId: t.id }]))
    const m = await membershipOf(ws.tenant.id, addr('adm'))
    expect(m).toMatchObject({ baseRole: 'ADMIN', roleTemplateId: null })
    const event = await db().auditEvent.findFirstOrThrow({ where: { tenantId: ws.tenant.id, action: 'member.invite', targetId: m.id } })
    expect(event.after).toMatchObject({ email: addr('adm'), baseRole: 'ADMIN', roleTemplateId: m.roleTemplateId, crmAccess: true })
  })

  type Ctx = { addr: (n: string) => string; member: string; invited: string; foreignTemplateId: string }
  const BAD: [string, (c: Ctx) => unknown, string][] = [
    ['an invalid email', (c) => ({ rows: [{ email: c.addr('fine') }, { email: 'not-an-email' }] }), 'rows.1.email'],
    ['an empty list', () => ({ rows: [] }), 'rows'],
    ['501 rows', (c) => ({ rows: Array.from({ length: 501 }, (_, i) => ({ email: c.addr(`p${i}`) })) }), 'rows'],
    ['an address listed twice (in any case)', (c) => ({ rows: [{ email: c.addr('twice') }, { email: c.addr('TWICE') }] }), 'rows.1.email'],
    ['an address already a member', (c) => ({ rows: [{ email: c.addr('fine') }, { email: c.member }] }), 'rows.1.email'],
    ['an address already invited', (c) => ({ rows: [{ email: c.addr('fine') }, { email: c.invited }] }), 'rows.1.email'],
    ['an unknown template id', (c) => ({ rows: [{ email: c.addr('fine'), roleTemplateId: 'no-such-template' }] }), 'rows.0.roleTemplateId'],
    ['a template of another workspace', (c) => ({ rows: [{ email: c.addr('fine'), roleTemplateId: c.foreignTemplateId }] }), 'rows.0.roleTemplateId'],
    ['a base role that does not exist', (c) => ({ rows: [{ email: c.addr('fine'), baseRole: 'SUPERUSER' }] }), 'rows.0.baseRole'],
  ]
  it.each(BAD)('refuses %s with a field error and writes nothing', async (_name, input, path) => {
    const { ws, state, addr } = await setup()
    const member = await ws.add()
    success(await invite(state, [{ email: addr('pending') }]))
    const other = await createWorkspace()
    const ctx: Ctx = { addr, member: member.email, invited: addr('pending'), foreignTemplateId: (await template(other.tenant.id, [])).id }
    const before = await counts(ws.tenant.id)
    const r = failure(await inviteMembers.run(state, input(ctx)))
    expect(r.code).toBe('invalid')
    expect(Object.keys(r.fieldErrors ?? {})).toEqual([path])
    expect(await counts(ws.tenant.id)).toEqual(before)
  })
})

describe('inviteMembers: seats', () => {
  it('refuses the row past the seat limit and writes nothing; within it, invites', async () => {
    const { ws, owner, state, addr } = await setup('free')
    const before = await counts(ws.tenant.id)
    const r = failure(await invite(state, [{ email: addr('a') }, { email: addr('b') }, { email: addr('c') }]))
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['rows.2.email'])
    expect(r.fieldErrors?.['rows.2.email'].join(' ')).toMatch(/seat/)
    expect(await counts(ws.tenant.id)).toEqual(before)
    expect(await seatUsage(ws.tenant.id)).toMatchObject({ used: 1, limit: 3 })

    success(await invite(state, [{ email: addr('a') }, { email: addr('b') }]))
    expect(await seatUsage(ws.tenant.id)).toMatchObject({ used: 3, limit: 3 })

    // One joins and is then suspended, one stays invited: each still holds exactly one seat.
    success(await acceptNew(await tokenFor(addr('a'))))
    const joined = await membershipOf(ws.tenant.id, addr('a'))
    success(await setMemberStatus.run(await accessOf(owner), { memberIds: [joined.id], status: 'SUSPENDED' }))
    const statuses = await db().membership.groupBy({ by: ['status'], where: { tenantId: ws.tenant.id }, _count: true })
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count]))).toEqual({ ACTIVE: 1, SUSPENDED: 1, INVITED: 1 })
    expect(await seatUsage(ws.tenant.id)).toMatchObject({ used: 3, limit: 3 })
    const full = failure(await invite(state, [{ email: addr('d') }]))
    expect(full.fieldErrors?.['rows.0.email'].join(' ')).toMatch(/all are used/)
  })
})

describe('inviteMembers: no escalation', () => {
  it('an admin cannot invite owners or admins, but can invite members', async () => {
    const { ws, addr } = await setup()
    const admin = await accessOf(await ws.add({ role: 'ADMIN' }))
    const before = await counts(ws.tenant.id)
    for (const baseRole of ['OWNER', 'ADMIN']) {
      const r = failure(await invite(admin, [{ email: addr(baseRole), baseRole }]))
      expect(Object.keys(r.fieldErrors ?? {})).toEqual(['rows.0.baseRole'])
    }
    expect(await counts(ws.tenant.id)).toEqual(before)
    success(await invite(admin, [{ email: addr('member') }]))
  })

  it('a member cannot give a template holding permissions they lack', async () => {
    const { ws, addr } = await setup()
    const inviter = await accessOf(await ws.add({ permissions: ['users.view', 'users.invite'] }))
    const broadcasters = await template(ws.tenant.id, ['broadcasts.view', 'broadcasts.create'])
    const before = await counts(ws.tenant.id)
    const r = failure(await invite(inviter, [{ email: addr('x'), roleTemplateId: broadcasters.id }]))
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['rows.0.roleTemplateId'])
    expect(await counts(ws.tenant.id)).toEqual(before)
    const viewers = await template(ws.tenant.id, ['users.view'])
    success(await invite(inviter, [{ email: addr('x'), roleTemplateId: viewers.id }]))
  })

  it('a member without CRM access cannot give it; one with it can', async () => {
    const { ws, addr } = await setup()
    const noCrm = await accessOf(await ws.add({ permissions: ['users.view', 'users.invite'] }))
    const before = await counts(ws.tenant.id)
    const r = failure(await invite(noCrm, [{ email: addr('x') }], true))
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(['rows.0.crmAccess'])
    expect(await counts(ws.tenant.id)).toEqual(before)
    const withCrm = await accessOf(await ws.add({ permissions: ['users.view', 'users.invite'], crmAccess: true }))
    success(await invite(withCrm, [{ email: addr('x') }], true))
    expect((await membershipOf(ws.tenant.id, addr('x'))).crmAccess).toBe(true)
  })

  it('refuses a member without users.invite (forbidden) and a suspended one (unauthenticated)', async () => {
    const { ws, addr } = await setup()
    const viewer = await ws.add({ permissions: ['users.view'] })
    const suspended = await ws.add({ role: 'OWNER', status: 'SUSPENDED' })
    const before = await counts(ws.tenant.id)
    expect(failure(await invite(await accessOf(viewer), [{ email: addr('x') }])).code).toBe('forbidden')
    const state = await accessOf(suspended)
    expect(state).toEqual({ status: 'inactive', reason: 'SUSPENDED' })
    expect(failure(await invite(state, [{ email: addr('x') }])).code).toBe('unauthenticated')
    expect(await counts(ws.tenant.id)).toEqual(before)
  })
})

describe('resendInvite', () => {
  it('issues a new link and voids the old one', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('x') }]))
    const m = await membershipOf(ws.tenant.id, addr('x'))
    const old = await tokenFor(addr('x'))
    success(await resendInvite.run(state, { memberId: m.id }))
    const fresh = (await tokensFor(addr('x'))).filter((t) => t !== old)
    expect(fresh).toHaveLength(1)
    expect((await findInvitation(old)).state).toBe('voided')
    expect((await findInvitation(fresh[0])).state).toBe('valid')
    expect(failure(await acceptNew(old)).message).toMatch(/replaced by a newer invitation/)
    expect((await membershipOf(ws.tenant.id, addr('x'))).status).toBe('INVITED')
    success(await acceptNew(fresh[0]))
    expect((await membershipOf(ws.tenant.id, addr('x'))).status).toBe('ACTIVE')
    expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.invite_resend', targetId: m.id } })).toBe(1)
  })

  it('refuses a member who has joined and a member of another workspace', async () => {
    const { ws, state } = await setup()
    const active = await ws.add()
    const foreign = await (await createWorkspace()).add({ status: 'INVITED' })
    const before = await counts(ws.tenant.id)
    const joined = failure(await resendInvite.run(state, { memberId: active.id }))
    expect(joined.message).toMatch(/already joined/)
    expect(failure(await resendInvite.run(state, { memberId: foreign.id })).code).toBe('not_found')
    expect(await counts(ws.tenant.id)).toEqual(before)
  })

  it('an admin cannot resend the invitation of an invited owner', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('boss'), baseRole: 'OWNER' }]))
    const admin = await accessOf(await ws.add({ role: 'ADMIN' }))
    const token = await tokenFor(addr('boss'))
    const r = failure(await resendInvite.run(admin, { memberId: (await membershipOf(ws.tenant.id, addr('boss'))).id }))
    expect(r.code).toBe('forbidden')
    expect(await tokensFor(addr('boss'))).toEqual([token])
    expect((await findInvitation(token)).state).toBe('valid')
  })
})

describe('resendInvites (the bulk bar)', () => {
  it('sends each selected invitee a new link, voids the old ones, skips a joined member and one the actor may not invite', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('a') }, { email: addr('b') }, { email: addr('boss'), baseRole: 'OWNER' }]))
    const admin = await accessOf(await ws.add({ role: 'ADMIN' }))
    const joined = await ws.add()
    const [a, b, boss] = await Promise.all(['a', 'b', 'boss'].map((x) => membershipOf(ws.tenant.id, addr(x))))
    const old = { a: await tokenFor(addr('a')), b: await tokenFor(addr('b')), boss: await tokenFor(addr('boss')) }

    const r = success(await resendInvites.run(admin, { memberIds: [a.id, b.id, boss.id, joined.id] }))
    expect(r.data?.changed.sort()).toEqual([a.id, b.id].sort())
    expect(r.data?.skipped.map((s) => s.id).sort()).toEqual([boss.id, joined.id].sort())
    expect(r.message).toMatch(/^Sent a new invitation link to 2 members; earlier links no longer work\. Skipped 2: /)
    expect(r.message).toMatch(/Has already joined/)
    for (const x of ['a', 'b'] as const) {
      expect((await findInvitation(old[x])).state).toBe('voided')
      const fresh = (await tokensFor(addr(x))).filter((t) => t !== old[x])
      expect(fresh).toHaveLength(1)
      expect((await findInvitation(fresh[0])).state).toBe('valid')
    }
    // The owner's invitation is untouched: an admin may not issue an owner's link.
    expect(await tokensFor(addr('boss'))).toEqual([old.boss])
    const events = await db().auditEvent.findMany({ where: { tenantId: ws.tenant.id, action: 'member.invite_resend' } })
    expect(events.map((e) => e.targetId).sort()).toEqual([a.id, b.id].sort())
  })

  it('refuses the whole request when a member is not in the workspace, writing nothing', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('a') }]))
    const a = await membershipOf(ws.tenant.id, addr('a'))
    const foreign = await (await createWorkspace()).add({ status: 'INVITED' })
    const before = await counts(ws.tenant.id)
    expect(failure(await resendInvites.run(state, { memberIds: [a.id, foreign.id] })).code).toBe('not_found')
    expect(await counts(ws.tenant.id)).toEqual(before)
  })
})

describe('acceptInvite', () => {
  it('a new person sets name and password; the membership becomes active; the link works once', async () => {
    const { ws, owner, state, addr } = await setup()
    success(await invite(state, [{ email: addr('newbie') }]))
    const token = await tokenFor(addr('newbie'))
    expect(await findInvitation(token)).toMatchObject({
      state: 'valid',
      hasAccount: false,
      email: addr('newbie'),
      workspaceName: ws.tenant.name,
      inviterName: owner.email.split('@')[0],
    })

    const r = success(await acceptNew(token, null, 'Nina Newbie'))
    expect(r.data).toEqual({ email: addr('newbie'), tenantId: ws.tenant.id })
    const m = await membershipOf(ws.tenant.id, addr('newbie'))
    expect(m.status).toBe('ACTIVE')
    expect(Date.now() - (m.lastLoginAt?.getTime() ?? 0)).toBeLessThan(60_000)
    expect(m.user.name).toBe('Nina Newbie')
    expect(m.user.passwordHash).toMatch(/^\$argon2/)
    expect(await authenticate(addr('newbie'), NEW_PASSWORD, null)).toMatchObject({ ok: true, tenantId: ws.tenant.id })
    expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.join', targetId: m.id } })).toBe(1)
    // The link is recorded as used (accepted, not voided), at the time of joining.
    const link = await db().invitation.findFirstOrThrow({ where: { membershipId: m.id } })
    expect(link.revokedAt).toBeNull()
    expect(Date.now() - (link.acceptedAt?.getTime() ?? 0)).toBeLessThan(60_000)

    const before = { ...(await counts(ws.tenant.id)), user: await db().user.findUniqueOrThrow({ where: { id: m.userId } }) }
    const again = failure(
      await acceptInvite.run(anonymous, { mode: 'new', token, name: 'Intruder', password: 'another password!', confirmPassword: 'another password!' }),
    )
    expect(again.message).toMatch(/already been used/)
    expect((await findInvitation(token)).state).toBe('used')
    expect({ ...(await counts(ws.tenant.id)), user: await db().user.findUniqueOrThrow({ where: { id: m.userId } }) }).toEqual(before)
  })

  it('checks the form: passwords that differ, a short password', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('x') }]))
    const token = await tokenFor(addr('x'))
    const mismatch = failure(await acceptInvite.run(anonymous, { mode: 'new', token, name: 'X', password: NEW_PASSWORD, confirmPassword: 'something else' }))
    expect(Object.keys(mismatch.fieldErrors ?? {})).toEqual(['confirmPassword'])
    const short = failure(await acceptInvite.run(anonymous, { mode: 'new', token, name: 'X', password: 'short', confirmPassword: 'short' }))
    expect(Object.keys(short.fieldErrors ?? {})).toEqual(['password'])
    expect((await membershipOf(ws.tenant.id, addr('x'))).status).toBe('INVITED')
    expect((await findInvitation(token)).state).toBe('valid')
  })

  it('someone with an account joins with their password, not a new one', async () => {
    const elsewhere = await (await createWorkspace()).add()
    const { ws, state } = await setup()
    success(await invite(state, [{ email: elsewhere.email }]))
    const token = await tokenFor(elsewhere.email)
    expect(await findInvitation(token)).toMatchObject({ state: 'valid', hasAccount: true })
    const hash = (await db().user.findUniqueOrThrow({ where: { id: elsewhere.userId } })).passwordHash

    expect(failure(await acceptNew(token)).message).toMatch(/Reload/)
    const wrong = failure(await acceptInvite.run(anonymous, { mode: 'existing', token, password: 'not the password' }))
    expect(Object.keys(wrong.fieldErrors ?? {})).toEqual(['password'])
    expect((await membershipOf(ws.tenant.id, elsewhere.email)).status).toBe('INVITED')
    expect((await db().user.findUniqueOrThrow({ where: { id: elsewhere.userId } })).passwordHash).toBe(hash)

    success(await acceptInvite.run(anonymous, { mode: 'existing', token, password: PASSWORD }))
    expect(await db().membership.count({ where: { userId: elsewhere.userId, status: 'ACTIVE' } })).toBe(2)
    expect((await db().user.findUniqueOrThrow({ where: { id: elsewhere.userId } })).passwordHash).toBe(hash)
  })
})

describe('stale links', () => {
  it('an expired link is refused; an unknown token is unknown', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('late') }]))
    const token = await tokenFor(addr('late'))
    await db().invitation.updateMany({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await findInvitation(token)).state).toBe('expired')
    expect(failure(await acceptNew(token)).message).toMatch(/expired/)
    expect((await membershipOf(ws.tenant.id, addr('late'))).status).toBe('INVITED')
    expect((await findInvitation(randomBytes(32).toString('base64url'))).state).toBe('unknown')
  })

  it('revoking an invitation frees the seat and the link becomes unknown', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('gone') }]))
    const token = await tokenFor(addr('gone'))
    const m = await membershipOf(ws.tenant.id, addr('gone'))
    expect((await seatUsage(ws.tenant.id)).used).toBe(2)
    success(await revokeInvites.run(state, { memberIds: [m.id] }))
    expect((await seatUsage(ws.tenant.id)).used).toBe(1)
    expect((await findInvitation(token)).state).toBe('unknown')
    expect(await db().user.count({ where: { email: addr('gone') } })).toBe(0) // never had an account
    expect(failure(await acceptNew(token)).message).toMatch(/not valid/)
  })

  it('re-checks the seat limit at acceptance: after a downgrade the invitee waits', async () => {
    const { ws, state, addr } = await setup('free')
    success(await invite(state, [{ email: addr('a') }, { email: addr('b') }]))
    expect(await seatUsage(ws.tenant.id)).toMatchObject({ used: 3, limit: 3 })
    const tiny = await db().plan.create({
      data: { id: `tiny-${ws.tag}`, name: 'Tiny', seatLimit: 1, enabledModules: ['contacts', 'inbox', 'settings', 'billing'] },
    })
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { planId: tiny.id } })
    const token = await tokenFor(addr('a'))
    const r = failure(await acceptNew(token))
    expect(r.code).toBe('limit')
    expect(r.message).toContain(ws.tenant.name)
    const m = await membershipOf(ws.tenant.id, addr('a'))
    expect(m.status).toBe('INVITED')
    expect(m.invitations[0].acceptedAt).toBeNull()
    expect((await findInvitation(token)).state).toBe('valid')
    // Back on a plan with room, the same link works.
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { planId: 'free' } })
    success(await acceptNew(token))
  })

  it('after 20 unknown tokens from one IP, the 21st try is refused even with a valid token; other IPs still work', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('x') }]))
    const token = await tokenFor(addr('x'))
    for (let i = 0; i < 20; i++) {
      expect(failure(await acceptNew(randomBytes(32).toString('base64url'), '203.0.113.9')).message).toMatch(/not valid/)
    }
    expect(failure(await acceptNew(token, '203.0.113.9')).message).toMatch(/Too many/)
    expect((await membershipOf(ws.tenant.id, addr('x'))).status).toBe('INVITED')
    success(await acceptNew(token, '198.51.100.20'))
  })
})

// lib/members/accept.ts, word for word and at its edges (found undecided by the mutation run:
// docs/mutation.md, seventh batch).
describe('acceptInvite: the answers word for word, and the edges', () => {
  it('the join is audited as what it is', async () => {
    const { ws, state, addr } = await setup()
    success(await invite(state, [{ email: addr('joiner') }]))
    success(await acceptNew(await tokenFor(addr('joiner')), '203.0.113.77'))
    const m = await membershipOf(ws.tenant.id, addr('joiner'))
    const [event] = await auditEvents(ws.tenant.id, 'member.join')
    expect(event).toMatchObject({
      actorId: m.userId,
      actorEmail: addr('joiner'),
      targetType: 'member',
      targetId: m.id,
      summary: `${addr('joiner')} accepted the invitation`,
      before: { status: 'INVITED' },
      after: { status: 'ACTIVE' },
      ip: '203.0.113.77',
    })
  })

  it('a wrong password, then too many, in their words', async () => {
    const elsewhere = await (await createWorkspace()).add()
    const { state } = await setup()
    success(await invite(state, [{ email: elsewhere.email }]))
    const token = await tokenFor(elsewhere.email)
    const wrong = failure(await acceptInvite.run(anonymous, { mode: 'existing', token, password: 'not the password' }, '198.51.100.61'))
    expect([wrong.message, wrong.fieldErrors]).toEqual(['Check the highlighted fields.', { password: ['That password is not right for this account.'] }])
    let last = wrong
    for (let i = 0; i < 12 && !last.message.startsWith('Too many'); i++)
      last = failure(await acceptInvite.run(anonymous, { mode: 'existing', token, password: `not the password ${i}` }, '198.51.100.61'))
    expect(last.message).toMatch(/^Too many failed attempts\. Try again in \d+ (second|minute)s?\.$/)
  })

  it('the last free seat can be taken: joining fills the plan exactly', async () => {
    const { ws, state, addr } = await setup('free')
    success(await invite(state, [{ email: addr('a') }, { email: addr('b') }]))
    success(await acceptNew(await tokenFor(addr('a'))))
    success(await acceptNew(await tokenFor(addr('b'))))
    expect(await db().membership.count({ where: { tenantId: ws.tenant.id, status: 'ACTIVE' } })).toBe(3)
  })

  it('no seat: the words name the workspace and who invited, or say "the person who invited you"', async () => {
    const { ws, owner, state, addr } = await setup('free')
    const admin = await ws.add({ role: 'ADMIN' })
    success(await invite(state, [{ email: addr('by-owner') }]))
    await db().tenant.update({
      where: { id: ws.tenant.id },
      data: { planId: (await db().plan.create({ data: { id: `one-${ws.tag}`, name: 'One', seatLimit: 1, enabledModules: ['settings'] } })).id },
    })
    const named = failure(await acceptNew(await tokenFor(addr('by-owner'))))
    const ownerName = owner.email.split('@')[0]
    expect(named.message).toBe(`${ws.tenant.name} has no free seat on its plan right now. Ask ${ownerName} to free one or upgrade, then open this link again.`)
    // Invited by someone no longer in the workspace.
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { planId: 'team' } })
    success(await invite(await accessOf(admin), [{ email: addr('by-admin') }]))
    await db().membership.delete({ where: { id: admin.id } })
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { planId: `one-${ws.tag}` } })
    expect(failure(await acceptNew(await tokenFor(addr('by-admin')))).message).toBe(
      `${ws.tenant.name} has no free seat on its plan right now. Ask the person who invited you to free one or upgrade, then open this link again.`,
    )
  })

  it('only unknown links count towards the network’s limit: an expired one tried often does not', async () => {
    const { state, addr } = await setup()
    success(await invite(state, [{ email: addr('late') }, { email: addr('fine') }]))
    const late = await tokenFor(addr('late'))
    await db().invitation.updateMany({ where: { tokenHash: hashToken(late) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    for (let i = 0; i < 21; i++) expect(failure(await acceptNew(late, '192.0.2.55')).message).toBe('This invitation has expired. Ask for a new one.')
    success(await acceptNew(await tokenFor(addr('fine')), '192.0.2.55'))
  })
})
