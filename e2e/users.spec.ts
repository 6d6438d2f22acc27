import type { Page } from '@playwright/test'
import { expect, expectAccessible, signIn, signedInPage, test, main, rowWith, rowAction } from './fixtures'
import { inviteLinkIn, latestMailTo } from './mail'

// The owner of a fresh workspace (Fresh Co, Free plan: 3 seats, created by the e2e server)
// invites two people, one of them by CSV; the first accepts from the mail the SMTP server
// received, in a browser of their own; then is suspended, reactivated and deleted.

const OWNER = { email: 'fresh-owner@example.com', password: 'fresh-password-e2e' }
const PAT = 'pat@fresh.example'
const QUINN = 'quinn@fresh.example'

const menu = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link')
const seats = (page: Page) => main(page).getByRole('meter', { name: 'Seats used' })
const row = rowWith

async function openInvite(page: Page) {
  await main(page).getByRole('button', { name: 'Invite people' }).click()
  const dialog = page.getByRole('dialog', { name: 'Invite people' })
  await expect(dialog).toBeVisible()
  return dialog
}

async function sendFromReview(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Invite people' })
  const send = dialog.getByRole('button', { name: 'Send invitations' })
  await expect(send).toBeEnabled()
  await expectAccessible(page)
  await send.click()
  await expect(dialog).toBeHidden()
}

test.describe.configure({ mode: 'serial' })

