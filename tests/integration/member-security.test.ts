import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { endMemberSessions, resetMemberTwoFactor, sendMemberPasswordReset } from '@/app/(app)/settings/users/[memberId]/security-actions'
import { resetPassword } from '@/app/reset-password/[token]/actions'
import { verifyPassword } from '@/lib/auth/password'
import { accessFor } from '@/lib/authz/get-access'
import type { AccessState } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { openSessionSummary, startSession } from '@/lib/db/sessions'
import { accessOf, auditCount, auditEvents, createWorkspace, failure, keepMailInOutbox, success } from '../support/fixtures'

// The member page's security actions, through the real actions and a real database: sending a
// password-reset link (the forgot-password link, saying who asked), resetting two-factor sign-in,
// ending every session. Each writes its effect and its audit event; refused — an admin on an
// owner, oneself, another workspace, without the permission, nothing to act on — it writes nothing.

keepMailInOutbox()

const LINK = /\/reset-password\/([A-Za-z0-9_-]+)/
const anon: AccessState = { status: 'anonymous' }

async function setup() {
  const ws = await createWorkspace({ name: 'Acme' })
  const owner = await ws.add({ role: 'OWNER' })
  const admin = await ws.add({ role: 'ADMIN' })
  const member = await ws.add({ permissions: ['users.view'] })
  return { ws, owner, admin, member, ownerState: await accessOf(owner), adminState: await accessOf(admin) }
}

const userOf = (userId: string) => db().user.findUniqueOrThrow({ where: { id: userId } })
const mailsTo = (email: string) => db().outboxMail.findMany({ where: { to: email }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })

/** Turns two-factor sign-in on for a user, with two recovery codes (as enrolment leaves it). */
async function withTwoFactor(userId: string) {
  await db().user.update({ where: { id: userId }, data: { totpSecret: 'encrypted-secret', totpEnabledAt: new Date(), totpLastStep: 12345 } })
  await db().recoveryCode.createMany({ data: ['a', 'b'].map((c) => ({ userId, codeHash: createHash('sha256').update(c).digest('hex') })) })
}

/** Everything these actions could write for a user and a workspace: a refused call leaves all of it as it was. */
async function snapshot(tenantId: string, userId: string) {
  const u = await userOf(userId)
  return {
    twoFactor: [u.totpSecret, u.totpEnabledAt?.toISOString() ?? null, u.totpLastStep],
    codes: await db().recoveryCode.count({ where: { userId } }),
    sessions: (await db().session.findMany({ where: { userId }, orderBy: { id: 'asc' } })).map((s) => [s.id, s.endedAt]),
    resets: await db().passwordReset.count({ where: { userId } }),
    mails: await db().outboxMail.count(),
    audit: await auditCount(tenantId),
  }
}

describe('sendMemberPasswordReset', () => {
  it('mails the member the forgot-password link, saying who asked; it is audited, and the link sets a new password', async () => {
    const { ws, owner, member, ownerState } = await setup()
    const r = success(await sendMemberPasswordReset.run(ownerState, { memberId: member.id }, '10.1.2.3'))
    expect(r.message).toContain(`A password-reset link went to ${member.email}`)

    const [mail] = await mailsTo(member.email)
    expect(mail.subject).toBe('Reset your Teamgate password')
    expect(mail.tenantId).toBe(ws.tenant.id)
    expect(mail.text).toContain(`${owner.email.split('@')[0]} (${owner.email}), of the workspace Acme, asked us to send you a link`)
    const token = LINK.exec(mail.text)![1]
    const [row] = await db().passwordReset.findMany({ where: { userId: member.userId } })
    expect(row).toMatchObject({ usedAt: null, ip: '10.1.2.3', tokenHash: createHash('sha256').update(token).digest('hex') })
    expect((await userOf(member.userId)).passwordHash).not.toBeNull()

    const [event] = await auditEvents(ws.tenant.id, 'member.password_reset_sent')
    expect(event).toMatchObject({
      actorId: owner.userId,
      targetType: 'member',
      targetId: member.id,
      summary: `Sent ${member.email} a link to reset their password`,
    })
    expect(event.after).toEqual({ expiresAt: row.expiresAt.toISOString() })

    success(await resetPassword.run(anon, { token, newPassword: 'a brand new password 1', confirmPassword: 'a brand new password 1' }, '10.9.9.9'))
    expect(await verifyPassword((await userOf(member.userId)).passwordHash, 'a brand new password 1')).toBe(true)
  })

  it('counts against the address’s limit of reset mails (3 in 15 minutes), then refuses without a mail', async () => {
    const { member, ownerState } = await setup()
    for (let i = 0; i < 3; i++) success(await sendMemberPasswordReset.run(ownerState, { memberId: member.id }))
    const r = failure(await sendMemberPasswordReset.run(ownerState, { memberId: member.id }))
    expect(r).toMatchObject({ code: 'limit', message: `Several reset links went to ${member.email} in the last 15 minutes. Try again later.` })
    expect(await mailsTo(member.email)).toHaveLength(3)
    // A newer link voids the older ones: only the last works.
    expect(await db().passwordReset.count({ where: { userId: member.userId, expiresAt: { gt: new Date() } } })).toBe(1)
  })

  it('refuses a suspended member and one without a password, and writes nothing', async () => {
    const { ws, ownerState } = await setup()
    const suspended = await ws.add({ status: 'SUSPENDED' })
    const noPassword = await ws.add()
    await db().user.update({ where: { id: noPassword.userId }, data: { passwordHash: null } })
    for (const m of [suspended, noPassword]) {
      const before = await snapshot(ws.tenant.id, m.userId)
      failure(await sendMemberPasswordReset.run(ownerState, { memberId: m.id }))
      expect(await snapshot(ws.tenant.id, m.userId)).toEqual(before)
    }
  })

  it('goes to a member of several workspaces too: the link only reaches their own inbox', async () => {
    const { member, ownerState } = await setup()
    const other = await createWorkspace()
    await other.add({ email: member.email })
    success(await sendMemberPasswordReset.run(ownerState, { memberId: member.id }))
    expect(await mailsTo(member.email)).toHaveLength(1)
  })
})

