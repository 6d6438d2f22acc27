import { createServer, type AddressInfo, type Socket } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { db, getDatabase } from '@/lib/db/client'
import { prepareDatabase } from '@/lib/db/startup'
import { listOutbox, queueMails } from '@/lib/db/outbox'
import { transaction } from '@/lib/db/tx'
import { createWorkspace, accessOf, success } from '../support/fixtures'
import { inviteMembers } from '@/app/(app)/settings/users/invite-actions'
import { undeliveredMails } from '@/lib/db/outbox'
import { mailsCommitted } from '@/lib/mail/outbox'
import { relayOnce } from '@/lib/mail/relay'
import { invitationMail } from '@/lib/mail/messages'

// The outbox against a real database and a real SMTP server listening on a random local port:
// queued in a transaction, delivered after commit, bodies wiped once sent, failures recorded.

type Received = { rcptTo: string[]; mail: ParsedMail }

/** A real SMTP server on a random local port; `stall` never answers the end of DATA (the mail is never acknowledged). */
function startSmtp(opts: { stall?: boolean } = {}): Promise<{ received: Received[]; url: string; close: () => Promise<void> }> {
  const received: Received[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      if (opts.stall) return void stream.resume()
      simpleParser(stream)
        .then((mail) => {
          received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), mail })
          callback()
        })
        .catch(callback)
    },
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.server.address() as AddressInfo
      resolve({ received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) })
    })
  })
}

/** A server that accepts connections and never says a word (an SMTP host that hangs). */
function startSilent(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  let count = 0
  const server = createServer((socket) => {
    count++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      const close = () =>
        new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy()
          server.close(() => done())
        })
      resolve({ url: `smtp://127.0.0.1:${port}`, connections: () => count, close })
    })
  })
}

/** Short transport timeouts, so a server that hangs fails an attempt in a fraction of a second. */
const quick = (url: string) => `${url}?connectionTimeout=1000&greetingTimeout=500&socketTimeout=1000`

let counter = 0
function invitation(overrides: Partial<Parameters<typeof invitationMail>[0]> = {}) {
  counter++
  return invitationMail({
    to: `invitee-${counter}@example.test`,
    workspaceName: 'Acme Inc.',
    inviterName: 'Ada Admin',
    inviterEmail: 'ada@example.test',
    link: `http://127.0.0.1:3000/invite/token-${counter}`,
    expiresAt: new Date('2026-11-29T12:00:00Z'),
    ...overrides,
  })
}

const row = (id: string) => db().outboxMail.findUniqueOrThrow({ where: { id } })
const queue = (...mails: ReturnType<typeof invitationMail>[]) => transaction(() => queueMails(mails))

let smtp: Awaited<ReturnType<typeof startSmtp>>
const originalSmtpUrl = process.env.SMTP_URL

beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(async () => {
  await smtp.close()
})
beforeEach(async () => {
  smtp.received.length = 0
  process.env.SMTP_URL = smtp.url
  // The relay sends whatever is due in the database: what earlier tests left pending is set aside.
  await db().outboxMail.updateMany({ where: { sentAt: null, deadAt: null }, data: { deadAt: new Date() } })
})
afterEach(() => {
  if (originalSmtpUrl === undefined) delete process.env.SMTP_URL
  else process.env.SMTP_URL = originalSmtpUrl
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

describe('queueMails', () => {
  it('returns the ids in the order of the mails', async () => {
    const mails = [invitation(), invitation(), invitation()]
    const ids = await queue(...mails)
    const rows = await Promise.all(ids.map(row))
    expect(rows.map((r) => r.to)).toEqual(mails.map((m) => m.to))
    expect(rows.every((r) => r.sentAt === null && r.error === null)).toBe(true)
  })

  it('writes nothing when the transaction that queued the mail rolls back', async () => {
    const mail = invitation()
    await expect(
      transaction(async () => {
        await queueMails([mail])
        throw new Error('the invitation failed')
      }),
    ).rejects.toThrow('the invitation failed')
    expect(await db().outboxMail.count({ where: { to: mail.to } })).toBe(0)
  })
})

describe('the relay over SMTP', () => {
  it('sends the mail with both bodies, then marks it sent and wipes the bodies (they hold the token)', async () => {
    const mail = invitation()
    const [id] = await queue(mail)
    expect(await relayOnce()).toEqual({ sent: [mail.to], retrying: [], dead: [] })

    expect(smtp.received).toHaveLength(1)
    const { rcptTo, mail: got } = smtp.received[0]
    expect(rcptTo).toEqual([mail.to])
    expect(got.subject).toBe('Ada Admin invited you to Acme Inc.')
    expect(got.from?.text).toContain('no-reply@localhost')
    for (const body of [got.text ?? '', got.html || '']) {
      expect(body).toContain('Acme Inc.')
      expect(body).toContain('Ada Admin')
      expect(body).toContain('ada@example.test')
      expect(body).toContain(`http://127.0.0.1:3000/invite/token-${counter}`)
    }

    const after = await row(id)
    expect(after.sentAt).toBeInstanceOf(Date)
    expect(after).toMatchObject({ text: '', html: '', error: null, attempts: 1 })
  })

  it('sends a mail once: the next round finds nothing due', async () => {
    await queue(invitation())
    await relayOnce()
    expect(await relayOnce()).toEqual({ sent: [], retrying: [], dead: [] })
    expect(smtp.received).toHaveLength(1)
  })

  it('escapes a workspace name holding markup in the HTML that goes out', async () => {
    await queue(invitation({ workspaceName: '<script>alert(1)</script>' }))
    await relayOnce()
    const html = smtp.received[0].mail.html || ''
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script')
    expect(smtp.received[0].mail.text).toContain('<script>alert(1)</script>')
  })

  it('records a refused attempt and backs off: not retried before its time, sent once it comes', async () => {
    const dead = await startSmtp()
    await dead.close() // its port is now closed
    process.env.SMTP_URL = dead.url
    const mail = invitation()
    const [id] = await queue(mail)

    const round = await relayOnce()
    expect(round.retrying).toEqual([{ to: mail.to, error: expect.stringMatching(/ECONNREFUSED/) }])
    expect(round.retrying[0].error).not.toContain('\n')
    const failed = await row(id)
    expect(failed).toMatchObject({ sentAt: null, deadAt: null, attempts: 1, error: round.retrying[0].error, text: mail.text, html: mail.html })
    // The first retry is 30 s later.
    expect(failed.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(20_000)
    expect(failed.nextAttemptAt.getTime() - Date.now()).toBeLessThanOrEqual(30_000)

    process.env.SMTP_URL = smtp.url
    expect((await relayOnce()).sent).toEqual([])
    await db().outboxMail.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1) } }) // 30 s pass
    expect((await relayOnce()).sent).toEqual([mail.to])
    expect(await row(id)).toMatchObject({ error: null, text: '', html: '', attempts: 2 })
    expect(smtp.received).toHaveLength(1)
  })

  it('SMTP refuses, then hangs, then stalls, then recovers: every mail is delivered, and once', async () => {
    const mails = Array.from({ length: 6 }, () => invitation())
    await queue(...mails)
    const now = { retryMs: 0 } // every failed mail is due again at once

    const refusing = await startSmtp()
    await refusing.close()
    process.env.SMTP_URL = quick(refusing.url)
    expect((await relayOnce(now)).retrying.map((r) => r.to).sort()).toEqual(mails.map((m) => m.to).sort())

    const silent = await startSilent()
    process.env.SMTP_URL = quick(silent.url)
    const hung = await relayOnce(now)
    expect(hung.retrying).toHaveLength(mails.length)
    expect(hung.retrying[0].error).toMatch(/greeting|timeout/i)
    expect(silent.connections()).toBe(mails.length)
    await silent.close()

    const stalling = await startSmtp({ stall: true })
    process.env.SMTP_URL = quick(stalling.url)
    const stalled = await relayOnce(now)
    expect(stalled.retrying).toHaveLength(mails.length)
    expect(stalled.retrying[0].error).toMatch(/timeout/i)
    await stalling.close()

    process.env.SMTP_URL = smtp.url
    // Two relays (two instances) at once: each mail is claimed by one of them.
    const rounds = await Promise.all([relayOnce(now), relayOnce(now), relayOnce(now)])
    expect(rounds.flatMap((r) => r.sent).sort()).toEqual(mails.map((m) => m.to).sort())
    expect(await relayOnce(now)).toEqual({ sent: [], retrying: [], dead: [] })
    expect(smtp.received.map((r) => r.rcptTo[0]).sort()).toEqual(mails.map((m) => m.to).sort())
    const rows = await db().outboxMail.findMany({ where: { to: { in: mails.map((m) => m.to) } } })
    expect(rows.map((r) => ({ attempts: r.attempts, sent: r.sentAt !== null, text: r.text }))).toEqual(rows.map(() => ({ attempts: 4, sent: true, text: '' })))
  })

  it('a mail claimed by a relay that died is left alone for its lease, then claimed again', async () => {
    const mail = invitation()
    const [id] = await queue(mail)
    const { claimDueMails } = await import('@/lib/db/outbox')
    expect((await claimDueMails(10, 60_000)).map((m) => m.id)).toEqual([id]) // …and that relay is killed
    expect((await relayOnce()).sent).toEqual([])
    await db().outboxMail.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1) } }) // the lease runs out
    expect((await relayOnce()).sent).toEqual([mail.to])
    expect(smtp.received).toHaveLength(1)
  })

  it('a start of the embedded database frees the mails its dead process held at once; a mail backing off keeps its time', async () => {
    const [held, failing] = [invitation(), invitation()]
    const [heldId, failingId] = await queue(held, failing)
    const { claimDueMails } = await import('@/lib/db/outbox')
    expect((await claimDueMails(10, 60_000)).map((m) => m.id).sort()).toEqual([heldId, failingId].sort()) // the process is killed mid-send…
    const retryAt = new Date(Date.now() + 60_000)
    await db().outboxMail.update({ where: { id: failingId }, data: { claimedAt: null, error: 'refused', nextAttemptAt: retryAt } }) // …after this one failed
    vi.stubEnv('SEED', 'false')
    const lines: string[] = []
    await prepareDatabase((line) => lines.push(line), getDatabase())
    const round = await relayOnce()
    if (getDatabase().kind === 'pglite') {
      // One process per folder (the lock): every claim found at start is a dead process's.
      expect(lines).toContain('[mail] 1 mail(s) held by a stopped server are due again')
      expect(round.sent).toEqual([held.to])
      expect(smtp.received.map((r) => r.rcptTo)).toEqual([[held.to]])
    } else {
      // Other instances may be sending these right now: a start leaves them to their lease.
      expect(lines.filter((l) => l.startsWith('[mail]'))).toEqual([])
      expect(round.sent).toEqual([])
    }
    expect((await row(failingId)).nextAttemptAt).toEqual(retryAt)
  })

  it('gives up on a mail still failing a day after it was queued: its link is erased and its workspace admins see it', async () => {
    const ws = await createWorkspace()
    const owner = await ws.add({ role: 'OWNER' })
    const email = `lost@${ws.tag}.test`
    success(await inviteMembers.run(await accessOf(owner), { rows: [{ email }] }))
    const queued = await db().outboxMail.findFirstOrThrow({ where: { to: email } })
    // The request did not try to send it: that is the relay's job.
    expect(queued).toMatchObject({ attempts: 0, sentAt: null, error: null })
    expect(await undeliveredMails(ws.tenant.id)).toEqual([])

    const refusing = await startSmtp()
    await refusing.close()
    process.env.SMTP_URL = refusing.url
    await db().outboxMail.update({ where: { id: queued.id }, data: { createdAt: new Date(Date.now() - 86_400_000 - 1000) } })
    const round = await relayOnce()
    expect(round.dead).toEqual([{ to: email, error: expect.stringMatching(/ECONNREFUSED/) }])
    const dead = await row(queued.id)
    expect(dead).toMatchObject({ sentAt: null, text: '', html: '' })
    expect(dead.deadAt).toBeInstanceOf(Date)
    expect(await relayOnce()).toEqual({ sent: [], retrying: [], dead: [] })
    expect((await undeliveredMails(ws.tenant.id)).map((m) => m.to)).toEqual([email])
    expect(await undeliveredMails((await createWorkspace()).tenant.id)).toEqual([])
  })
})

