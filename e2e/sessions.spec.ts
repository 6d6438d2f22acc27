import type { Browser, Page } from '@playwright/test'
import { expect, expectAccessible, main, signIn, test } from './fixtures'

// The profile's session list: the same person signed in at two desks sees both, ends the other
// one, and that browser is signed out on its next page. Sam Support (agent@) is signed in here
// only: no other spec changes them, and the suite runs one spec at a time.
test.describe.configure({ mode: 'serial' })

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'

async function signedIn(browser: Browser, userAgent?: string) {
  const context = await browser.newContext(userAgent ? { userAgent } : {})
  const page = await context.newPage()
  await signIn(page, 'agent', '/profile')
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible()
  return page
}

const sessions = (page: Page) => main(page).getByRole('list', { name: 'Open sessions' }).getByRole('listitem')

/** Signed in, with the sessions other tests left open (their browsers closed) ended first. */
async function onlySession(browser: Browser) {
  const page = await signedIn(browser)
  const others = main(page).getByRole('button', { name: 'Sign out all other sessions' })
  if (await others.isVisible()) {
    await others.click()
    await expect(sessions(page)).toHaveCount(1)
  }
  return page
}

test('the profile lists the open sessions; ending another one signs that browser out', async ({ browser }) => {
  const a = await onlySession(browser)

  const b = await signedIn(browser, FIREFOX_WINDOWS)
  await a.reload()
  await expect(sessions(a)).toHaveCount(2)
  const here = sessions(a).filter({ hasText: 'This device' })
  await expect(here).toHaveCount(1)
  await expect(here.getByRole('button', { name: 'End session' })).toHaveCount(0)
  const there = sessions(a).filter({ hasText: 'Firefox 133 on Windows 10' })
  await expect(there).toContainText('IP address')
  await expect(there).toContainText(/Signed in.*UTC/)
  await expect(there).toContainText(/Last seen.*UTC/)
  await expectAccessible(a)

  await there.getByRole('button', { name: 'End session' }).click()
  await expect(main(a).getByText('Session ended.')).toBeVisible()
  await expect(sessions(a)).toHaveCount(1)
  await expect(sessions(a)).toContainText('This device')

  await b.goto('/profile')
  await expect(b).toHaveURL(/\/login/)
  await expect(b.getByRole('heading', { name: 'Sign in' })).toBeVisible()

  // A is still signed in.
  await a.reload()
  await expect(a.getByRole('heading', { name: 'Profile' })).toBeVisible()
  await a.context().close()
  await b.context().close()
})

test('“Sign out all other sessions” keeps this one; the list fits a phone', async ({ browser }) => {
  const a = await onlySession(browser)
  const b = await signedIn(browser, FIREFOX_WINDOWS)
  await a.reload()
  await expect(sessions(a)).toHaveCount(2)

  await a.setViewportSize({ width: 390, height: 800 })
  expect(await a.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true)

  await main(a).getByRole('button', { name: 'Sign out all other sessions' }).click()
  await expect(main(a).getByText('Signed out of 1 other session.')).toBeVisible()
  await expect(sessions(a)).toHaveCount(1)
  await expect(main(a).getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0)

  await b.goto('/')
  await expect(b).toHaveURL(/\/login/)
  await a.goto('/profile')
  await expect(a.getByRole('heading', { name: 'Profile' })).toBeVisible()
  await a.context().close()
  await b.context().close()
})
