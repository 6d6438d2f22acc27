import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cancelEmailChange, requestEmailChange } from '@/app/(app)/settings/users/[memberId]/actions'
import { confirmEmailChange } from '@/app/confirm-email/[token]/actions'
import type { AccessState } from '@/lib/authz/get-access'
import { defineAction, definePublicAction } from '@/lib/authz/guards'
import { ok } from '@/lib/authz/result'
import { db } from '@/lib/db/client'
import { createEmailChange } from '@/lib/db/email-changes'
import { loadTargets } from '@/lib/db/members'
import { memberIdSchema, requestEmailChangeSchema } from '@/lib/validation/members'
import { accessOf, auditCount, auditEvents, createWorkspace, failure, keepMailInOutbox, success } from '../support/fixtures'

// An admin changes an active member's sign-in email; nothing changes until the new address
// confirms with the mailed link. Through the real actions and a real database: what a request
// writes (and, refused, does not), the link's single use and expiry, the address being global
// (unique across workspaces, and never changed for a user of another workspace too), one's own
// address, and "only owners change owners and admins".

keepMailInOutbox()

const LINK = /\/confirm-email\/([A-Za-z0-9_-]+)/
const anon: AccessState = { status: 'anonymous' }

async function setup() {
  const ws = await createWorkspace()
  const owner = await ws.add({ role: 'OWNER' })
  const member = await ws.add({ permissions: ['users.view'] })
  const fresh = (name: string) => `${name}-${randomBytes(3).toString('hex')}@${ws.tag}.test`
  return { ws, owner, member, fresh, state: await accessOf(owner) }
}

/** What a refused request must leave untouched: requests, mail, audit, the address. */
async function snapshot(tenantId: string, userId: string) {
  return {
    requests: await db().emailChange.count({ where: { userId } }),
    mails: await db().outboxMail.count({ where: { tenantId } }),
    audit: await auditCount(tenantId),
    email: (await db().user.findUniqueOrThrow({ where: { id: userId } })).email,
  }
}

async function tokenMailedTo(email: string) {
  const mail = await db().outboxMail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: 'desc' } })
  return LINK.exec(mail.text)![1]
}