test('an owner invites by email and by CSV, the invitee joins from the mail, is suspended, reactivated and deleted', async ({ page, browser, request }) => {
  await signIn(page, OWNER, '/settings/users')
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible()
  await expect(seats(page)).toHaveAttribute('aria-valuetext', '1 of 3 seats used')
  await expectAccessible(page)

  // 1. One address typed in, as a Support agent with CRM access.
  let dialog = await openInvite(page)
  await dialog.getByLabel('Email addresses').fill(`${PAT}\nnot-an-email`)
  await dialog.getByLabel('Role template').selectOption({ label: 'Support agent' })
  await dialog.getByLabel(/CRM access/).check()
  await dialog.getByRole('button', { name: 'Review' }).click()
  // The bad address is reported on its row before anything is written; remove it and send.
  await expect(dialog.getByText('Enter a valid email address, like name@example.com.')).toBeVisible()
  await dialog.getByRole('button', { name: 'Remove not-an-email' }).click()
  await sendFromReview(page)
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: `Invited ${PAT}` }),
  ).toBeVisible()

  // 2. A second person from a CSV file (email,role,template). The file has mistakes too: every one
  // of them is shown in one review — the lines that gave no row (unknown role or template) next to
  // the rows the check refused (a malformed address, someone already invited) — not in two rounds.
  dialog = await openInvite(page)
  await dialog.getByLabel('Upload a CSV').setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      `email,role,template\n${QUINN},member,Read only\nboss@fresh.example,boss,\nnope@fresh.example,member,Nope\nnot-an-address,member,\n${PAT},member,\n`,
    ),
  })
  await dialog.getByRole('button', { name: 'Review' }).click()
  const review = dialog.getByRole('table', { name: 'Invitations to send' })
  await expect(review.getByText(QUINN)).toBeVisible()
  await expect(dialog.getByText('4 rows need attention')).toBeVisible()
  await expect(review.getByRole('row').filter({ hasText: 'boss@fresh.example' })).toContainText('Line 3 of the file: Unknown role “boss”')
  await expect(review.getByRole('row').filter({ hasText: 'nope@fresh.example' })).toContainText('Line 4 of the file: Unknown role template “Nope”.')
  await expect(review.getByRole('row').filter({ hasText: PAT })).toContainText('Already invited')
  await expect(review.getByRole('row').filter({ hasText: 'not-an-address' }).getByRole('listitem')).not.toHaveCount(0)
  await expect(dialog.getByRole('button', { name: 'Send invitations' })).toBeDisabled()
  for (const who of ['boss@fresh.example', 'nope@fresh.example', 'not-an-address', PAT]) await review.getByRole('button', { name: `Remove ${who}` }).click()
  await expect(dialog.getByText('Every row passed the check.')).toBeVisible()
  await sendFromReview(page)

  // The workspace is now full: both invitations hold a seat, and inviting is off with the reason.
  await expect(seats(page)).toHaveAttribute('aria-valuetext', '3 of 3 seats used')
  await expect(row(page, QUINN)).toContainText('Read only')
  await expect(row(page, PAT)).toContainText('Invited')
  await expect(main(page).getByRole('button', { name: 'Invite people' })).toBeDisabled()
  await expect(main(page).getByText('All seats are taken')).toBeVisible()
  await expectAccessible(page)

  // 3. The mail arrived at the SMTP server, naming the workspace and the inviter.
  const mail = await latestMailTo(request, PAT)
  expect(mail.subject).toContain('Fresh Co')
  expect(mail.text).toContain('Fiona Fresh')
  const link = inviteLinkIn(mail.text)

  // 4. Pat accepts in a browser of their own and lands signed in, seeing only their menus.
  const patContext = await browser.newContext()
  const pat = await patContext.newPage()
  await pat.goto(link)
  await expect(pat.getByRole('heading', { name: 'Join Fresh Co' })).toBeVisible()
  await expect(pat.getByText('Fiona Fresh')).toBeVisible()
  await expectAccessible(pat)
  await pat.getByLabel('Your name').fill('Pat Example')
  await pat.getByLabel('Choose a password').fill('pat-password-123')
  await pat.getByLabel('Confirm password').fill('pat-password-123')
  await pat.getByRole('button', { name: 'Create account and join' }).click()
  await expect(pat.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await expect(menu(pat)).toHaveText(['Home', 'Contacts', 'Inbox', 'Teams'])
  expect((await pat.goto('/settings/users'))?.status()).toBe(403)

  // The link is single use.
  await pat.goto(link)
  await expect(pat.getByRole('heading', { name: 'This invitation has already been used' })).toBeVisible()

  // 5. Suspended: Pat's very next request fails, without anyone signing them out.
  await page.reload()
  await expect(row(page, PAT)).toContainText('Active')
  await rowAction(page, PAT, 'Suspend')
  await page.getByRole('alertdialog').getByRole('button', { name: 'Suspend' }).click()
  await expect(row(page, PAT)).toContainText('Suspended')
  await pat.goto('/')
  await expect(pat).toHaveURL(/\/login\?error=suspended/)
  await expect(pat.getByText('Your account is suspended')).toBeVisible()

  // 6. Reactivated: the same session works again.
  await rowAction(page, PAT, 'Reactivate')
  await expect(row(page, PAT)).toContainText('Active')
  await pat.goto('/')
  await expect(menu(pat)).toHaveText(['Home', 'Contacts', 'Inbox', 'Teams'])

  // 7. Deleted: the seat is freed and inviting is possible again; Pat's session is over.
  await rowAction(page, PAT, 'Delete')
  const del = page.getByRole('alertdialog')
  await expect(del).toContainText(PAT)
  await expectAccessible(page)
  await expect(del.getByRole('group', { name: 'Their contacts go to' })).toBeVisible()
  await del.getByRole('button', { name: /^Delete / }).click()
  await expect(row(page, PAT)).toHaveCount(0)
  await expect(seats(page)).toHaveAttribute('aria-valuetext', '2 of 3 seats used')
  await expect(main(page).getByRole('button', { name: 'Invite people' })).toBeEnabled()
  await pat.goto('/')
  await expect(pat).toHaveURL(/\/login/)
  await patContext.close()

  // 8. Quinn never joined: deleting the invitation (selected, from the bulk bar) asks nothing about contacts.
  await main(page)
    .getByRole('checkbox', { name: `Select ${QUINN}` })
    .check()
  await main(page).getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Delete' }).click()
  const drop = page.getByRole('alertdialog', { name: 'Delete 1 invitation?' })
  await expect(drop).toContainText('links stop working')
  await expect(drop.getByRole('group', { name: 'Their contacts go to' })).toBeHidden()
  await drop.getByRole('button', { name: 'Delete 1 invitation' }).click()
  await expect(row(page, QUINN)).toHaveCount(0)
  await expect(seats(page)).toHaveAttribute('aria-valuetext', '1 of 3 seats used')
})

test('an admin cannot make owners, and the member page explains access', async ({ page }) => {
  await signIn(page, { email: 'admin@example.com', password: 'demo-password-e2e' }, '/settings/users')
  const dialog = await openInvite(page)
  await expect(dialog.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['Member'])
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  // Sorting and filtering live in the URL, so the view can be shared.
  await main(page).getByLabel('Status').selectOption({ label: 'Suspended' })
  await expect(page).toHaveURL(/status=SUSPENDED/)
  await expect(main(page).getByRole('row')).toHaveCount(2) // header + suspended@
  // The search box applies after a pause in typing, into the URL too.
  await main(page).getByLabel('Search members').fill('sid')
  await expect(page).toHaveURL(/q=sid/)
  await expect(main(page).getByRole('row')).toHaveCount(2)
  await main(page).getByRole('link', { name: 'suspended@example.com' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sid Suspended' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Effective access' })).toBeVisible()
  await expectAccessible(page)

  // "View as" lists the member's menus: a menu whose one entry repeats its name is named once.
  await page.goto('/settings/users?q=agent%40example.com')
  await main(page).getByRole('link', { name: 'agent@example.com' }).click()
  const viewAs = main(page).getByRole('region', { name: /^View as/ })
  await expect(viewAs.getByRole('listitem').filter({ hasText: /^Contacts$/ })).toHaveCount(1)
  await expect(viewAs).not.toContainText('Contacts: Contacts')
  // The last sign-in is to the minute, in UTC.
  await expect(main(page).getByText(/Last sign-in [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} UTC|Never signed in/)).toBeVisible()
})

