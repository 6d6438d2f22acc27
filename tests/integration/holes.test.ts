import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deleteMembers, setMemberStatus } from '@/app/(app)/settings/users/actions'
import { updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { inviteMembers } from '@/app/(app)/settings/users/invite-actions'
import { setTeamMembers } from '@/app/(app)/settings/teams/actions'
import { changePassword } from '@/app/(app)/profile/actions'
import { LIMITS } from '@/lib/auth/rate-limit'
import { accessFor as accessForClaims } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { findInvitation } from '@/lib/db/invitations'
import { listOutbox } from '@/lib/db/outbox'
import { endSession, startSession } from '@/lib/db/sessions'
import { forViewer, mailboxOpen } from '@/lib/mail/mailbox'
import { databaseChecksum } from '../support/checksum'
import { accessFor, accessOf, createWorkspace, failure, PASSWORD, success, keepMailInOutbox, memberVersion } from '../support/fixtures'

// The holes found by trying the product as an attacker (one test per finding, named after its
// number), each closed: what the attacker did is refused, and nothing changed in the database.
// The rule behind most of them is proven for every action in no-escalation.test.ts.

keepMailInOutbox()
afterEach(() => {
  vi.unstubAllEnvs()
})

const role = (tenantId: string, name: string, keys: string[]) =>
  db().roleTemplate.create({ data: { tenantId, name, permissions: { create: keys.map((key) => ({ key })) } } })
const CAMPAIGN_MANAGER = [
  'users.view',
  'broadcasts.view',
  'broadcasts.create',
  'contacts.view.all_assigned',
  'contacts.view.unassigned',
  'contacts.edit.all_assigned',
]
const addr = (ws: { tag: string }, name: string) => `${name}-${randomBytes(2).toString('hex')}@${ws.tag}.test`
/** Contacts a member sees now, through the list the app shows them. */
async function visibleTo(member: { userId: string; tenantId: string }) {
  const { listContacts } = await import('@/lib/db/contacts')
  const page = await listContacts(await accessFor(member), { sort: 'name', dir: 'asc', page: 1, size: 100 })
  return page.rows.map((r) => r.name).sort()
}

describe('#1 an invitation link reaches only someone who may grant what it gives', () => {
  it('the dev mailbox hides a link that grants more than its reader holds', async () => {
    const ws = await createWorkspace()
    const owner = await ws.add({ role: 'OWNER', crmAccess: true })
    const inviter = await ws.add({ permissions: ['users.view', 'users.invite'] })
    success(await inviteMembers.run(await accessOf(owner), { rows: [{ email: addr(ws, 'new-admin'), baseRole: 'ADMIN' }] }))
    success(await inviteMembers.run(await accessOf(inviter), { rows: [{ email: addr(ws, 'plain') }] }))
    const mails = await listOutbox(10, ws.tenant.id)
    const link = /\/invite\/[\w-]+/

    const asInviter = await forViewer(await accessFor(inviter), mails)
    const adminMail = asInviter.find((m) => m.to.startsWith('new-admin'))!
    expect(adminMail.text).not.toMatch(link)
    expect(adminMail.hiddenBecause).toMatch(/Only an owner/)
    expect(asInviter.find((m) => m.to.startsWith('plain'))!.text).toMatch(link)
    // The owner holds what both links grant.
    expect((await forViewer(await accessFor(owner), mails)).every((m) => link.test(m.text) && !m.hiddenBecause)).toBe(true)
  })

  it('the mailbox opens only for a local trial: this machine, one workspace, no SMTP, the embedded database', async () => {
    vi.stubEnv('DEV_MAILBOX', 'demo')
    vi.stubEnv('DATABASE_URL', '')
    vi.stubEnv('SMTP_URL', '')
    await db().tenant.deleteMany({ where: { memberships: { none: {} } } })
    const workspaces = await db().tenant.count()
    if (workspaces === 0) await createWorkspace()
    if ((await db().tenant.count()) === 1) {
      expect(await mailboxOpen('127.0.0.1')).toBe(true)
      expect(await mailboxOpen('::1')).toBe(true)
    }
    expect(await mailboxOpen('10.0.0.7')).toBe(false)
    expect(await mailboxOpen(null)).toBe(false)
    // A second workspace: its owner could read (and use) links to addresses they invite, so the
    // demo mailbox closes; DEV_MAILBOX=1 opens it on purpose, DEV_MAILBOX=0 never.
    await createWorkspace()
    await createWorkspace()
    expect(await mailboxOpen('127.0.0.1')).toBe(false)
    vi.stubEnv('DEV_MAILBOX', '1')
    expect(await mailboxOpen('10.0.0.7')).toBe(true)
    vi.stubEnv('DEV_MAILBOX', '0')
    expect(await mailboxOpen('127.0.0.1')).toBe(false)
  })

  it('a real deployment has no mailbox: SMTP, PostgreSQL, or production without the demo setting', async () => {
    vi.stubEnv('DEV_MAILBOX', '')
    vi.stubEnv('NODE_ENV', 'production')
    expect(await mailboxOpen('127.0.0.1')).toBe(false)
    vi.stubEnv('DEV_MAILBOX', 'demo')
    vi.stubEnv('SMTP_URL', 'smtp://127.0.0.1:2525')
    expect(await mailboxOpen('127.0.0.1')).toBe(false)
    vi.stubEnv('SMTP_URL', '')
    vi.stubEnv('DATABASE_URL', 'postgresql://db.internal/teamgate')
    expect(await mailboxOpen('127.0.0.1')).toBe(false)
  })
})

describe('#2 correcting an invitation’s address is a new invitation, checked like one', () => {
  it('a member with users.edit but no CRM cannot send a Campaign manager + CRM invitation to a new address', async () => {
    const ws = await createWorkspace()
    const owner = await ws.add({ role: 'OWNER', crmAccess: true })
    const cm = await role(ws.tenant.id, 'Campaign manager', CAMPAIGN_MANAGER)
    const email = addr(ws, 'invited')
    success(await inviteMembers.run(await accessOf(owner), { rows: [{ email, roleTemplateId: cm.id }], crmAccess: true }))
    const invited = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, user: { email } } })
    const editor = await ws.add({ permissions: ['users.view', 'users.edit', 'users.invite'] })
    const before = await databaseChecksum()
    const r = failure(
      await updateMember.run(await accessOf(editor), {
        memberId: invited.id,
        version: await memberVersion(invited.id),
        email: addr(ws, 'attacker'),
        baseRole: 'MEMBER',
        roleTemplateId: cm.id,
        crmAccess: true,
        teamIds: [],
        permissions: [],
      }),
    )
    expect(r.code).toBe('forbidden')
    expect(r.message).toMatch(/broadcasts\.view/)
    expect(await databaseChecksum()).toBe(before)
    // Without users.invite it is refused as an invitation it may not send at all.
    const noInvite = await ws.add({ permissions: ['users.view', 'users.edit'] })
    const plain = addr(ws, 'plain')
    success(await inviteMembers.run(await accessOf(owner), { rows: [{ email: plain }] }))
    const p = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, user: { email: plain } } })
    expect(
      failure(
        await updateMember.run(await accessOf(noInvite), {
          memberId: p.id,
          version: await memberVersion(p.id),
          email: addr(ws, 'other'),
          baseRole: 'MEMBER',
          roleTemplateId: null,
          crmAccess: false,
          teamIds: [],
          permissions: [],
        }),
      ).message,
    ).toMatch(/Invite users/)
  })
})

