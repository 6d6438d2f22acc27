import type { Dialog } from '@playwright/test'
import { expect, hydrated, main, PEOPLE, rowAction, signIn, test } from './fixtures'

// Moving between pages: a bar shows while the next page loads, and leaving a form with unsaved
// edits asks first (a link asks with the browser's confirm, closing the tab with its own prompt).

const UNSAVED = 'You have unsaved changes. Leave this page and lose them?'

test('a link followed shows a loading bar until the next page is there', async ({ page }) => {
  await signIn(page, 'owner', '/settings/users')
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible()
  // Before hydration a click is the browser's own navigation, which shows no bar of ours.
  await hydrated(page)
  // The teams page is held back until the test lets it through.
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/settings/teams*', async (route) => {
    await held
    await route.continue()
  })
  const bar = page.getByRole('progressbar', { name: 'Loading the page' })
  await expect(bar).toHaveCount(0)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click()
  await expect(bar).toBeVisible()
  release()
  await expect(page.getByRole('heading', { name: 'Teams' })).toBeVisible()
  await expect(bar).toHaveCount(0)
})

test('leaving the role template editor with unsaved edits asks first; Stay keeps them, Leave goes', async ({ page }) => {
  await signIn(page, 'owner', '/settings/roles')
  await main(page).getByRole('link', { name: 'Support agent', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Edit role template: Support agent' })).toBeVisible()
  const roleUrl = page.url()

  // Nothing changed: the menu leaves without a question.
  const asked: Dialog[] = []
  const record = (d: Dialog) => {
    asked.push(d)
    void d.dismiss()
  }
  page.on('dialog', record)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click()
  await expect(page).toHaveURL(/\/settings\/users$/)
  expect(asked).toHaveLength(0)
  await page.goto(roleUrl)
  await hydrated(page)

  // An edit not saved: the menu asks, and "Stay" (dismiss) keeps the page and the edit.
  const description = main(page).getByLabel('Description')
  const original = await description.inputValue()
  const note = main(page).getByRole('status').filter({ hasText: 'Unsaved changes' })
  await expect(note).toHaveCount(0)
  await description.fill('Answers the inbox — draft not saved')
  await expect(note).toBeVisible()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click()
  await expect.poll(() => asked.length).toBe(1)
  expect(asked[0].type()).toBe('confirm')
  expect(asked[0].message()).toBe(UNSAVED)
  await expect(page).toHaveURL(roleUrl)
  await expect(description).toHaveValue('Answers the inbox — draft not saved')

  // Put back as it was, the page is clean again: the menu leaves without asking.
  await description.fill(original)
  await expect(note).toHaveCount(0)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click()
  await expect(page).toHaveURL(/\/settings\/users$/)
  expect(asked).toHaveLength(1)
  page.off('dialog', record)

  // A permission ticked or unticked is an edit too, and Cancel asks as well; "Leave" (accept) goes.
  await page.goto(roleUrl)
  await hydrated(page)
  await main(page).getByRole('checkbox', { name: 'Broadcasts', exact: true }).click()
  page.once('dialog', (d) => void d.accept())
  await main(page).getByRole('link', { name: 'Cancel' }).click()
  await expect(page).toHaveURL(/\/settings\/roles$/)
})

test('leaving a member’s page with unsaved settings asks first', async ({ page }) => {
  await signIn(page, 'owner', '/settings/users')
  await rowAction(page, PEOPLE.ops.email, 'Edit')
  await expect(page.getByRole('heading', { name: 'Status', level: 2 })).toBeVisible()
  const memberUrl = page.url()
  const crm = main(page).getByRole('checkbox', { name: /CRM access/ })
  await crm.click()
  await expect(main(page).getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible()
  let asked = ''
  page.once('dialog', (d) => {
    asked = d.message()
    void d.dismiss()
  })
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click()
  await expect.poll(() => asked).toBe(UNSAVED)
  await expect(page).toHaveURL(memberUrl)
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click()
  await expect(page).toHaveURL(/\/$/)
})
