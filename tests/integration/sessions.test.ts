import { describe, expect, it } from 'vitest'
import { endSession, signOutOtherSessions } from '@/app/(app)/profile/actions'
import { accessFor } from '@/lib/authz/get-access'
import { db } from '@/lib/db/client'
import { listOpenSessions, startSession } from '@/lib/db/sessions'
import { bumpSessionVersion } from '@/lib/db/users'
import { auditCount, createWorkspace, failure, success } from '../support/fixtures'

// The profile's session list: which sessions it shows, ending one or all the others (only one's
// own), and lastSeenAt refreshed by the request path at most every five minutes.

const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const MINUTE = 60_000

async function setup() {
  const ws = await createWorkspace()
  const m = await ws.add()
  /** A request made in session `sid` of this member (what getAccess gives it). */
  const request = (sid: string, tid: string | null = ws.tenant.id, sv = 0) => accessFor({ uid: m.userId, tid, sv, sid })
  return { ws, m, request }
}

const row = (id: string) => db().session.findUniqueOrThrow({ where: { id } })
const seenAgo = (id: string, ms: number) => db().session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - ms) } })

describe('the session list', () => {
  it('lists only the user’s open sessions of their current version, last seen first', async () => {
    const { ws, m } = await setup()
    const before = await startSession(m.userId, '10.0.0.1', CHROME_MAC)
    await bumpSessionVersion(m.userId) // a password change: the sessions before it are over
    const laptop = await startSession(m.userId, '10.0.0.2', CHROME_MAC)
    const phone = await startSession(m.userId, '10.0.0.3', 'Safari')
    const ended = await startSession(m.userId, '10.0.0.4', 'Firefox')
    await db().session.update({ where: { id: ended }, data: { endedAt: new Date() } })
    const other = await ws.add()
    await startSession(other.userId, '10.0.0.5', CHROME_MAC)
    await seenAgo(laptop, 10 * MINUTE)
    await seenAgo(phone, 2 * MINUTE)

    const list = await listOpenSessions(m.userId)
    expect(list.map((s) => s.id)).toEqual([phone, laptop])
    expect(list[1]).toMatchObject({ ip: '10.0.0.2', userAgent: CHROME_MAC })
    expect(list.map((s) => s.id)).not.toContain(before)
  })
})