/** A workspace with teams Alpha (the lead's) and Beta, and contacts owned across them. */
async function teamsWorld() {
  const ws = await createWorkspace()
  const t = ws.tenant.id
  const alpha = await db().team.create({ data: { tenantId: t, name: 'Alpha' } })
  const beta = await db().team.create({ data: { tenantId: t, name: 'Beta' } })
  const lead = await ws.add({
    crmAccess: true,
    permissions: ['teams.view', 'teams.edit', 'contacts.view.team', 'users.view', 'users.delete', 'contacts.view.own'],
  })
  const other = await ws.add({ crmAccess: true, permissions: ['contacts.view.own'] })
  const watcher = await ws.add({ crmAccess: true, permissions: ['contacts.view.unassigned'] })
  await db().teamMember.create({ data: { teamId: alpha.id, membershipId: lead.id } })
  await db().teamMember.create({ data: { teamId: beta.id, membershipId: other.id } })
  for (let i = 0; i < 5; i++) await db().contact.create({ data: { tenantId: t, name: `Other's ${i}`, ownerId: other.id } })
  await db().contact.create({ data: { tenantId: t, name: 'Lead’s own', ownerId: lead.id } })
  return { ws, alpha, beta, lead, other, watcher }
}

describe('#5 team membership does not widen the actor’s own scope', () => {
  it('a member with teams.edit and contacts.view.team cannot add others to their team to see their contacts', async () => {
    const w = await teamsWorld()
    expect(await visibleTo(w.lead)).toEqual(['Lead’s own'])
    const before = await databaseChecksum()
    const r = failure(await setTeamMembers.run(await accessOf(w.lead), { teamId: w.alpha.id, add: [w.other.id] }))
    expect(r.message).toMatch(/see contacts you can’t see yourself/)
    expect(await databaseChecksum()).toBe(before)
    expect(await visibleTo(w.lead)).toEqual(['Lead’s own'])
    // Someone whose records the lead could see already is fine to add.
    success(await setTeamMembers.run(await accessOf(w.lead), { teamId: w.alpha.id, add: [w.watcher.id] }))
  })
})

