// A local mail catcher, for the end-to-end suite and for developers who want the app to really
// send mail: an SMTP server that accepts anything and keeps it in memory, and a small JSON API
// to read it back.
//   node scripts/mail-catcher.mjs [smtpPort=2525] [httpPort=2526]
//   SMTP_URL=smtp://127.0.0.1:2525 npm start
//   GET /messages[?to=addr]  → [{ to, from, subject, text, html, date }], oldest first
//   DELETE /messages         → clears them
// Both servers listen on 127.0.0.1 only: anyone who can read the API can read invitation links.
import http from 'node:http'
import { pathToFileURL } from 'node:url'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

const MAX_MESSAGES = 1000 // a long-running catcher must not grow without bound

/**
 * Starts both servers and resolves once they listen. Port 0 picks a free port; the ports in use
 * are returned.
 * @param {{ smtpPort?: number, httpPort?: number, log?: boolean }} [options]
 * @returns {Promise<{ smtpPort: number, httpPort: number, close: () => Promise<void> }>}
 */
export async function startMailCatcher({ smtpPort = 2525, httpPort = 2526, log = false } = {}) {
  /** @type {{ to: string[], from: string, subject: string, text: string, html: string, date: string }[]} */
  let messages = []

  const smtp = new SMTPServer({
    authOptional: true,
    // No certificate here; clients must not try to upgrade the connection.
    disabledCommands: ['STARTTLS'],
    // Accept any credentials, so an SMTP_URL with user:pass works against the catcher too.
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    size: 10 * 1024 * 1024,
    logger: false,
    closeTimeout: 2000,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          // The envelope's recipients, not the To header: that is who the mail was delivered to.
          const to = session.envelope.rcptTo.map((r) => r.address)
          messages.push({
            to,
            from: mail.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            date: (mail.date ?? new Date()).toISOString(),
          })
          if (messages.length > MAX_MESSAGES) messages = messages.slice(-MAX_MESSAGES)
          if (log) console.log(`[mail-catcher] ${to.join(', ')}: ${mail.subject ?? ''}`)
          callback()
        })
        .catch((err) => callback(err))
    },
  })

  // A client dropping its connection is reported here; without a listener it would end the process.
  smtp.on('error', (err) => {
    if (log) console.error(`[mail-catcher] ${err.message}`)
  })

  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/messages') return send(res, 404, { error: 'Not found' })
    if (req.method === 'DELETE') {
      messages = []
      return send(res, 200, [])
    }
    if (req.method !== 'GET') return send(res, 405, { error: 'Method not allowed' })
    const to = url.searchParams.get('to')?.toLowerCase()
    send(res, 200, to ? messages.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : messages)
  })

  await Promise.all([listen(smtp.server, smtpPort), listen(api, httpPort)])
  return {
    smtpPort: /** @type {import('node:net').AddressInfo} */ (smtp.server.address()).port,
    httpPort: /** @type {import('node:net').AddressInfo} */ (api.address()).port,
    close: () =>
      Promise.all([
        new Promise((resolve) => smtp.close(() => resolve(undefined))),
        new Promise((resolve) => {
          api.closeAllConnections()
          api.close(() => resolve(undefined))
        }),
      ]).then(() => undefined),
  }
}

/** @param {import('node:net').Server} server @param {number} port */
function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

// Started only when run as a script, not when imported by scripts/e2e-server.mjs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const catcher = await startMailCatcher({
    smtpPort: Number(process.argv[2] ?? 2525),
    httpPort: Number(process.argv[3] ?? 2526),
    log: true,
  })
  console.log(`[mail-catcher] SMTP on smtp://127.0.0.1:${catcher.smtpPort}, messages on http://127.0.0.1:${catcher.httpPort}/messages`)
  const stop = () => catcher.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
