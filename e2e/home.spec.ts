import type { Page } from '@playwright/test'
import { expect, expectAccessible, signedInPage, test, main, rowWith } from './fixtures'

// Home and two users-list helpers. The Acme owner invites two people, resends both invitations
// from the bulk bar and revokes them; Home then shows the owner seats, pending invitations and
// those changes, with links that work. The Support agent (no users, audit or billing
// permission) sees only their modules; Rita (Read only, no CRM access) reads why Contacts is
// missing, on Home and on /contacts.

const TAG = Date.now().toString(36)
const A = `home-a-${TAG}@example.net`
const B = `home-b-${TAG}@example.net`

const bulkBar = (page: Page) => main(page).getByRole('region', { name: 'Bulk actions' })
const status = (page: Page, text: string | RegExp) => main(page).getByRole('status').filter({ hasText: text })
const select = (page: Page, email: string) =>
  main(page)
    .getByRole('checkbox', { name: `Select ${email}` })
    .check()

test.describe.configure({ mode: 'serial' })

test('the owner resends and revokes two pending invitations from the bulk bar', async ({ browser }) => {
  const page = await signedInPage(browser, 'owner')
  await page.goto('/settings/users')
  await main(page).getByRole('button', { name: 'Invite people' }).click()
  const invite = page.getByRole('dialog', { name: 'Invite people' })
  await invite.getByLabel('Email addresses').fill(`${A}\n${B}`)
  await invite.getByRole('button', { name: 'Review' }).click()
  await invite.getByRole('button', { name: 'Send invitations' }).click()
  await expect(invite).toBeHidden()

  await page.goto(`/settings/users?status=INVITED&q=${encodeURIComponent(`-${TAG}@`)}`)
  await expect(rowWith(page, A)).toContainText('Invited')
  await expect(rowWith(page, B)).toContainText('Invited')
  await select(page, A)
  await select(page, B)
  await bulkBar(page).getByRole('button', { name: 'Resend invitations' }).click()
  await expect(status(page, 'Sent a new invitation link to 2 members; earlier links no longer work.')).toBeVisible()

  // Revoke: both rows selected again, confirmed in the dialog; the rows leave the list.
  await select(page, A)
  await select(page, B)
  await expectAccessible(page)
  await bulkBar(page).getByRole('button', { name: 'Revoke invitations' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Revoke 2 invitations?' })
  await expect(confirm).toContainText('links stop working')
  await confirm.getByRole('button', { name: 'Revoke 2 invitations' }).click()
  await expect(status(page, 'Revoked the invitation of 2 members.')).toBeVisible()
  await expect(rowWith(page, A)).toHaveCount(0)
  await expect(rowWith(page, B)).toHaveCount(0)
  await page.context().close()
})

test('the owner’s Home shows seats, pending invitations and recent changes, with working links', async ({ browser }) => {
  const page = await signedInPage(browser, 'owner')
  await page.goto('/')
  await expect(main(page).getByRole('meter', { name: 'Seats used' })).toHaveAttribute('aria-valuetext', /^\d+ of \d+ seats used$/)
  const people = main(page).getByRole('region', { name: 'People' })
  await expect(people).toContainText('Pending invitations')
  await expect(people).toContainText('Never signed in')
  const changes = main(page).getByRole('region', { name: 'Recent changes' })
  await expect(changes.getByRole('listitem').first()).toHaveText(new RegExp(`Revoked the invitation of home-[ab]-${TAG}@example\\.net`))
  await expect(changes.getByText(`Resent the invitation to ${A}`)).toBeVisible()
  await expect(main(page).getByRole('link', { name: 'See the plan and its seats' })).toHaveAttribute('href', '/settings/billing')
  await expect(
    main(page)
      .getByRole('region', { name: 'Your modules' })
      .getByRole('link', { name: /^Users/ }),
  ).toBeVisible()
  await expect(main(page).getByText('doesn’t have CRM access')).toHaveCount(0)
  await expectAccessible(page)

  await people.getByRole('link', { name: 'Show invited people' }).click()
  await expect(page).toHaveURL(/\/settings\/users\?status=INVITED$/)
  await expect(rowWith(page, 'invited@example.com')).toContainText('Invited')

  await page.goto('/')
  await people.getByRole('link', { name: 'Show members who never signed in' }).click()
  await expect(page).toHaveURL(/signin=never/)
  await expect(main(page).getByLabel('Last sign-in')).toHaveValue('never')

  await page.goto('/')
  await changes.getByRole('link', { name: 'Open the audit log' }).click()
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible()
  await page.context().close()
})

test('a restricted member’s Home shows only their modules and none of the admin panels', async ({ browser }) => {
  const page = await signedInPage(browser, 'agent')
  await page.goto('/')
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible()
  await expect(main(page).getByRole('meter')).toHaveCount(0)
  for (const name of ['Seats', 'People', 'Recent changes']) await expect(main(page).getByRole('region', { name })).toHaveCount(0)
  await expect(main(page).getByText('Pending invitations')).toHaveCount(0)
  await expect(main(page).getByRole('link', { name: /audit log|plan/i })).toHaveCount(0)
  // The cards are the menu's entries, nothing more: here Contacts, Inbox and Teams.
  const menu = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()
  const cards = main(page).getByRole('region', { name: 'Your modules' }).getByRole('link')
  const labels = await cards.evaluateAll((links) => links.map((l) => l.querySelector('span')?.textContent ?? ''))
  expect(labels).toEqual(menu.map((t) => t.trim()).filter((t) => t !== 'Home'))
  expect(labels).not.toContain('Users')
  expect(labels).toContain('Contacts')
  await expectAccessible(page)
  await page.context().close()
})

test('a member without CRM access reads why Contacts is missing, on Home and on /contacts', async ({ browser }) => {
  const page = await signedInPage(browser, 'readonly')
  await page.goto('/')
  await expect(main(page).getByText('Contacts isn’t listed because your account doesn’t have CRM access. Workspace admins can grant it.')).toBeVisible()
  await expectAccessible(page)
  const res = await page.goto('/contacts')
  expect(res?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Your account doesn’t have CRM access', level: 1 })).toBeVisible()
  await expect(page.getByText(/Workspace admins \(owners and admins\) can grant it/)).toBeVisible()
  await expectAccessible(page)
  await page.context().close()
})
