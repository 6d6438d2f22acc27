import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { cancelEmailChanges, createEmailChange, emailTaken, pendingEmailChange, workspaceCountOf } from '@/lib/db/email-changes'
import { findInvitation, invitationOpen } from '@/lib/db/invitations'
import { newToken } from '@/lib/db/invitation-tokens'
import { createWorkspace } from '../support/fixtures'

// The data functions of email change requests and invitation links, called directly: what a
// member's pending request reads as, what cancelling voids, and what an invitation's page is shown.

const HOUR = 3_600_000

describe('email change requests', () => {
  it('pendingEmailChange: the newest open request, expired ones too; cancelEmailChanges voids this member’s open ones and names them', async () => {
    const ws = await createWorkspace()
    const [m, other] = [await ws.add(), await ws.add()]
    const admin = await ws.add({ role: 'ADMIN' })
    const ask = (who: typeof m, newEmail: string) =>
      createEmailChange({ tenantId: ws.tenant.id, membershipId: who.id, userId: who.userId, oldEmail: who.email, newEmail, requestedById: admin.id })
    expect(await pendingEmailChange(ws.tenant.id, m.id)).toBeNull()
    await ask(m, `first@${ws.tag}.test`)
    const second = await ask(m, `second@${ws.tag}.test`)
    await ask(other, `theirs@${ws.tag}.test`)
    const row = await db().emailChange.findFirstOrThrow({ where: { membershipId: m.id, cancelledAt: null } })
    expect(await pendingEmailChange(ws.tenant.id, m.id)).toEqual({
      newEmail: `second@${ws.tag}.test`,
      createdAt: row.createdAt.toISOString(),
      expiresAt: second.expiresAt.toISOString(),
      expired: false,
    })
    expect((await pendingEmailChange(ws.tenant.id, m.id, second.expiresAt))?.expired).toBe(true)
    const theirs = await createWorkspace()
    expect(await pendingEmailChange(theirs.tenant.id, m.id)).toBeNull()

    expect(await cancelEmailChanges(ws.tenant.id, m.id)).toEqual([`second@${ws.tag}.test`])
    expect(await pendingEmailChange(ws.tenant.id, m.id)).toBeNull()
    expect(await cancelEmailChanges(ws.tenant.id, m.id)).toEqual([])
    expect((await pendingEmailChange(ws.tenant.id, other.id))?.newEmail).toBe(`theirs@${ws.tag}.test`)
  })

  it('emailTaken is any user’s address; workspaceCountOf counts every membership', async () => {
    const [a, b] = [await createWorkspace(), await createWorkspace()]
    const m = await a.add()
    await db().membership.create({ data: { tenantId: b.tenant.id, userId: m.userId, status: 'INVITED' } })
    expect([await emailTaken(m.email), await emailTaken(`free@${a.tag}.test`)]).toEqual([true, false])
    expect(await workspaceCountOf(m.userId)).toBe(2)
  })
})

describe('invitation links', () => {
  async function invited(opts: { passwordHash?: string | null; status?: 'INVITED' | 'ACTIVE' } = {}) {
    const ws = await createWorkspace({ name: 'Acme' })
    const inviter = await ws.add({ role: 'ADMIN', email: `inviter@${ws.tag}.test` })
    const m = await ws.add({ status: opts.status ?? 'INVITED' })
    await db().user.update({ where: { id: m.userId }, data: { name: 'Pat', passwordHash: opts.passwordHash ?? null } })
    await db().membership.update({ where: { id: m.id }, data: { invitedById: inviter.id } })
    const { token, tokenHash } = newToken()
    const inv = await db().invitation.create({ data: { membershipId: m.id, tokenHash, expiresAt: new Date(Date.now() + HOUR) } })
    return { ws, m, token, inv }
  }

  it('findInvitation: the workspace, the inviter and the address; the name only for someone without an account', async () => {
    const { ws, m, token, inv } = await invited()
    expect(await findInvitation(token)).toEqual({
      state: 'valid',
      invitationId: inv.id,
      membershipId: m.id,
      tenantId: ws.tenant.id,
      workspaceName: 'Acme',
      inviterName: 'inviter',
      email: m.email,
      hasAccount: false,
      userName: 'Pat',
    })
    const withAccount = await invited({ passwordHash: 'hash' })
    expect(await findInvitation(withAccount.token)).toMatchObject({ state: 'valid', hasAccount: true, userName: undefined })
  })

  it('a link of a member who already joined is used, even unaccepted; an expired one is expired at its last moment; invitationOpen agrees', async () => {
    const joined = await invited({ status: 'ACTIVE' })
    expect((await findInvitation(joined.token)).state).toBe('used')
    const open = await invited()
    expect(await invitationOpen(open.inv.id)).toBe(true)
    expect((await findInvitation(open.token, open.inv.expiresAt)).state).toBe('expired')
    expect(await invitationOpen(open.inv.id, open.inv.expiresAt)).toBe(false)
    expect(await invitationOpen('no-such-invitation')).toBe(false)
    await db().invitation.update({ where: { id: open.inv.id }, data: { revokedAt: new Date() } })
    expect(await invitationOpen(open.inv.id)).toBe(false)
    expect((await findInvitation(open.token)).state).toBe('voided')
  })
})