describe('#6 the current password is rate limited when changing it', () => {
  it('after 5 wrong current passwords even the right one is refused for 15 minutes', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const state = await accessOf(m)
    const attempt = (current: string) =>
      changePassword.run(state, { currentPassword: current, newPassword: 'a brand new password', confirmPassword: 'a brand new password' })
    for (let i = 0; i < LIMITS.currentPassword.points; i++)
      expect(failure(await attempt(`guess ${i}`)).fieldErrors?.currentPassword).toEqual(['The current password is not right.'])
    const before = await db().user.findUniqueOrThrow({ where: { id: m.userId }, select: { passwordHash: true, sessionVersion: true } })
    const limited = failure(await attempt(PASSWORD))
    expect(limited.code).toBe('limit')
    expect(limited.message).toMatch(/Try again in 1[45] minutes/)
    expect(await db().user.findUniqueOrThrow({ where: { id: m.userId }, select: { passwordHash: true, sessionVersion: true } })).toEqual(before)
  })
})

describe('#7 deleting a member does not hand their contacts to whoever deletes them', () => {
  it('without contacts.assign, the contacts cannot go to the actor, nor become visible to others through the unassigned pool', async () => {
    const w = await teamsWorld()
    const before = await databaseChecksum()
    const state = await accessOf(w.lead)
    expect(failure(await deleteMembers.run(state, { memberIds: [w.other.id], reassignTo: 'member', reassignId: w.lead.id })).message).toMatch(/Assign contacts/)
    expect(failure(await deleteMembers.run(state, { memberIds: [w.other.id], reassignTo: 'team', reassignId: w.alpha.id })).message).toMatch(/Assign contacts/)
    expect(failure(await deleteMembers.run(state, { memberIds: [w.other.id] })).message).toMatch(/see contacts you can’t see yourself/)
    expect(await databaseChecksum()).toBe(before)
    expect(await visibleTo(w.lead)).toEqual(['Lead’s own'])
  })
})

describe('#8 turning CRM on and reactivating give only what the actor holds', () => {
  it('CRM access turned on by a member with contacts own/team does not hand over all_assigned and unassigned', async () => {
    const ws = await createWorkspace()
    const editor = await ws.add({ crmAccess: true, permissions: ['users.view', 'users.edit', 'contacts.view.own', 'contacts.view.team'] })
    const target = await ws.add({ permissions: ['contacts.view.all_assigned', 'contacts.view.unassigned'] })
    const before = await databaseChecksum()
    const r = failure(
      await updateMember.run(await accessOf(editor), {
        memberId: target.id,
        version: await memberVersion(target.id),
        baseRole: 'MEMBER',
        roleTemplateId: null,
        crmAccess: true,
        teamIds: [],
        permissions: ['contacts.view.all_assigned', 'contacts.view.unassigned'],
      }),
    )
    expect(r.fieldErrors?.crmAccess?.join(' ')).toMatch(/contacts\.view\.all_assigned, contacts\.view\.unassigned/)
    expect(await databaseChecksum()).toBe(before)
  })

  it('a member who may only suspend and reactivate cannot restore a suspended member’s wider permissions', async () => {
    const ws = await createWorkspace()
    const cm = await role(ws.tenant.id, 'Campaign manager', CAMPAIGN_MANAGER)
    const statusOnly = await ws.add({ permissions: ['users.view', 'users.edit_status'] })
    const suspended = await ws.add({ templateId: cm.id, crmAccess: true, status: 'SUSPENDED' })
    const plain = await ws.add({ permissions: ['users.view'], status: 'SUSPENDED' })
    const before = await databaseChecksum()
    expect(failure(await setMemberStatus.run(await accessOf(statusOnly), { memberIds: [suspended.id], status: 'ACTIVE' })).message).toMatch(
      /can’t reactivate .*broadcasts\.view/,
    )
    expect(await databaseChecksum()).toBe(before)
    success(await setMemberStatus.run(await accessOf(statusOnly), { memberIds: [plain.id], status: 'ACTIVE' }))
  })
})