describe('resetMemberTwoFactor', () => {
  it('clears the secret, when it was turned on, the last step and every recovery code; it is audited', async () => {
    const { ws, admin, member, adminState } = await setup()
    await withTwoFactor(member.userId)
    const bystander = await ws.add()
    await withTwoFactor(bystander.userId)

    const r = success(await resetMemberTwoFactor.run(adminState, { memberId: member.id }))
    expect(r.message).toContain(`Two-factor sign-in of ${member.email} is off`)
    expect(await userOf(member.userId)).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
    expect(await db().recoveryCode.count({ where: { userId: member.userId } })).toBe(0)
    // Nobody else's.
    expect((await userOf(bystander.userId)).totpEnabledAt).not.toBeNull()
    expect(await db().recoveryCode.count({ where: { userId: bystander.userId } })).toBe(2)

    const [event] = await auditEvents(ws.tenant.id, 'member.two_factor_reset')
    expect(event).toMatchObject({ actorId: admin.userId, targetId: member.id, before: { twoFactor: true }, after: { twoFactor: false } })
  })

  it('refuses a member without two-factor, and one who also belongs to another workspace (it guards that one too)', async () => {
    const { ws, member, ownerState } = await setup()
    const before = await snapshot(ws.tenant.id, member.userId)
    expect(failure(await resetMemberTwoFactor.run(ownerState, { memberId: member.id }))).toMatchObject({
      code: 'invalid',
      message: `${member.email} does not use two-factor sign-in.`,
    })
    expect(await snapshot(ws.tenant.id, member.userId)).toEqual(before)

    const twice = await ws.add()
    await (await createWorkspace()).add({ email: twice.email, status: 'SUSPENDED' })
    await withTwoFactor(twice.userId)
    const held = await snapshot(ws.tenant.id, twice.userId)
    expect(failure(await resetMemberTwoFactor.run(ownerState, { memberId: twice.id })).message).toMatch(/also belongs to another workspace/)
    expect(await snapshot(ws.tenant.id, twice.userId)).toEqual(held)
  })
})

describe('endMemberSessions', () => {
  it('ends every open session of the member, each refused on its next request; nobody else’s; audited', async () => {
    const { ws, owner, member, ownerState } = await setup()
    const laptop = await startSession(member.userId, '10.0.0.1', 'Firefox')
    const phone = await startSession(member.userId, '10.0.0.2', 'Safari')
    const ownerSession = await startSession(owner.userId, null, 'Chrome')
    const request = (uid: string, sid: string) => accessFor({ uid, tid: ws.tenant.id, sv: 0, sid })
    expect((await request(member.userId, laptop)).status).toBe('ok')
    expect(await openSessionSummary(member.userId)).toMatchObject({ open: 2 })

    const r = success(await endMemberSessions.run(ownerState, { memberId: member.id }))
    expect(r.message).toBe(`Ended all 2 open sessions of ${member.email}: they have to sign in again.`)
    for (const sid of [laptop, phone]) {
      expect((await db().session.findUniqueOrThrow({ where: { id: sid } })).endedAt).toBeInstanceOf(Date)
      expect(await request(member.userId, sid)).toEqual({ status: 'anonymous' })
    }
    expect(await openSessionSummary(member.userId)).toEqual({ open: 0, lastSeenAt: null })
    expect((await request(owner.userId, ownerSession)).status).toBe('ok')

    const [event] = await auditEvents(ws.tenant.id, 'member.sessions_ended')
    expect(event).toMatchObject({ actorId: owner.userId, targetId: member.id, before: { openSessions: 2 }, after: { openSessions: 0 } })
  })

  it('refuses a member without an open session, and writes nothing', async () => {
    const { ws, member, ownerState } = await setup()
    const before = await snapshot(ws.tenant.id, member.userId)
    expect(failure(await endMemberSessions.run(ownerState, { memberId: member.id }))).toMatchObject({ code: 'invalid' })
    expect(await snapshot(ws.tenant.id, member.userId)).toEqual(before)
  })

  it('ends the sessions of a member of several workspaces too (it only takes access away)', async () => {
    const { member, ownerState } = await setup()
    await (await createWorkspace()).add({ email: member.email })
    await startSession(member.userId, null, 'Firefox')
    success(await endMemberSessions.run(ownerState, { memberId: member.id }))
    expect(await openSessionSummary(member.userId)).toMatchObject({ open: 0 })
  })
})

