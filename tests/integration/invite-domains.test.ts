import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { requestEmailChange, updateMember } from '@/app/(app)/settings/users/[memberId]/actions'
import { checkInvites, inviteMembers, resendInvite, resendInvites } from '@/app/(app)/settings/users/invite-actions'
import { confirmEmailChange } from '@/app/confirm-email/[token]/actions'
import { db } from '@/lib/db/client'
import { parseInviteCsv } from '@/lib/validation/invite-batch'
import { accessOf, auditCount, createWorkspace, failure, keepMailInOutbox, memberVersion, success } from '../support/fixtures'

// The workspace's email-domain rule (Security settings → "Invitations may go only to these email
// domains") wherever an address enters the workspace: one invitation, a batch, a CSV file (each
// row's review message, then the send), a resend, an invitation's corrected address, and an
// active member's sign-in email (asked for and confirmed). Refused, nothing is written.

keepMailInOutbox()

const MESSAGE = 'Invitations can go only to addresses at example.com, acme.io.'
const anon = { status: 'anonymous' } as const

async function setup(domains: string[] = ['example.com', 'acme.io']) {
  const ws = await createWorkspace()
  const owner = await ws.add({ role: 'OWNER' })
  await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: domains } })
  const tag = randomBytes(3).toString('hex')
  /** A fresh address at `domain`. */
  const at = (domain: string, name = 'pat') => `${name}-${tag}-${randomBytes(2).toString('hex')}@${domain}`
  return { ws, owner, at, state: await accessOf(owner) }
}

/** Members, invitations, mail and audit events of a workspace: what a refused change must leave alone. */
async function written(tenantId: string) {
  return {
    members: await db().membership.count({ where: { tenantId } }),
    mails: await db().outboxMail.count({ where: { tenantId } }),
    audit: await auditCount(tenantId),
  }
}

