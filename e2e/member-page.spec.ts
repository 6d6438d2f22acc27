import { expect, expectAccessible, main, rowAction, rowWith, signIn, test } from './fixtures'
import { inviteLinkIn, latestMailTo } from './mail'

// The member page as the place to act on one member (Acme, signed in as its owner): their
// status with the users table's own actions, and a change of their sign-in email that only
// happens once the new address confirms it from the mail.

const CASEY = 'casey@acme.example'
const CASEY_NEW = 'casey.new@acme.example'

test.describe.configure({ mode: 'serial' })

const status = (page: import('@playwright/test').Page, text: string | RegExp) => main(page).getByRole('status').filter({ hasText: text })
const statusSection = (page: import('@playwright/test').Page) => main(page).getByRole('region', { name: 'Status' })

test('an owner suspends and reactivates a member from their page', async ({ page }) => {
  await signIn(page, 'owner', '/settings/users')
  await rowAction(page, 'marketing@example.com', 'Edit')
  await expect(page.getByRole('heading', { name: 'Status', level: 2 })).toBeVisible()
  await expect(statusSection(page).getByText('Active', { exact: true })).toBeVisible()
  await expectAccessible(page)

  await statusSection(page).getByRole('button', { name: 'Suspend' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Suspend marketing@example.com?' })
  await dialog.getByRole('button', { name: 'Suspend' }).click()
  await expect(status(page, 'Suspended marketing@example.com')).toBeVisible()
  await expect(statusSection(page).getByText('Suspended', { exact: true })).toBeVisible()

  await statusSection(page).getByRole('button', { name: 'Reactivate' }).click()
  await expect(status(page, 'Reactivated marketing@example.com')).toBeVisible()
  await expect(statusSection(page).getByText('Active', { exact: true })).toBeVisible()
  await expect(statusSection(page).getByRole('button', { name: 'Suspend' })).toBeVisible()
})

test('an owner resends an invitation from the invited person’s page, and the new link is mailed', async ({ page, request }) => {
  await signIn(page, 'owner', '/settings/users')
  await rowAction(page, 'invited@example.com', 'Edit')
  await expect(statusSection(page).getByText('Invited', { exact: true })).toBeVisible()
  await expect(statusSection(page).getByText(/Link expires/)).toBeVisible()
  await statusSection(page).getByRole('button', { name: 'Resend invitation' }).click()
  await expect(status(page, 'A new invitation was sent to invited@example.com')).toBeVisible()
  const mail = await latestMailTo(request, 'invited@example.com')
  expect(inviteLinkIn(mail.text)).toContain('/invite/')
})

test('an owner changes a member’s email; it changes only when the new address confirms it', async ({ page, browser, request }) => {
  // A new member to change: invited, and joined from the mail.
  await signIn(page, 'owner', '/settings/users')
  await main(page).getByRole('button', { name: 'Invite people' }).click()
  const invite = page.getByRole('dialog', { name: 'Invite people' })
  await invite.getByLabel('Email addresses').fill(CASEY)
  await invite.getByRole('button', { name: 'Review' }).click()
  await invite.getByRole('button', { name: 'Send invitations' }).click()
  await expect(invite).toBeHidden()
  const joining = await browser.newContext()
  const casey = await joining.newPage()
  await casey.goto(inviteLinkIn((await latestMailTo(request, CASEY)).text))
  await casey.getByLabel('Your name').fill('Casey Example')
  await casey.getByLabel('Choose a password').fill('casey-password-123')
  await casey.getByLabel('Confirm password').fill('casey-password-123')
  await casey.getByRole('button', { name: 'Create account and join' }).click()
  await expect(casey.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await joining.close()

  // The owner asks for the change: nothing changes yet, the change waits with "Cancel change".
  await page.goto('/settings/users')
  await rowAction(page, CASEY, 'Edit')
  const email = main(page).getByRole('region', { name: 'Email' })
  await email.getByLabel('New email').fill(CASEY_NEW)
  await email.getByRole('button', { name: 'Send confirmation link' }).click()
  await expect(status(page, `A confirmation link went to ${CASEY_NEW}`)).toBeVisible()
  await expect(email.getByText(/waiting for confirmation/)).toContainText(CASEY_NEW)
  await expect(email.getByRole('button', { name: 'Cancel change' })).toBeVisible()
  await expect(email.getByText(`Signs in as ${CASEY}`)).toBeVisible()
  await expectAccessible(page)
  const notice = await latestMailTo(request, CASEY)
  expect(notice.text).toContain(CASEY_NEW)

  // The new address confirms, in a browser of its own.
  const mail = await latestMailTo(request, CASEY_NEW)
  const link = /https?:\/\/[^\s<>"]+\/confirm-email\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0]
  expect(link, mail.text).toBeTruthy()
  const other = await browser.newContext()
  const confirm = await other.newPage()
  await confirm.goto(link!)
  await expect(confirm.getByRole('heading', { name: 'Confirm your new email' })).toBeVisible()
  await expect(confirm.getByText(CASEY_NEW)).toBeVisible()
  await expectAccessible(confirm)
  await confirm.getByRole('button', { name: 'Confirm new email' }).click()
  await expect(confirm.getByRole('status')).toContainText(`Your sign-in email is now ${CASEY_NEW}`)
  // Single use.
  await confirm.goto(link!)
  await expect(confirm.getByRole('heading', { name: 'This email change was already confirmed' })).toBeVisible()
  await other.close()

  // The members list shows the new address.
  await page.goto('/settings/users')
  await expect(rowWith(page, CASEY_NEW)).toBeVisible()
  await expect(rowWith(page, CASEY)).toHaveCount(0)
})

test('an owner deletes a member from their page and lands on the users list, told what happened', async ({ page }) => {
  await signIn(page, 'owner', '/settings/users')
  await rowAction(page, CASEY_NEW, 'Edit')
  await statusSection(page).getByRole('button', { name: 'Delete member' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Delete 1 member?' })
  await expect(dialog.getByRole('group', { name: 'Their contacts go to' })).toBeVisible()
  await dialog.getByRole('button', { name: 'Delete 1 member' }).click()
  await expect(page).toHaveURL(/\/settings\/users$/)
  await expect(status(page, `Deleted ${CASEY_NEW}`)).toBeVisible()
  await expect(rowWith(page, CASEY_NEW)).toHaveCount(0)
})
