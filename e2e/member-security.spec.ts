import { expect, type APIRequestContext, type Page } from '@playwright/test'
import { expectAccessible, main, PEOPLE, rowAction, signIn, signedInPage, test } from './fixtures'
import { latestMailTo } from './mail'

// The member page's Security section, as the owner: a password-reset link sent to a member
// arrives over SMTP and sets a new password; ending all sessions of a member signs out the
// browser they are signed in with. Mia (marketing@) gets the reset, and her seeded password is
// set back at the end through "Forgot password", so other specs sign in as before; Rita
// (readonly@) has her sessions ended, which other specs' fresh sign-ins do not notice.

test.describe.configure({ mode: 'serial' })

const MIA = PEOPLE.marketing
const RITA = PEOPLE.readonly
const NEW_PASSWORD = 'mia-new-password-e2e'
const LINK = /https?:\/\/[^\s<>"]+\/reset-password\/[A-Za-z0-9_-]+/

const securitySection = (page: Page) => main(page).getByRole('region', { name: 'Security' })
const status = (page: Page, text: string | RegExp) => main(page).getByRole('status').filter({ hasText: text })

async function memberPage(page: Page, email: string) {
  await signIn(page, 'owner', '/settings/users')
  await rowAction(page, email, 'Edit')
  await expect(securitySection(page)).toBeVisible()
}

/** The newest reset link mailed to the address, waiting until it is not `previous`. */
async function mailedLink(request: APIRequestContext, to: string, previous?: string) {
  let mail = { subject: '', text: '' }
  let link: string | undefined
  await expect
    .poll(async () => (link = LINK.exec((mail = await latestMailTo(request, to)).text)?.[0]), { message: `a new reset link to ${to}`, timeout: 15_000 })
    .not.toEqual(previous)
  expect(link).toBeTruthy()
  return { link: link!, mail }
}

async function setPassword(page: Page, link: string, password: string) {
  await page.goto(link)
  await page.getByLabel('New password', { exact: true }).fill(password)
  await page.getByLabel('Confirm new password').fill(password)
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page).toHaveURL(/\/login\?reset=1$/)
}

test('an owner sends a member a password-reset link; it arrives by mail and sets a new password', async ({ page, browser, request }) => {
  await memberPage(page, MIA.email)
  const section = securitySection(page)
  await expect(section.getByText('Two-factor sign-in')).toBeVisible()
  await expect(section.getByText('Off', { exact: true })).toBeVisible()
  await expectAccessible(page)

  // By keyboard: the confirmation opens, Escape closes it and focus returns to its button.
  const send = section.getByRole('button', { name: 'Send password reset' })
  await send.focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('alertdialog', { name: `Send ${MIA.email} a password-reset link?` })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await expectAccessible(page)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(send).toBeFocused()

  await page.keyboard.press('Enter')
  await dialog.getByRole('button', { name: 'Send link' }).click()
  await expect(dialog).toBeHidden()
  await expect(status(page, `A password-reset link went to ${MIA.email}`)).toBeVisible()
  await expect(send).toBeFocused()

  const { link, mail } = await mailedLink(request, MIA.email)
  expect(mail.subject).toBe('Reset your Teamgate password')
  expect(mail.text).toContain(`(${PEOPLE.owner.email}), of the workspace`)

  const mia = await (await browser.newContext()).newPage()
  await setPassword(mia, link, NEW_PASSWORD)
  await signIn(mia, { email: MIA.email, password: NEW_PASSWORD })
  await expect(mia.getByRole('navigation', { name: 'Main' })).toBeVisible()

  // Her seeded password back, through "Forgot password" (as password-reset.spec.ts does).
  await mia.context().clearCookies()
  await mia.goto('/forgot-password')
  await mia.getByLabel('Email').fill(MIA.email)
  await mia.getByRole('button', { name: 'Send reset link' }).click()
  await expect(mia.getByRole('status').filter({ hasText: 'If an account exists for that address' })).toBeVisible()
  const again = await mailedLink(request, MIA.email, link)
  await setPassword(mia, again.link, MIA.password)
  await signIn(mia, MIA)
  await expect(mia.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await mia.context().close()
})

test('an owner ends all sessions of a signed-in member; that member’s next request goes to the sign-in page', async ({ page, browser }) => {
  const rita = await signedInPage(browser, 'readonly')
  await memberPage(page, RITA.email)
  const section = securitySection(page)
  await expect(section.getByText(/^\d+ open · last seen .+ UTC$/)).toBeVisible()

  await section.getByRole('button', { name: 'End all sessions' }).click()
  const dialog = page.getByRole('alertdialog', { name: `End every session of ${RITA.email}?` })
  await expect(dialog).toContainText('in every workspace they belong to')
  await dialog.getByRole('button', { name: 'End sessions' }).click()
  await expect(status(page, /open sessions? of readonly@example\.com: they have to sign in again/)).toBeVisible()
  await expect(section.getByText('None open')).toBeVisible()
  // Nothing left to end: the button is gone, and focus went to the section, not lost.
  await expect(section.getByRole('button', { name: 'End all sessions' })).toHaveCount(0)
  await expect(section.getByRole('heading', { name: 'Security' })).toBeFocused()
  await expectAccessible(page)

  await rita.goto('/')
  await expect(rita).toHaveURL(/\/login/)
  await expect(rita.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await rita.context().close()

  // The owner is still signed in.
  await page.reload()
  await expect(securitySection(page)).toBeVisible()
})
