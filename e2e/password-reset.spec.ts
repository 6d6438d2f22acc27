import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test'
import { expectAccessible, PEOPLE, signIn, test } from './fixtures'
import { latestMailTo } from './mail'

// "Forgot your password?" from the sign-in page: the same answer for any address, the link
// mailed over real SMTP, a new password set with it and signed in with, the link then used up,
// and an unknown link a 404. As Oscar (ops@example.com), whom no other spec signs in as; his
// password is set back to the seeded one at the end, through the same flow.

test.describe.configure({ mode: 'serial' })

const OPS = PEOPLE.ops
const NEW_PASSWORD = 'oscar-new-password-e2e'
const ANSWER = 'If an account exists for that address, we sent a link to reset its password. It works for 1 hour.'
const LINK = /https?:\/\/[^\s<>"]+\/reset-password\/[A-Za-z0-9_-]+/

const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text })

/** Asks for a link on the forgot-password page (already open). */
async function ask(page: Page, email: string) {
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(status(page, ANSWER)).toBeVisible()
}

/** The newest reset link mailed to the address, waiting until it is not `previous`. */
async function mailedLink(request: APIRequestContext, to: string, previous?: string): Promise<string> {
  let link: string | undefined
  await expect
    .poll(async () => (link = LINK.exec((await latestMailTo(request, to)).text)?.[0]), { message: `a new reset link to ${to}`, timeout: 15_000 })
    .not.toEqual(previous)
  expect(link).toBeTruthy()
  return link!
}

async function setPassword(page: Page, link: string, password: string) {
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  await expect(page.getByLabel('New password', { exact: true })).toBeFocused()
  await page.getByLabel('New password', { exact: true }).fill(password)
  await page.getByLabel('Confirm new password').fill(password)
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page).toHaveURL(/\/login\?reset=1$/)
  await expect(status(page, 'Your password was changed. Sign in with the new one.')).toBeVisible()
}

async function freshPage(browser: Browser) {
  return (await browser.newContext()).newPage()
}

let firstLink = ''

test('a member who forgot their password gets a link by mail, sets a new one and signs in with it', async ({ page, request }) => {
  await page.goto('/login')
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(page).toHaveURL(/\/forgot-password$/)
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible()
  await expectAccessible(page)

  // The message sits next to the field.
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter your email address.')

  // An unknown address gets the very same answer.
  await ask(page, 'nobody-here@example.com')
  await ask(page, OPS.email)
  await expectAccessible(page)

  firstLink = await mailedLink(request, OPS.email)
  await setPassword(page, firstLink, NEW_PASSWORD)
  await expectAccessible(page)

  await signIn(page, { email: OPS.email, password: NEW_PASSWORD })
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
})

test('the old password no longer signs in', async ({ browser }) => {
  const page = await freshPage(browser)
  await signIn(page, OPS)
  await expect(page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' })).toBeVisible()
  await page.context().close()
})

test('a used link says so and offers a new one; an unknown link answers 404', async ({ browser }) => {
  const page = await freshPage(browser)
  await page.goto(firstLink)
  await expect(page.getByRole('heading', { name: 'This reset link was already used' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Request a new link' })).toHaveAttribute('href', '/forgot-password')
  await expectAccessible(page)

  const res = await page.goto('/reset-password/not-a-real-token-000000000000000000000000000')
  expect(res?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'This reset link is not valid' })).toBeVisible()
  await expectAccessible(page)
  await page.context().close()
})

test('the seeded password is set back through the same flow (other specs keep theirs)', async ({ browser, request }) => {
  const page = await freshPage(browser)
  await page.goto('/forgot-password')
  await ask(page, OPS.email)
  const link = await mailedLink(request, OPS.email, firstLink)
  await setPassword(page, link, OPS.password)
  await signIn(page, OPS)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await page.context().close()
})
