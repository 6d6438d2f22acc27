import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { HOME_CHANGES, loadHome } from '@/lib/db/home'
import { loadMembersPage } from '@/lib/db/member-list'
import { parseMemberQuery } from '@/lib/validation/members'
import { accessFor, createWorkspace } from '../support/fixtures'

// Home's numbers (lib/db/home.ts): seats, invitations (open and expired), active members who
// never signed in or not for 90 days, and the newest audit events; each only for a member whose
// access lets them see the page that shows the same data.

const DAY = 86_400_000
const NOW = new Date('2027-03-01T12:00:00.000Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms)

async function invite(ws: Awaited<ReturnType<typeof createWorkspace>>, expiresAt: Date, extra: { revokedAt?: Date; sentAt?: Date }[] = []) {
  const m = await ws.add({ status: 'INVITED' })
  for (const e of extra) await db().invitation.create({ data: { membershipId: m.id, tokenHash: randomBytes(16).toString('hex'), expiresAt: ago(-DAY), ...e } })
  await db().invitation.create({ data: { membershipId: m.id, tokenHash: randomBytes(16).toString('hex'), expiresAt, sentAt: ago(DAY) } })
  return m
}

async function world() {
  const ws = await createWorkspace({ plan: 'team' })
  const owner = await ws.add({ role: 'OWNER' })
  const signIn = (m: { id: string }, at: Date | null) => db().membership.update({ where: { id: m.id }, data: { lastLoginAt: at } })
  await signIn(owner, ago(0))
  // Sign-ins: never (2 active, plus an invited and a suspended one that are not counted),
  // exactly 90 days ago (counted), 90 days less a second (not), 200 days (counted).
  await ws.add()
  await ws.add()
  await signIn(await ws.add({ status: 'SUSPENDED' }), null)
  await signIn(await ws.add(), ago(90 * DAY))
  await signIn(await ws.add(), ago(90 * DAY - 1000))
  await signIn(await ws.add(), ago(200 * DAY))
  await signIn(await ws.add({ status: 'SUSPENDED' }), ago(200 * DAY))
  // Invitations: open (expires in a day), expired a second ago, expiring exactly now (still open),
  // and one whose newest link is open though an older, voided one expired long ago.
  await invite(ws, ago(-DAY))
  await invite(ws, ago(1000))
  await invite(ws, NOW)
  await invite(ws, ago(-DAY), [{ revokedAt: ago(2 * DAY), sentAt: ago(30 * DAY) }])
  const restricted = await ws.add({ permissions: ['inbox.view'] })
  const reader = await ws.add({ permissions: ['audit.view'] })
  for (let i = 0; i < HOME_CHANGES + 2; i++)
    await db().auditEvent.create({
      data: {
        tenantId: ws.tenant.id,
        actorEmail: 'someone@example.com',
        action: 'member.invite',
        targetType: 'member',
        summary: `Change ${i}`,
        createdAt: ago((10 - i) * 1000),
      },
    })
  return { ws, owner, restricted, reader }
}

describe('loadHome', () => {
  it('counts seats, open and expired invitations, and never / 90 days sign-ins at their boundaries, for an owner', async () => {
    const w = await world()
    const home = await loadHome(await accessFor(w.owner), NOW)
    const seats = await db().membership.count({ where: { tenantId: w.ws.tenant.id } })
    expect(home.seats).toMatchObject({ used: seats, limit: 25, planName: 'Team' })
    // restricted and reader never signed in either: 2 + 2 active members.
    expect(home.members).toEqual({ invited: 4, invitedExpired: 1, neverSignedIn: 4, signedInLongAgo: 2 })
    expect(home.changes?.map((c) => c.summary)).toEqual(['Change 6', 'Change 5', 'Change 4', 'Change 3', 'Change 2'])
    expect(home.changes?.[0]).toMatchObject({ actorEmail: 'someone@example.com', createdAt: ago(4000).toISOString() })
  })

  it('counts what the users table lists under the same filters', async () => {
    const w = await world()
    const home = await loadHome(await accessFor(w.owner), NOW)
    const listed = async (params: Record<string, string>) => (await loadMembersPage(w.ws.tenant.id, parseMemberQuery(params))).list
    // The table's "stale" filter is relative to the real clock: only the never filter and the
    // invited list are compared here (the boundaries are checked against NOW above).
    expect((await listed({ status: 'ACTIVE', signin: 'never' })).total).toBe(home.members?.neverSignedIn)
    const invited = await listed({ status: 'INVITED' })
    expect(invited.total).toBe(home.members?.invited)
    expect(invited.rows.filter((r) => r.inviteExpiresAt !== null && Date.parse(r.inviteExpiresAt) < NOW.getTime())).toHaveLength(home.members!.invitedExpired)
  })

  it('omits every panel a restricted member may not see, and reads only what a partial permission allows', async () => {
    const w = await world()
    expect(await loadHome(await accessFor(w.restricted), NOW)).toEqual({ seats: null, members: null, changes: null })
    const reader = await loadHome(await accessFor(w.reader), NOW)
    expect(reader.seats).toBeNull()
    expect(reader.members).toBeNull()
    expect(reader.changes).toHaveLength(HOME_CHANGES)
  })

  it('an admin sees seats, people and changes of their own workspace only', async () => {
    const w = await world()
    await world() // a second workspace with the same people and changes: none of it may count here
    const admin = await w.ws.add({ role: 'ADMIN' })
    const home = await loadHome(await accessFor(admin), NOW)
    expect(home.members).toEqual({ invited: 4, invitedExpired: 1, neverSignedIn: 5, signedInLongAgo: 2 })
    expect(home.changes?.map((c) => c.summary)).toEqual(['Change 6', 'Change 5', 'Change 4', 'Change 3', 'Change 2'])
    expect(home.seats?.used).toBe(await db().membership.count({ where: { tenantId: w.ws.tenant.id } }))
  })
})