describe('who may act on whose sign-in security', () => {
  const ACTIONS = [
    ['sendMemberPasswordReset', sendMemberPasswordReset],
    ['resetMemberTwoFactor', resetMemberTwoFactor],
    ['endMemberSessions', endMemberSessions],
  ] as const

  /** A target with everything the three actions act on: a password, two-factor, an open session. */
  async function armed(m: { userId: string }) {
    await withTwoFactor(m.userId)
    await startSession(m.userId, null, 'Firefox')
  }

  it.each(ACTIONS)(
    '%s: an admin on an owner or another admin, anyone on themselves, without the permission, another workspace — refused, nothing written',
    async (_name, action) => {
      const { ws, owner, admin, member, ownerState, adminState } = await setup()
      const admin2 = await ws.add({ role: 'ADMIN' })
      const viewer = await ws.add({ permissions: ['users.view', 'users.edit', 'users.edit_status', 'users.delete'] })
      const elsewhere = await createWorkspace()
      const outsider = await elsewhere.add()
      for (const m of [owner, admin, admin2, member, outsider]) await armed(m)

      const cases: [string, AccessState, { id: string; userId: string; tenantId: string }, RegExp | string][] = [
        ['admin on an owner', adminState, owner, 'Only an owner can change an owner.'],
        ['admin on another admin', adminState, admin2, 'Only an owner can change an admin.'],
        ['owner on themselves', ownerState, owner, /Manage your password, two-factor sign-in and sessions from your profile/],
        ['admin on themselves', adminState, admin, /from your profile/],
        ['without “Edit user security settings”', await accessOf(viewer), member, 'You do not have permission to do that.'],
        ['another workspace’s member', ownerState, outsider, 'That member was not found.'],
      ]
      for (const [label, state, target, message] of cases) {
        const before = await snapshot(ws.tenant.id, target.userId)
        const beforeThere = await auditCount(elsewhere.tenant.id)
        const r = failure(await action.run(state, { memberId: target.id }))
        if (typeof message === 'string') expect(r.message, label).toBe(message)
        else expect(r.message, label).toMatch(message)
        expect(r.code, label).toBe(label.startsWith('another') ? 'not_found' : 'forbidden')
        expect(await snapshot(ws.tenant.id, target.userId), label).toEqual(before)
        expect(await auditCount(elsewhere.tenant.id), label).toBe(beforeThere)
      }
    },
  )

  it.each(ACTIONS)(
    '%s: an owner may act on an admin; a member granted the permission on a member whose access they hold, not on a richer one',
    async (_name, action) => {
      const { ws, admin, member, ownerState } = await setup()
      const securer = await ws.add({ permissions: ['users.view', 'users.security'] })
      const rich = await ws.add({ permissions: ['users.view', 'audit.view'] })
      for (const m of [admin, member, rich]) await armed(m)

      success(await action.run(ownerState, { memberId: admin.id }))
      success(await action.run(await accessOf(securer), { memberId: member.id }))
      const before = await snapshot(ws.tenant.id, rich.userId)
      expect(failure(await action.run(await accessOf(securer), { memberId: rich.id })).message).toBe(
        `You can’t act on the sign-in security of ${rich.email}: they hold access you don’t (audit.view).`,
      )
      expect(await snapshot(ws.tenant.id, rich.userId)).toEqual(before)
    },
  )

  it.each(ACTIONS)('%s: an invited person has not joined: refused', async (_name, action) => {
    const { ws, ownerState } = await setup()
    const invited = await ws.add({ status: 'INVITED' })
    await armed(invited)
    const before = await snapshot(ws.tenant.id, invited.userId)
    expect(failure(await action.run(ownerState, { memberId: invited.id })).code).toBe('invalid')
    expect(await snapshot(ws.tenant.id, invited.userId)).toEqual(before)
  })
})