test('the row and account menus work from the keyboard and hand focus back', async ({ page }) => {
  await signIn(page, { email: 'admin@example.com', password: 'demo-password-e2e' }, '/settings/users')
  const button = main(page).getByRole('button', { name: 'Actions for suspended@example.com' })
  const menu = page.getByRole('menu', { name: 'Actions for suspended@example.com' })
  // A key pressed before the page has hydrated reaches no handler (as for anyone who types that
  // early): pressed again until the menu opens, never once it is open.
  await expect(async () => {
    if (!(await menu.isVisible())) {
      await button.focus()
      await page.keyboard.press('ArrowDown')
    }
    await expect(menu).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 20_000 })
  await expect(button).toHaveAttribute('aria-expanded', 'true')
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'Reactivate' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused()
  await page.keyboard.press('ArrowDown') // wraps
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused()
  await page.keyboard.press('ArrowUp') // wraps back
  await expect(menu.getByRole('menuitem', { name: 'Delete' })).toBeFocused()
  await page.keyboard.press('Home')
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused()
  await page.keyboard.press('r') // first-letter jump
  await expect(menu.getByRole('menuitem', { name: 'Reactivate' })).toBeFocused()
  await expectAccessible(page)
  await page.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await expect(button).toBeFocused()
  await expect(button).toHaveAttribute('aria-expanded', 'false')

  // Enter opens it too; Delete asks first, and Cancel gives the focus back to the row's button.
  await page.keyboard.press('Enter')
  await expect(menu.getByRole('menuitem', { name: 'Edit' })).toBeFocused()
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('alertdialog', { name: /Delete/ })
  await expect(confirm).toBeVisible()
  await expect(menu).toBeHidden()
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toBeHidden()
  await expect(button).toBeFocused()

  // The account menu: ArrowUp opens it on its last item.
  const account = page.getByRole('button', { name: /Account menu for/ })
  await account.focus()
  await page.keyboard.press('ArrowUp')
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(page.getByRole('menuitem', { name: 'Profile' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/profile$/)
})

test('two people save one member: the second is told it changed meanwhile, reloads, and saves over what is there now', async ({ browser }) => {
  const [first, second] = [await signedInPage(browser, 'owner'), await signedInPage(browser, 'owner')]
  for (const p of [first, second]) {
    await p.goto('/settings/users?q=readonly%40example.com')
    await main(p).getByRole('link', { name: 'readonly@example.com' }).click()
    await expect(p.getByRole('heading', { level: 1, name: 'Rita Reader' })).toBeVisible()
  }
  const teams = (p: Page) => main(p).getByRole('group', { name: 'Teams' })
  await teams(first).getByRole('checkbox', { name: 'Support' }).check()
  await main(first).getByRole('button', { name: 'Save changes' }).click()
  await expect(
    main(first)
      .getByRole('status')
      .filter({ hasText: /^Saved\b/ }),
  ).toBeVisible()

  // The second form still shows the member as loaded: its save would undo the first one unseen.
  await teams(second).getByRole('checkbox', { name: 'Sales' }).check()
  await main(second).getByRole('button', { name: 'Save changes' }).click()
  await expect(main(second).getByText('This member was changed by someone else since you opened the page.')).toBeVisible()
  await main(second).getByRole('button', { name: 'Reload' }).click()
  await expect(teams(second).getByRole('checkbox', { name: 'Support' })).toBeChecked()
  await expect(teams(second).getByRole('checkbox', { name: 'Sales' })).not.toBeChecked()
  await expect(main(second).getByText('This member was changed by someone else since you opened the page.')).toHaveCount(0)

  // On the current version the save goes through (and puts the member back as they were).
  await teams(second).getByRole('checkbox', { name: 'Support' }).uncheck()
  await main(second).getByRole('button', { name: 'Save changes' }).click()
  await expect(
    main(second)
      .getByRole('status')
      .filter({ hasText: /^Saved\b/ }),
  ).toBeVisible()
  await expectAccessible(second)
  await first.context().close()
  await second.context().close()
})
