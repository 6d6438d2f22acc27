import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '@/lib/db/client'
import { listOutbox, queueMails } from '@/lib/db/outbox'
import { transaction } from '@/lib/db/tx'
import { deliverMails } from '@/lib/mail/outbox'
import { invitationMail } from '@/lib/mail/messages'

// The outbox against a real database and a real SMTP server listening on a random local port:
// queued in a transaction, delivered after commit, bodies wiped once sent, failures recorded.

type Received = { rcptTo: string[]; mail: ParsedMail }

function startSmtp(): Promise<{ received: Received[]; url: string; close: () => Promise<void> }> {
  const received: Received[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
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
beforeEach(() => {
  smtp.received.length = 0
  process.env.SMTP_URL = smtp.url
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

describe('deliverMails over SMTP', () => {
  it('sends the mail with both bodies, then marks it sent and wipes the bodies (they hold the token)', async () => {
    const mail = invitation()
    const [id] = await queue(mail)
    expect(await deliverMails([id])).toEqual({ sent: 1, failed: [] })

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
    expect(after).toMatchObject({ text: '', html: '', error: null })
  })

  it('sends a mail once: delivering the same ids again sends nothing', async () => {
    const [id] = await queue(invitation())
    await deliverMails([id])
    expect(await deliverMails([id])).toEqual({ sent: 0, failed: [] })
    expect(smtp.received).toHaveLength(1)
  })

  it('escapes a workspace name holding markup in the HTML that goes out', async () => {
    const [id] = await queue(invitation({ workspaceName: '<script>alert(1)</script>' }))
    await deliverMails([id])
    const html = smtp.received[0].mail.html || ''
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script')
    expect(smtp.received[0].mail.text).toContain('<script>alert(1)</script>')
  })

  it('records a failure on the row and reports it, without throwing; a later delivery succeeds', async () => {
    const dead = await startSmtp()
    await dead.close() // its port is now closed
    process.env.SMTP_URL = dead.url
    const mail = invitation()
    const [id] = await queue(mail)

    const result = await deliverMails([id])
    expect(result.sent).toBe(0)
    expect(result.failed).toEqual([{ to: mail.to, error: expect.stringMatching(/ECONNREFUSED/) }])
    expect(result.failed[0].error).not.toContain('\n')
    const failed = await row(id)
    expect(failed).toMatchObject({ sentAt: null, error: result.failed[0].error, text: mail.text, html: mail.html })

    process.env.SMTP_URL = smtp.url
    expect(await deliverMails([id])).toEqual({ sent: 1, failed: [] })
    expect(await row(id)).toMatchObject({ error: null, text: '', html: '' })
  })
})

describe('deliverMails without SMTP_URL', () => {
  it('logs one line with the link per mail and leaves the mail pending, bodies intact', async () => {
    delete process.env.SMTP_URL
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const mail = invitation()
    const [id] = await queue(mail)

    expect(await deliverMails([id])).toEqual({ sent: 0, failed: [] })
    expect(info).toHaveBeenCalledTimes(1)
    expect(info).toHaveBeenCalledWith(`[mail] to ${mail.to}: ${mail.subject} http://127.0.0.1:3000/invite/token-${counter}`)
    expect(await row(id)).toMatchObject({ sentAt: null, error: null, text: mail.text, html: mail.html })
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