describe('ending a session', () => {
  it('ends one’s own other session: endedAt set, audited, and its next request is refused', async () => {
    const { ws, m, request } = await setup()
    const here = await startSession(m.userId, '10.0.0.1', 'Firefox')
    const there = await startSession(m.userId, '10.0.0.2', CHROME_MAC)
    expect((await request(there)).status).toBe('ok')

    const r = success(await endSession.run(await request(here), { sessionId: there }))
    expect(r.message).toBe('Session ended.')
    expect((await row(there)).endedAt).toBeInstanceOf(Date)
    expect(await request(there)).toEqual({ status: 'anonymous' })
    expect(await request(there, null)).toEqual({ status: 'anonymous' })
    expect((await request(here)).status).toBe('ok')
    const event = await db().auditEvent.findFirstOrThrow({ where: { tenantId: ws.tenant.id, action: 'profile.session_end' } })
    expect(event).toMatchObject({ actorId: m.userId, targetId: m.userId, summary: 'Ended a session (Chrome 131 on macOS, 10.0.0.2)' })

    // Again: it is no longer open, so it is not found, and nothing more is written.
    expect(failure(await endSession.run(await request(here), { sessionId: there })).code).toBe('not_found')
    expect(await auditCount(ws.tenant.id)).toBe(1)
  })

  it('refuses the session in use (sign out instead)', async () => {
    const { ws, m, request } = await setup()
    const here = await startSession(m.userId, null, 'Firefox')
    failure(await endSession.run(await request(here), { sessionId: here }))
    expect((await row(here)).endedAt).toBeNull()
    expect((await request(here)).status).toBe('ok')
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('a session of another user, even in the same workspace, is not found and nothing changes', async () => {
    const { ws, m, request } = await setup()
    const here = await startSession(m.userId, null, 'Firefox')
    const other = await ws.add({ role: 'MEMBER' })
    const theirs = await startSession(other.userId, null, CHROME_MAC)
    const r = failure(await endSession.run(await request(here), { sessionId: theirs }))
    expect(r.code).toBe('not_found')
    expect((await row(theirs)).endedAt).toBeNull()
    expect((await accessFor({ uid: other.userId, tid: ws.tenant.id, sv: 0, sid: theirs })).status).toBe('ok')
    expect(failure(await endSession.run(await request(here), { sessionId: 'no-such-session' })).code).toBe('not_found')
    expect(await auditCount(ws.tenant.id)).toBe(0)
  })

  it('“Sign out all other sessions” ends every other session of the user and keeps the one in use', async () => {
    const { ws, m, request } = await setup()
    const here = await startSession(m.userId, null, 'Firefox')
    const a = await startSession(m.userId, null, CHROME_MAC)
    const b = await startSession(m.userId, null, 'Safari')
    const other = await ws.add()
    const theirs = await startSession(other.userId, null, CHROME_MAC)

    expect(success(await signOutOtherSessions.run(await request(here), {})).message).toBe('Signed out of 2 other sessions.')
    expect((await listOpenSessions(m.userId)).map((s) => s.id)).toEqual([here])
    expect(await request(a)).toEqual({ status: 'anonymous' })
    expect(await request(b)).toEqual({ status: 'anonymous' })
    expect((await request(here)).status).toBe('ok')
    expect((await row(theirs)).endedAt).toBeNull()
    expect(await auditCount(ws.tenant.id)).toBe(1)

    // Nothing left to end: said so, and no event.
    expect(success(await signOutOtherSessions.run(await request(here), {})).message).toBe('No other session was open.')
    expect(await auditCount(ws.tenant.id)).toBe(1)
  })
})

describe('last seen', () => {
  it('starts at sign-in and is refreshed by a request only when older than five minutes', async () => {
    const { m, request } = await setup()
    const sid = await startSession(m.userId, null, 'Firefox')
    const started = await row(sid)
    expect(Math.abs(started.lastSeenAt.getTime() - started.createdAt.getTime())).toBeLessThan(1000)

    const recent = (await seenAgo(sid, 4 * MINUTE)).lastSeenAt
    expect((await request(sid)).status).toBe('ok')
    expect((await row(sid)).lastSeenAt).toEqual(recent)

    await seenAgo(sid, 6 * MINUTE)
    expect((await request(sid)).status).toBe('ok')
    expect((await row(sid)).lastSeenAt.getTime()).toBeGreaterThan(Date.now() - MINUTE)

    // Before a workspace is chosen too.
    await seenAgo(sid, 6 * MINUTE)
    expect(await request(sid, null)).toEqual({ status: 'no-workspace', userId: m.userId })
    expect((await row(sid)).lastSeenAt.getTime()).toBeGreaterThan(Date.now() - MINUTE)
  })

  it('is not refreshed for an ended session or a stale session version', async () => {
    const { m, request } = await setup()
    const ended = await startSession(m.userId, null, 'Firefox')
    const old = await seenAgo(ended, 6 * MINUTE)
    await db().session.update({ where: { id: ended }, data: { endedAt: new Date() } })
    expect(await request(ended)).toEqual({ status: 'anonymous' })
    expect((await row(ended)).lastSeenAt).toEqual(old.lastSeenAt)

    const stale = await startSession(m.userId, null, 'Firefox')
    const before = (await seenAgo(stale, 6 * MINUTE)).lastSeenAt
    expect(await request(stale, undefined, 1)).toEqual({ status: 'anonymous' })
    expect((await row(stale)).lastSeenAt).toEqual(before)
  })
})
