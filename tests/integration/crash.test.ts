import { describe, expect, it, vi } from 'vitest'
import { setMemberStatus } from '@/app/(app)/settings/users/actions'
import { inviteMembers, resendInvite } from '@/app/(app)/settings/users/invite-actions'
import { db } from '@/lib/db/client'
import { accessOf, createWorkspace, keepMailInOutbox, success } from '../support/fixtures'

// A change and everything it produces — its rows, its audit events, its mails — are one
// transaction: a crash injected at each step between the handler and the commit leaves none of
// them; one after the commit leaves all of them, the mail pending for the relay.

type CrashPoint = 'after the handler' | 'after the audit events are written' | 'after the commit'
const crash = vi.hoisted(() => ({ at: null as string | null }))
const injected = (point: CrashPoint) => {
  if (crash.at === point) throw new Error(`crash injected ${point}`)
}

vi.mock('@/lib/authz/no-escalation', async (original) => {
  const m = await original<typeof import('@/lib/authz/no-escalation')>()
  return {
    ...m,
    checkChange: async (...args: Parameters<typeof m.checkChange>) => {
      injected('after the handler')
      return m.checkChange(...args)
    },
  }
})
vi.mock('@/lib/db/audit', async (original) => {
  const m = await original<typeof import('@/lib/db/audit')>()
  return {
    ...m,
    recordAudit: async (...args: Parameters<typeof m.recordAudit>) => {
      await m.recordAudit(...args)
      injected('after the audit events are written')
    },
  }
})
vi.mock('@/lib/mail/outbox', async (original) => {
  const m = await original<typeof import('@/lib/mail/outbox')>()
  return {
    ...m,
    mailsCommitted: async (ids: string[]) => {
      injected('after the commit')
      return m.mailsCommitted(ids)
    },
  }
})

keepMailInOutbox()

/** Everything an invitation of `email` in this workspace produced. */
async function traces(tenantId: string, email: string) {
  const member = await db().membership.findFirst({ where: { tenantId, user: { email } }, select: { id: true, status: true } })
  return {
    member: member?.status ?? null,
    invitations: member ? await db().invitation.count({ where: { membershipId: member.id, revokedAt: null } }) : 0,
    audit: await db().auditEvent.count({ where: { tenantId, summary: { contains: email } } }),
    mails: await db().outboxMail.count({ where: { to: email, sentAt: null } }),
  }
}

const POINTS: CrashPoint[] = ['after the handler', 'after the audit events are written', 'after the commit']

describe.each(POINTS)('a crash %s', (point) => {
  const committed = point === 'after the commit'

  it(`invite: ${committed ? 'the member, the invitation, its audit event and its mail are all there' : 'none of the member, the invitation, its audit event, its mail'}`, async () => {
    const ws = await createWorkspace()
    const owner = await accessOf(await ws.add({ role: 'OWNER' }))
    const email = `crash-${POINTS.indexOf(point)}@${ws.tag}.test`
    crash.at = point
    await expect(inviteMembers.run(owner, { rows: [{ email }] })).rejects.toThrow('crash injected')
    crash.at = null
    expect(await traces(ws.tenant.id, email)).toEqual(
      committed ? { member: 'INVITED', invitations: 1, audit: 1, mails: 1 } : { member: null, invitations: 0, audit: 0, mails: 0 },
    )
  })

  it(`resend: ${committed ? 'the new link, its audit event and its mail' : 'the old link still open, no new one, no audit event, no mail'}`, async () => {
    const ws = await createWorkspace()
    const owner = await accessOf(await ws.add({ role: 'OWNER' }))
    const email = `resend@${ws.tag}.test`
    success(await inviteMembers.run(owner, { rows: [{ email }] }))
    const member = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, user: { email } } })
    const before = await db().invitation.findMany({ where: { membershipId: member.id }, select: { id: true, revokedAt: true } })
    crash.at = point
    await expect(resendInvite.run(owner, { memberId: member.id })).rejects.toThrow('crash injected')
    crash.at = null
    const after = await db().invitation.findMany({ where: { membershipId: member.id }, orderBy: { sentAt: 'asc' }, select: { id: true, revokedAt: true } })
    if (committed) {
      expect(after).toHaveLength(2)
      expect(after[0].revokedAt).toBeInstanceOf(Date)
      expect(after[1].revokedAt).toBeNull()
    } else expect(after).toEqual(before)
    expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.invite_resend' } })).toBe(committed ? 1 : 0)
    expect(await db().outboxMail.count({ where: { to: email } })).toBe(committed ? 2 : 1)
  })

  it(`suspend: ${committed ? 'the member suspended and its audit event' : 'the member still active, no audit event'}`, async () => {
    const ws = await createWorkspace()
    const owner = await accessOf(await ws.add({ role: 'OWNER' }))
    const member = await ws.add({})
    crash.at = point
    await expect(setMemberStatus.run(owner, { memberIds: [member.id], status: 'SUSPENDED' })).rejects.toThrow('crash injected')
    crash.at = null
    expect((await db().membership.findUniqueOrThrow({ where: { id: member.id } })).status).toBe(committed ? 'SUSPENDED' : 'ACTIVE')
    expect(await db().auditEvent.count({ where: { tenantId: ws.tenant.id, action: 'member.suspend' } })).toBe(committed ? 1 : 0)
  })
})
