import { expect, type APIRequestContext } from '@playwright/test'

// Mail sent by the server under test, read back from the mail catcher scripts/e2e-server.mjs
// starts (scripts/mail-catcher.mjs).
export const MAIL_API = 'http://127.0.0.1:' + (process.env.E2E_MAIL_API_PORT ?? '2526')

export type CaughtMail = { to: string[]; from: string; subject: string; text: string; html: string; date: string }

async function mailsTo(request: APIRequestContext, to: string): Promise<CaughtMail[]> {
  const res = await request.get(`${MAIL_API}/messages`, { params: { to } })
  expect(res.ok(), `mail catcher answered ${res.status()}`).toBe(true)
  return (await res.json()) as CaughtMail[]
}

/** The newest mail to an address, waiting (by polling, not sleeping) until one has arrived. */
export async function latestMailTo(request: APIRequestContext, to: string): Promise<{ subject: string; text: string; html: string }> {
  let mails: CaughtMail[] = []
  await expect.poll(async () => (mails = await mailsTo(request, to)).length, { message: `a mail to ${to}`, timeout: 10_000 }).toBeGreaterThan(0)
  const { subject, text, html } = mails[mails.length - 1]
  return { subject, text, html }
}

/** The invitation link (…/invite/<token>) in a mail's text. */
export function inviteLinkIn(text: string): string {
  const link = /https?:\/\/[^\s<>"]+\/invite\/[A-Za-z0-9_-]+/.exec(text)?.[0]
  if (!link) throw new Error(`No invitation link in:\n${text}`)
  return link
}