describe('requestEmailChange', () => {
  it('writes the request (only the token’s hash), the mail to the new address, the notice to the old one and the audit event; the address does not change yet', async () => {
    const { ws, member, fresh, state } = await setup()
    const to = fresh('new')
    success(await requestEmailChange.run(state, { memberId: member.id, email: to.toUpperCase() }))

    const token = await tokenMailedTo(to)
    const rows = await db().emailChange.findMany({ where: { membershipId: member.id } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ oldEmail: member.email, newEmail: to, usedAt: null, cancelledAt: null })
    expect(rows[0].tokenHash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(rows[0])).not.toContain(token)
    const hours = (rows[0].expiresAt.getTime() - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThanOrEqual(24)

    const notice = await db().outboxMail.findFirstOrThrow({ where: { to: member.email } })
    expect(notice.text).toContain(to)
    expect(notice.text).not.toMatch(LINK)
    expect((await auditEvents(ws.tenant.id, 'member.email_change_requested')).map((e) => e.targetId)).toEqual([member.id])
    expect((await db().user.findUniqueOrThrow({ where: { id: member.userId } })).email).toBe(member.email)
  })

  it('refuses an address another user signs in with, in any workspace, and writes nothing', async () => {
    const { member, state } = await setup()
    const elsewhere = await (await createWorkspace()).add()
    const before = await snapshot(member.tenantId, member.userId)
    const r = failure(await requestEmailChange.run(state, { memberId: member.id, email: elsewhere.email }))
    expect(r.fieldErrors?.email?.[0]).toMatch(/already signs in with this address/)
    expect(await snapshot(member.tenantId, member.userId)).toEqual(before)
  })

  it('refuses a user who also belongs to another workspace (their address is theirs everywhere), and writes nothing', async () => {
    const { member, fresh, state } = await setup()
    const other = await createWorkspace()
    await other.add({ email: member.email })
    const before = await snapshot(member.tenantId, member.userId)
    const r = failure(await requestEmailChange.run(state, { memberId: member.id, email: fresh('new') }))
    expect(r.fieldErrors?.email?.[0]).toMatch(/also belongs to another workspace/)
    expect(await snapshot(member.tenantId, member.userId)).toEqual(before)
  })

  it('refuses one’s own address (the profile is the place), and writes nothing', async () => {
    const { owner, fresh, state } = await setup()
    const before = await snapshot(owner.tenantId, owner.userId)
    const r = failure(await requestEmailChange.run(state, { memberId: owner.id, email: fresh('me') }))
    expect(r.fieldErrors?.email?.[0]).toMatch(/your own email/)
    expect(await snapshot(owner.tenantId, owner.userId)).toEqual(before)
  })

  it('only an owner changes an owner’s or an admin’s address', async () => {
    const { ws, owner, fresh } = await setup()
    const admin = await ws.add({ role: 'ADMIN' })
    const otherAdmin = await ws.add({ role: 'ADMIN' })
    const adminState = await accessOf(admin)
    for (const target of [owner, otherAdmin]) {
      const before = await snapshot(ws.tenant.id, target.userId)
      const r = failure(await requestEmailChange.run(adminState, { memberId: target.id, email: fresh('x') }))
      expect(r.message).toMatch(/Only an owner can change/)
      expect(await snapshot(ws.tenant.id, target.userId)).toEqual(before)
    }
    // An admin changes a member's; an owner changes an admin's.
    success(await requestEmailChange.run(adminState, { memberId: (await ws.add()).id, email: fresh('m') }))
    success(await requestEmailChange.run(await accessOf(owner), { memberId: otherAdmin.id, email: fresh('a') }))
  })

  it('refuses an actor who lacks what the member holds: the link hands their access to the new address', async () => {
    const { ws, fresh } = await setup()
    const editor = await ws.add({ permissions: ['users.view', 'users.edit'] })
    const rich = await ws.add({ permissions: ['users.view', 'roles.view'] })
    const before = await snapshot(ws.tenant.id, rich.userId)
    const r = failure(await requestEmailChange.run(await accessOf(editor), { memberId: rich.id, email: fresh('x') }))
    expect(r.fieldErrors?.email?.[0]).toMatch(/they hold access you don’t \(roles.view\)/)
    expect(await snapshot(ws.tenant.id, rich.userId)).toEqual(before)
    success(await requestEmailChange.run(await accessOf(editor), { memberId: (await ws.add({ permissions: ['users.view'] })).id, email: fresh('y') }))
  })

  it('without the “Edit users” permission: refused, nothing written', async () => {
    const { ws, member, fresh } = await setup()
    const viewer = await ws.add({ permissions: ['users.view', 'users.invite', 'users.edit_status'] })
    const before = await snapshot(ws.tenant.id, member.userId)
    const r = failure(await requestEmailChange.run(await accessOf(viewer), { memberId: member.id, email: fresh('x') }))
    expect(r.code).toBe('forbidden')
    expect(await snapshot(ws.tenant.id, member.userId)).toEqual(before)
  })

  it('refuses invited and suspended people (an invitation’s address is corrected in its form)', async () => {
    const { ws, fresh, state } = await setup()
    for (const status of ['INVITED', 'SUSPENDED'] as const) {
      const m = await ws.add({ status })
      failure(await requestEmailChange.run(state, { memberId: m.id, email: fresh('x') }))
      expect(await db().emailChange.count({ where: { membershipId: m.id } })).toBe(0)
    }
  })
})

describe('confirmEmailChange', () => {
  it('switches the sign-in email once, ends the user’s sessions, writes the audit event; the link then is used', async () => {
    const { ws, member, fresh, state } = await setup()
    const to = fresh('new')
    success(await requestEmailChange.run(state, { memberId: member.id, email: to }))
    const token = await tokenMailedTo(to)
    const before = await db().user.findUniqueOrThrow({ where: { id: member.userId } })

    success(await confirmEmailChange.run(anon, { token }))
    const after = await db().user.findUniqueOrThrow({ where: { id: member.userId } })
    expect(after.email).toBe(to)
    expect(after.sessionVersion).toBe(before.sessionVersion + 1)
    expect((await db().membership.findUniqueOrThrow({ where: { id: member.id } })).email).toBe(to)
    expect((await db().emailChange.findFirstOrThrow({ where: { membershipId: member.id } })).usedAt).not.toBeNull()
    const [event] = await auditEvents(ws.tenant.id, 'member.email_changed')
    expect(event).toMatchObject({
      targetType: 'member',
      targetId: member.id,
      summary: `Changed the sign-in email of ${member.email} to ${to}`,
      before: { email: member.email },
      after: { email: to },
    })

    const again = failure(await confirmEmailChange.run(anon, { token }))
    expect(again.message).toMatch(/already been confirmed/)
    expect(await auditEvents(ws.tenant.id, 'member.email_changed')).toHaveLength(1)
  })

  it('an expired link changes nothing', async () => {
    const { member, fresh, state } = await setup()
    const to = fresh('late')
    success(await requestEmailChange.run(state, { memberId: member.id, email: to }))
    await db().emailChange.updateMany({ where: { membershipId: member.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const r = failure(await confirmEmailChange.run(anon, { token: await tokenMailedTo(to) }))
    expect(r.message).toMatch(/expired/)
    expect((await db().user.findUniqueOrThrow({ where: { id: member.userId } })).email).toBe(member.email)
  })

  it('a cancelled request, or one replaced by a newer one, no longer works', async () => {
    const { member, fresh, state } = await setup()
    const first = fresh('first')
    success(await requestEmailChange.run(state, { memberId: member.id, email: first }))
    const second = fresh('second')
    success(await requestEmailChange.run(state, { memberId: member.id, email: second }))
    expect(failure(await confirmEmailChange.run(anon, { token: await tokenMailedTo(first) })).message).toMatch(/cancelled or replaced/)
    success(await cancelEmailChange.run(state, { memberId: member.id }))
    expect(failure(await confirmEmailChange.run(anon, { token: await tokenMailedTo(second) })).message).toMatch(/cancelled or replaced/)
    expect((await db().user.findUniqueOrThrow({ where: { id: member.userId } })).email).toBe(member.email)
    expect(failure(await cancelEmailChange.run(state, { memberId: member.id })).message).toMatch(/no pending email change/)
  })

  it('an address taken meanwhile, or a user who joined another workspace meanwhile, is refused', async () => {
    const { member, fresh, state } = await setup()
    const to = fresh('taken')
    success(await requestEmailChange.run(state, { memberId: member.id, email: to }))
    const token = await tokenMailedTo(to)
    await db().user.create({ data: { email: to } })
    const taken = failure(await confirmEmailChange.run(anon, { token }))
    expect([taken.code, taken.message]).toEqual([
      'conflict',
      'Another user already signs in with this address. An email belongs to one user across all workspaces: choose another.',
    ])
    await db().user.delete({ where: { email: to } })

    await (await createWorkspace()).add({ email: member.email })
    const elsewhere = failure(await confirmEmailChange.run(anon, { token }))
    expect([elsewhere.code, elsewhere.message]).toEqual([
      'forbidden',
      'This person also belongs to another workspace, and their sign-in email is the same in every workspace: only they can change it.',
    ])
    expect((await db().user.findUniqueOrThrow({ where: { id: member.userId } })).email).toBe(member.email)
  })

  it('an unknown token is refused', async () => {
    const unknown = failure(await confirmEmailChange.run(anon, { token: 'x'.repeat(43) }))
    expect([unknown.code, unknown.message]).toEqual(['invalid', 'This confirmation link is not valid.'])
  })
})

describe('the action gate, on what a change really wrote', () => {
  // Actions that skip the service's checks: the gate's final check (checkChange) still refuses.
  const careless = defineAction({ audits: [], permission: 'users.edit', schema: requestEmailChangeSchema }, async ({ memberId, email }, { access }) => {
    const [t] = await loadTargets(access.tenantId, [memberId])
    await createEmailChange({
      tenantId: t.tenantId,
      membershipId: t.membershipId,
      userId: t.userId,
      oldEmail: t.email,
      newEmail: email,
      requestedById: access.membershipId,
    })
    return ok()
  })
  const anonymousSwitch = definePublicAction({ audits: [], schema: memberIdSchema }, async ({ memberId }) => {
    const m = await db().membership.findUniqueOrThrow({ where: { id: memberId } })
    await db().user.update({ where: { id: m.userId }, data: { email: `taken-over-${randomBytes(3).toString('hex')}@example.test` } })
    return ok()
  })

  it('refuses a request for a user of two workspaces, for oneself, and for an owner by an admin', async () => {
    const { ws, owner, member, fresh, state } = await setup()
    await (await createWorkspace()).add({ email: member.email })
    expect(failure(await careless.run(state, { memberId: member.id, email: fresh('x') })).message).toMatch(/also belongs to another workspace/)
    expect(failure(await careless.run(state, { memberId: owner.id, email: fresh('x') })).message).toMatch(/your own email/)
    const admin = await ws.add({ role: 'ADMIN' })
    expect(failure(await careless.run(await accessOf(admin), { memberId: owner.id, email: fresh('x') })).message).toMatch(/Only an owner/)
    expect(await db().emailChange.count({ where: { tenantId: ws.tenant.id } })).toBe(0)
  })

  it('refuses an anonymous change of an address without a confirmed request', async () => {
    const { member } = await setup()
    expect(failure(await anonymousSwitch.run(anon, { memberId: member.id })).message).toMatch(/Only an invitation can be accepted/)
    expect((await db().user.findUniqueOrThrow({ where: { id: member.userId } })).email).toBe(member.email)
  })
})

// lib/members/email-change.ts's refusals, each in its words, field and code (found undecided by
// the mutation run: docs/mutation.md, seventh batch).
describe('email changes: every refusal word for word', () => {
  const TAKEN = 'Another user already signs in with this address. An email belongs to one user across all workspaces: choose another.'

  it('a member not found, the same address, an address taken, one outside the domains', async () => {
    const { ws, member, fresh, state } = await setup()
    const foreign = await (await createWorkspace()).add()
    for (const r of [
      failure(await requestEmailChange.run(state, { memberId: foreign.id, email: fresh('x') })),
      failure(await cancelEmailChange.run(state, { memberId: foreign.id })),
    ])
      expect([r.code, r.message]).toEqual(['not_found', 'That member was not found.'])
    const same = failure(await requestEmailChange.run(state, { memberId: member.id, email: member.email }))
    expect([same.code, same.fieldErrors]).toEqual(['invalid', { email: ['That is already their email.'] }])
    const taken = failure(await requestEmailChange.run(state, { memberId: member.id, email: foreign.email }))
    expect([taken.code, taken.fieldErrors]).toEqual(['conflict', { email: [TAKEN] }])
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: ['example.com'] } })
    const outside = failure(await requestEmailChange.run(state, { memberId: member.id, email: fresh('x') }))
    expect([outside.code, outside.fieldErrors]).toEqual(['invalid', { email: ['This workspace accepts only addresses at example.com.'] }])
    expect(await db().emailChange.count({ where: { membershipId: member.id } })).toBe(0)
  })

  it('the rules’ refusals keep their code: forbidden unless the rule says invalid', async () => {
    const { ws, owner, fresh, state } = await setup()
    const own = failure(await requestEmailChange.run(state, { memberId: owner.id, email: fresh('me') }))
    expect(own.code).toBe('forbidden')
    const invited = failure(await requestEmailChange.run(state, { memberId: (await ws.add({ status: 'INVITED' })).id, email: fresh('x') }))
    expect([invited.code, invited.message]).toEqual([
      'invalid',
      'Only an active member’s sign-in email can be changed. Correct an invitation’s address in its form.',
    ])
    // Cancelling is judged too, before anything is looked for: an admin cannot touch an owner's.
    const admin = await accessOf(await ws.add({ role: 'ADMIN' }))
    expect(failure(await cancelEmailChange.run(admin, { memberId: owner.id })).message).toBe('Only an owner can change an owner.')
    const member = await ws.add()
    const none = failure(await cancelEmailChange.run(state, { memberId: member.id }))
    expect([none.code, none.message]).toEqual(['invalid', `${member.email} has no pending email change.`])
  })

  it('the mail names who asked, by email when they have no name', async () => {
    const { owner, member, fresh } = await setup()
    await db().user.update({ where: { id: owner.userId }, data: { name: '' } })
    const to = fresh('new')
    success(await requestEmailChange.run(await accessOf(owner), { memberId: member.id, email: to }))
    const mail = await db().outboxMail.findFirstOrThrow({ where: { to } })
    expect(mail.text).toContain(`${owner.email} (${owner.email}) asked to change the sign-in email of ${member.email}`)
  })

  it('at confirmation: domains that changed meanwhile, and a network that tried too many links', async () => {
    const { ws, member, fresh, state } = await setup()
    const to = fresh('new')
    success(await requestEmailChange.run(state, { memberId: member.id, email: to }))
    const token = await tokenMailedTo(to)
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: ['example.com'] } })
    const late = failure(await confirmEmailChange.run(anon, { token }))
    expect([late.code, late.message]).toEqual([
      'forbidden',
      'This workspace accepts only addresses at example.com. This change can no longer be confirmed; ask your admin about another address.',
    ])
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
    let blocked: { code?: string; message?: string } = {}
    for (let i = 0; i < 50 && !blocked.message?.startsWith('Too many'); i++)
      blocked = failure(await confirmEmailChange.run(anon, { token: `${'y'.repeat(42)}${i % 10}` }, ip))
    expect([blocked.code, blocked.message]).toEqual(['forbidden', 'Too many invalid links from your network. Try again in 15 minutes.'])
    // Blocked before the link is even looked at: a good link from that network is refused too.
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: [] } })
    expect(failure(await confirmEmailChange.run(anon, { token }, ip)).message).toBe('Too many invalid links from your network. Try again in 15 minutes.')
    expect((await db().user.findUniqueOrThrow({ where: { id: member.userId } })).email).toBe(member.email)
  })
})
