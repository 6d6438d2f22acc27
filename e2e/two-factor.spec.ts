import { expect, type Browser, type Page } from '@playwright/test'
import { codeAt } from '../lib/auth/two-factor'
import { expectAccessible, main, PEOPLE, rowAction, signIn, test } from './fixtures'

// Two-factor sign-in as Mia (marketing@example.com): she sets it up from her profile (QR code and
// key), signs out, signs in with a code made here from the key, then with a recovery code, which
// afterwards is refused. At the end her two-factor is turned off again so the specs after this
// one sign her in with the password alone; then she sets it up once more and an admin resets it
// from her member page (as for a lost phone), after which the password alone signs her in.

test.describe.configure({ mode: 'serial' })

const MIA = PEOPLE.marketing
let key = ''
let recoveryCodes: string[] = []

async function freshPage(browser: Browser) {
  return (await browser.newContext()).newPage()
}

/** Email and password; answers once the code step shows. */
async function passwordStep(page: Page) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(MIA.email)
  await page.getByLabel('Password').fill(MIA.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible()
  await expect(page.getByLabel('Code')).toBeFocused()
}

/** Signs in with the password alone and lands in the app. */
async function passwordOnly(browser: Browser) {
  const page = await freshPage(browser)
  await signIn(page, MIA)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  return page
}

const STEP_MS = 30_000
/** The time step of the last code used: the server takes each step once. */
let lastStep = 0

/**
 * A code the server will take now: of the next time step (codes of the step before and after
 * the current one are accepted), or, when that one was used already, of the step after it once
 * the clock allows it (a code is refused once used, as an app user who signs in twice within 30
 * seconds also sees).
 */
async function freshCode(page: Page): Promise<string> {
  let step = Math.floor(Date.now() / STEP_MS) + 1
  if (step <= lastStep) {
    step = lastStep + 1
    await page.waitForTimeout(Math.max(0, (step - 1) * STEP_MS - Date.now() + 500))
  }
  lastStep = step
  return codeAt(key, step * STEP_MS)
}

test('Mia sets up two-factor sign-in from her profile and saves her recovery codes', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('Email').fill(MIA.email)
  await page.getByLabel('Password').fill(MIA.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()

  await page.goto('/profile')
  await main(page).getByRole('link', { name: 'Set up two-factor sign-in' }).click()
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in', level: 1 })).toBeVisible()
  await main(page).getByRole('button', { name: 'Set up two-factor sign-in' }).click()
  await expect(main(page).getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  key = (await page.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '')
  expect(key).toMatch(/^[A-Z2-7]{32}$/)
  await expectAccessible(page)

  // A wrong code is told next to the field; the right one turns it on.
  const field = main(page).getByLabel('Code from your app')
  await field.fill('000000')
  await main(page).getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
  await expect(field).toHaveAccessibleDescription(/That code is not right/)
  lastStep = Math.floor(Date.now() / STEP_MS)
  await field.fill(codeAt(key, lastStep * STEP_MS))
  await main(page).getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
  await expect(main(page).getByRole('heading', { name: 'Your recovery codes' })).toBeFocused()
  recoveryCodes = await main(page).getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts()
  expect(recoveryCodes).toHaveLength(10)
  await expectAccessible(page)
  await main(page).getByRole('button', { name: 'I saved them' }).click()
  await expect(page).toHaveURL(/\/profile$/)
  await expect(main(page).getByText(/^On since .*Recovery codes left: 10 of 10\.$/)).toBeVisible()
})

test('signing in asks for the code after the password; a wrong one is refused, a code from the app lets her in', async ({ browser }) => {
  const page = await freshPage(browser)
  await passwordStep(page)
  await expectAccessible(page)
  await page.getByLabel('Code').fill('000000')
  await page.getByRole('button', { name: 'Verify and sign in' }).click()
  await expect(page.getByLabel('Code')).toHaveAccessibleDescription('That code is not right. Enter the code your app shows now.')
  await page.getByLabel('Code').fill(await freshCode(page))
  await page.getByRole('button', { name: 'Verify and sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await page.context().close()
})

test('a recovery code signs her in once; the same code is refused afterwards', async ({ browser }) => {
  const page = await freshPage(browser)
  await passwordStep(page)
  await page.getByRole('button', { name: 'Use a recovery code' }).click()
  await page.getByLabel('Recovery code').fill(recoveryCodes[0])
  await page.getByRole('button', { name: 'Verify and sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await page.goto('/profile')
  await expect(main(page).getByText(/Recovery codes left: 9 of 10\./)).toBeVisible()
  await page.context().close()

  const again = await freshPage(browser)
  await passwordStep(again)
  await again.getByRole('button', { name: 'Use a recovery code' }).click()
  await again.getByLabel('Recovery code').fill(recoveryCodes[0])
  await again.getByRole('button', { name: 'Verify and sign in' }).click()
  await expect(again.getByLabel('Recovery code')).toHaveAccessibleDescription('That recovery code is not right, or it was used already.')
  await expect(again).toHaveURL(/\/login/)
  await again.context().close()
})

test('she turns two-factor off with her password; sign-in asks for no code again', async ({ browser }) => {
  const page = await freshPage(browser)
  await passwordStep(page)
  await page.getByLabel('Code').fill(await freshCode(page))
  await page.getByRole('button', { name: 'Verify and sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await page.goto('/profile/two-factor')
  await main(page).getByRole('radio', { name: 'My password' }).check()
  await main(page).getByLabel('Password', { exact: true }).fill(MIA.password)
  await main(page).getByRole('button', { name: 'Turn off two-factor sign-in' }).click()
  await expect(page).toHaveURL(/\/profile$/)
  await expect(main(page).getByRole('link', { name: 'Set up two-factor sign-in' })).toBeVisible()
  await page.context().close()

  await (await passwordOnly(browser)).context().close()
})

test('an admin resets her two-factor from her member page; she signs in with the password alone', async ({ browser }) => {
  // Set up once more (she has it off now), quickly.
  const mia = await passwordOnly(browser)
  await mia.goto('/profile/two-factor')
  await main(mia).getByRole('button', { name: 'Set up two-factor sign-in' }).click()
  key = (await mia.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '')
  await main(mia).getByLabel('Code from your app').fill(codeAt(key))
  await main(mia).getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
  await expect(main(mia).getByRole('heading', { name: 'Your recovery codes' })).toBeVisible()
  await mia.context().close()

  const admin = await freshPage(browser)
  await signIn(admin, PEOPLE.admin, '/settings/users')
  await rowAction(admin, MIA.email, 'Edit')
  const security = main(admin).getByRole('region', { name: 'Security' })
  await expect(security.getByRole('definition').filter({ hasText: /^On since / })).toBeVisible()
  await security.getByRole('button', { name: 'Reset two-factor' }).click()
  const dialog = admin.getByRole('alertdialog', { name: `Reset the two-factor sign-in of ${MIA.email}?` })
  await expect(dialog).toBeVisible()
  await expectAccessible(admin)
  await dialog.getByRole('button', { name: 'Reset two-factor' }).click()
  await expect(dialog).toBeHidden()
  await expect(security.getByRole('definition').filter({ hasText: /^Off$/ })).toBeVisible()
  await expect(security.getByRole('button', { name: 'Reset two-factor' })).toHaveCount(0)
  await admin.context().close()

  await (await passwordOnly(browser)).context().close()
})