describe('without SMTP_URL', () => {
  it('logs one line with the link per committed mail; the relay leaves it pending, bodies intact', async () => {
    delete process.env.SMTP_URL
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const mail = invitation()
    const [id] = await queue(mail)

    await mailsCommitted([id])
    expect(info).toHaveBeenCalledTimes(1)
    expect(info).toHaveBeenCalledWith(`[mail] to ${mail.to}: ${mail.subject} http://127.0.0.1:3000/invite/token-${counter}`)
    expect(await relayOnce()).toEqual({ sent: [], retrying: [], dead: [] })
    expect(await row(id)).toMatchObject({ sentAt: null, error: null, attempts: 0, text: mail.text, html: mail.html })
    expect(smtp.received).toHaveLength(0)
  })
})

describe('listOutbox', () => {
  it('lists the newest mail first, with at most `limit` rows', async () => {
    const older = await db().outboxMail.create({ data: { ...invitation(), createdAt: new Date('2099-01-01T00:00:00Z') } })
    const newer = await db().outboxMail.create({ data: { ...invitation(), createdAt: new Date('2099-01-02T00:00:00Z') } })
    const list = await listOutbox(2)
    expect((await listOutbox(2, 'no-such-workspace')).length).toBe(0)
    expect(list.map((m) => m.id)).toEqual([newer.id, older.id])
    expect(list[0]).toEqual(expect.objectContaining({ to: newer.to, subject: newer.subject, text: newer.text, sentAt: null, error: null }))
  })
})