describe('invitations under the workspace’s email domains', () => {
  it('one invitation to an address elsewhere is refused with the message on its field; nothing is written', async () => {
    const { ws, at, state } = await setup()
    const before = await written(ws.tenant.id)
    const r = failure(await inviteMembers.run(state, { rows: [{ email: at('gmail.com') }] }))
    expect(r.fieldErrors).toEqual({ 'rows.0.email': [MESSAGE] })
    expect(await written(ws.tenant.id)).toEqual(before)
  })

  it('an address at a listed domain goes, whatever its case; a subdomain or a look-alike does not', async () => {
    const { ws, at, state } = await setup()
    const ok = at('Acme.IO')
    success(await inviteMembers.run(state, { rows: [{ email: ok }] }))
    expect(await db().membership.count({ where: { tenantId: ws.tenant.id, email: ok.toLowerCase() } })).toBe(1)
    for (const email of [at('eu.acme.io'), at('acme.io.evil.test'), at('notexample.com')]) {
      expect(failure(await inviteMembers.run(state, { rows: [{ email }] })).fieldErrors, email).toEqual({ 'rows.0.email': [MESSAGE] })
    }
  })

  it('a batch: each address elsewhere is marked in its row, and nobody is invited until they are fixed', async () => {
    const { ws, at, state } = await setup()
    const before = await written(ws.tenant.id)
    const rows = [{ email: at('example.com') }, { email: at('hotmail.com') }, { email: at('acme.io') }, { email: at('yahoo.com') }]
    const checked = success(await checkInvites.run(state, { rows }))
    expect(checked.data).toEqual({ errors: { 'rows.1.email': [MESSAGE], 'rows.3.email': [MESSAGE] } })
    expect(failure(await inviteMembers.run(state, { rows })).fieldErrors).toEqual({ 'rows.1.email': [MESSAGE], 'rows.3.email': [MESSAGE] })
    expect(await written(ws.tenant.id)).toEqual(before)
    success(await inviteMembers.run(state, { rows: [rows[0], rows[2]] }))
    expect((await written(ws.tenant.id)).members).toBe(before.members + 2)
  })

  it('a CSV file: the rows read from it get the review message per row (the check the dialog runs), and the send is refused the same way', async () => {
    const { ws, at, state } = await setup()
    const file = [['email', 'role', 'template'], [at('example.com'), 'member', ''], [at('outside.test'), 'admin', ''], [], [at('acme.io'), '', '']]
    const parsed = parseInviteCsv(file, { baseRole: 'MEMBER', roleTemplateId: null }, [])
    expect(parsed.problems).toEqual([])
    expect(parsed.rows.map((r) => r.email)).toEqual([file[1][0], file[2][0], file[4][0]].map((e) => e.toLowerCase()))
    const rows = parsed.rows.map(({ email, baseRole, roleTemplateId }) => ({ email, baseRole, roleTemplateId }))
    // The dialog checks in chunks (offset: the chunk's place in the batch); the review shows each row's messages.
    const first = success(await checkInvites.run(state, { rows: rows.slice(0, 2), offset: 0 }))
    const second = success(await checkInvites.run(state, { rows: rows.slice(2), offset: 2 }))
    expect(first.data).toEqual({ errors: { 'rows.1.email': [MESSAGE] } })
    expect(second.data).toEqual({ errors: {} })
    const before = await written(ws.tenant.id)
    expect(failure(await inviteMembers.run(state, { rows })).fieldErrors).toEqual({ 'rows.1.email': [MESSAGE] })
    expect(await written(ws.tenant.id)).toEqual(before)
  })

  it('with no domains listed any address goes; the rule follows the settings from the next check on', async () => {
    const { ws, at, state } = await setup([])
    const rows = [{ email: at('gmail.com') }]
    expect(success(await checkInvites.run(state, { rows })).data).toEqual({ errors: {} })
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: ['example.com'] } })
    expect(success(await checkInvites.run(state, { rows })).data).toEqual({
      errors: { 'rows.0.email': ['Invitations can go only to addresses at example.com.'] },
    })
  })

  it('a resend to an invitation outside the domains (sent before they were set) is refused; one inside goes', async () => {
    const { ws, at, state } = await setup([])
    const outside = at('gmail.com')
    const inside = at('example.com')
    success(await inviteMembers.run(state, { rows: [{ email: outside }, { email: inside }] }))
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: ['example.com', 'acme.io'] } })
    const [o, i] = await Promise.all([outside, inside].map((email) => db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, email } })))
    const before = await written(ws.tenant.id)
    expect(failure(await resendInvite.run(state, { memberId: o.id }))).toMatchObject({ code: 'invalid', message: MESSAGE })
    expect(await written(ws.tenant.id)).toEqual(before)
    const bulk = success(await resendInvites.run(state, { memberIds: [o.id, i.id] }))
    expect(bulk.message).toContain(`Skipped 1: ${outside} (${MESSAGE.slice(0, -1)})`)
    expect(bulk.data?.changed).toEqual([i.id])
  })

  it('correcting an invitation’s address: only to an address at the domains', async () => {
    const { ws, at, state } = await setup()
    success(await inviteMembers.run(state, { rows: [{ email: at('example.com', 'typo') }] }))
    const invited = await db().membership.findFirstOrThrow({ where: { tenantId: ws.tenant.id, status: 'INVITED' } })
    const form = { memberId: invited.id, baseRole: 'MEMBER', roleTemplateId: null, crmAccess: false, teamIds: [], permissions: [] }
    const before = await written(ws.tenant.id)
    const r = failure(await updateMember.run(state, { ...form, version: await memberVersion(invited.id), email: at('elsewhere.test') }))
    expect(r.fieldErrors).toEqual({ email: [MESSAGE] })
    expect(await written(ws.tenant.id)).toEqual(before)
    const right = at('acme.io', 'right')
    success(await updateMember.run(state, { ...form, version: await memberVersion(invited.id), email: right }))
    expect((await db().membership.findUniqueOrThrow({ where: { id: invited.id } })).email).toBe(right)
  })
})

describe('an active member’s sign-in email under the workspace’s email domains', () => {
  it('may change only to an address at the domains (members already outside them stay)', async () => {
    const { ws, at, state } = await setup()
    const member = await ws.add({ email: at('legacy.test') })
    const before = await written(ws.tenant.id)
    const r = failure(await requestEmailChange.run(state, { memberId: member.id, email: at('gmail.com') }))
    expect(r.fieldErrors).toEqual({ email: ['This workspace accepts only addresses at example.com, acme.io.'] })
    expect(await written(ws.tenant.id)).toEqual(before)
    expect(await db().emailChange.count({ where: { membershipId: member.id } })).toBe(0)
    // Their own address outside the domains is no obstacle to moving inside them.
    success(await requestEmailChange.run(state, { memberId: member.id, email: at('example.com') }))
  })

  it('a change asked for before the domains were narrowed cannot be confirmed after', async () => {
    const { ws, at, state } = await setup([])
    const member = await ws.add({ email: at('example.com') })
    const to = at('gmail.com')
    success(await requestEmailChange.run(state, { memberId: member.id, email: to }))
    const mail = await db().outboxMail.findFirstOrThrow({ where: { to }, orderBy: { createdAt: 'desc' } })
    const token = /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]
    await db().tenant.update({ where: { id: ws.tenant.id }, data: { inviteDomains: ['example.com'] } })
    const r = failure(await confirmEmailChange.run(anon, { token }))
    expect(r.code).toBe('forbidden')
    expect(r.message).toContain('This workspace accepts only addresses at example.com.')
    expect((await db().user.findUniqueOrThrow({ where: { id: member.userId } })).email).toBe(member.email)
  })
})