describe('#9 signing out ends the session on the server', () => {
  it('a session ended is refused on its next request, the user’s other sessions go on', async () => {
    const ws = await createWorkspace()
    const m = await ws.add()
    const claims = (sid: string) => ({ uid: m.userId, tid: ws.tenant.id, sv: 0, sid })
    const laptop = await startSession(m.userId, '10.9.0.1', 'Firefox')
    const phone = await startSession(m.userId, '10.9.0.2', 'Safari')
    expect((await accessForClaims(claims(laptop))).status).toBe('ok')
    await endSession(laptop)
    expect((await accessForClaims(claims(laptop))).status).toBe('anonymous')
    expect((await accessForClaims(claims(phone))).status).toBe('ok')
    // A session id of someone else, or none, is no session.
    const other = await ws.add()
    expect((await accessForClaims({ ...claims(await startSession(other.userId, null, '')) })).status).toBe('anonymous')
    expect((await accessForClaims({ uid: m.userId, tid: ws.tenant.id, sv: 0, sid: null })).status).toBe('anonymous')
  })
})

describe('#11 another workspace learns nothing about accounts', () => {
  it('an invitation page carries an existing account’s name to nobody; a new person’s name only to set it up', async () => {
    const a = await createWorkspace()
    const b = await createWorkspace()
    const existing = await a.add({ email: addr(a, 'known') })
    await db().user.update({ where: { id: existing.userId }, data: { name: 'Ada Secret' } })
    const ownerB = await b.add({ role: 'OWNER' })
    success(await inviteMembers.run(await accessOf(ownerB), { rows: [{ email: existing.email }, { email: addr(b, 'newbie') }] }))
    const token = async (to: string) => /\/invite\/([\w-]+)/.exec((await db().outboxMail.findFirstOrThrow({ where: { to } })).text)![1]
    const view = await findInvitation(await token(existing.email))
    expect(view).toMatchObject({ state: 'valid', hasAccount: true })
    expect(JSON.stringify(view)).not.toContain('Ada Secret')
  })

  it('correcting an invitation’s address answers the same whether the address has an account, is taken, or is invited elsewhere', async () => {
    const a = await createWorkspace()
    const b = await createWorkspace()
    const owner = await a.add({ role: 'OWNER' })
    const state = await accessOf(owner)
    const taken = await b.add({ email: addr(b, 'taken') })
    const invite = async (email: string) => {
      success(await inviteMembers.run(state, { rows: [{ email }] }))
      return db().membership.findFirstOrThrow({ where: { tenantId: a.tenant.id, user: { email } } })
    }
    const fresh = await invite(addr(a, 'typo'))
    const hasAccount = await invite(taken.email)
    const twice = addr(a, 'twice')
    success(await inviteMembers.run(await accessOf(await b.add({ role: 'OWNER' })), { rows: [{ email: twice }] }))
    const elsewhere = await invite(twice)
    const edit = async (memberId: string, email: string) =>
      updateMember.run(state, {
        memberId,
        version: await memberVersion(memberId),
        email,
        baseRole: 'MEMBER',
        roleTemplateId: null,
        crmAccess: false,
        teamIds: [],
        permissions: [],
      })
    const answers = [await edit(fresh.id, taken.email), await edit(hasAccount.id, addr(a, 'fixed')), await edit(elsewhere.id, addr(a, 'fixed2'))].map(
      (r) => failure(r).message,
    )
    expect(new Set(answers).size).toBe(1)
    expect(answers[0]).not.toMatch(/account|elsewhere|taken/i)
  })
})
