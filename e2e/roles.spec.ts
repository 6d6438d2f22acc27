import type { Page } from '@playwright/test'
import { expect, expectAccessible, signedInPage, test, main } from './fixtures'

// The owner makes a role from a starter template, gives it to two members, takes a module
// away (after the impact preview) and one of them loses that menu on their next request;
// then duplicates the role and deletes it, moving its members to the copy.

const menu = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link')
const ROLE = 'Campaign crew'

test.describe.configure({ mode: 'serial' })

test('a role from a starter template: assignees, impact preview, the member’s next request, duplicate, delete with a replacement', async ({ browser }) => {
  const owner = await signedInPage(browser, 'owner')
  await owner.goto('/settings/roles')
  await expect(main(owner).getByRole('meter', { name: /role templates/i })).toBeVisible()
  await expectAccessible(owner)

  // 1. New role template from the "Campaign manager" starter.
  await main(owner).getByRole('link', { name: 'New role template' }).click()
  await expect(owner.getByRole('heading', { name: 'New role template' })).toBeVisible()
  await main(owner)
    .getByRole('link', { name: /Campaign manager/ })
    .click()
  await expect(owner).toHaveURL(/from=campaign_manager/)
  await main(owner).getByRole('button', { name: 'Expand Broadcasts' }).click()
  await expect(main(owner).getByRole('checkbox', { name: 'View broadcasts', exact: true })).toBeChecked()
  await expectAccessible(owner)
  await main(owner).getByLabel('Name', { exact: true }).fill(ROLE)
  await main(owner).getByRole('button', { name: 'Create role template' }).click()
  await expect(owner.getByRole('heading', { name: `Edit role template: ${ROLE}` })).toBeVisible()
  const roleUrl = owner.url()

  // 2. Two members get it.
  await main(owner).getByRole('button', { name: 'Manage assignees' }).click()
  const assignees = owner.getByRole('dialog', { name: `Manage assignees: ${ROLE}` })
  await assignees.getByLabel('Search members').fill('marketing')
  await assignees.getByRole('checkbox', { name: 'Add marketing@example.com' }).check()
  await assignees.getByLabel('Search members').fill('ops')
  await assignees.getByRole('checkbox', { name: 'Add ops@example.com' }).check()
  await expectAccessible(owner)
  await assignees.getByRole('button', { name: 'Save assignees' }).click()
  await expect(assignees).toBeHidden()
  await expect(main(owner).getByText('2 members use this role template')).toBeVisible()

  const marketing = await signedInPage(browser, 'marketing')
  await expect(menu(marketing)).toContainText(['Broadcasts'])

  // 3. Take the Broadcasts module away: the review shows who loses what before saving.
  await owner.reload()
  await main(owner).getByRole('checkbox', { name: 'Broadcasts', exact: true }).uncheck()
  await main(owner).getByRole('button', { name: 'Save changes' }).click()
  const review = owner.getByRole('alertdialog', { name: `Review changes to ${ROLE}` })
  await expect(review).toContainText('2 members use this role template')
  await expect(review.getByRole('listitem').filter({ hasText: 'View broadcasts' }).filter({ hasText: '2 members' })).toHaveCount(1)
  await expectAccessible(owner)
  await review.getByRole('button', { name: 'Save role template' }).click()
  await expect(owner.getByRole('status').filter({ hasText: 'Role template saved' })).toBeVisible()

  // The member's very next request: no Broadcasts menu, and the page is refused.
  await marketing.reload()
  await expect(menu(marketing)).not.toContainText(['Broadcasts'])
  expect((await marketing.goto('/modules/broadcasts'))?.status()).toBe(403)

  // 4. Duplicate: the copy opens, with the same permissions.
  await owner.goto(roleUrl)
  await main(owner).getByRole('button', { name: 'Duplicate' }).click()
  await expect(owner.getByRole('heading', { name: `Edit role template: ${ROLE} (copy)` })).toBeVisible()
  await expect(
    main(owner)
      .getByRole('status')
      .filter({ hasText: `Duplicated. This is the copy, “${ROLE} (copy)”` }),
  ).toBeVisible()
  await main(owner).getByRole('button', { name: 'Expand Broadcasts' }).click()
  await main(owner).getByRole('button', { name: 'Expand Workflows' }).click()
  await expect(main(owner).getByRole('checkbox', { name: 'View broadcasts', exact: true })).not.toBeChecked()
  await expect(main(owner).getByRole('checkbox', { name: 'View workflows', exact: true })).toBeChecked()

  // 5. Delete the original; its members move to the copy.
  await owner.goto(roleUrl)
  await main(owner).getByRole('button', { name: 'Delete' }).click()
  const del = owner.getByRole('alertdialog', { name: `Delete the role template ${ROLE}?` })
  await expect(del.getByRole('list', { name: 'Members with this role template' })).toContainText('marketing@example.com')
  await del.getByRole('radio', { name: 'Move them to another role template' }).check()
  await del.getByLabel('Role template to move them to').selectOption({ label: `${ROLE} (copy)` })
  await expectAccessible(owner)
  await del.getByRole('button', { name: 'Delete role template' }).click()
  await expect(owner).toHaveURL(/\/settings\/roles$/)
  await expect(main(owner).getByRole('link', { name: ROLE, exact: true })).toHaveCount(0)
  await expect(
    main(owner)
      .getByRole('row')
      .filter({ hasText: `${ROLE} (copy)` }),
  ).toContainText('2')

  // The members kept a role: marketing@ still works, now through the copy.
  await marketing.goto('/')
  await expect(menu(marketing)).toContainText(['Workflows'])
  const me = await (await marketing.request.get('/api/me/access')).json()
  expect(me.roleTemplate.name).toBe(`${ROLE} (copy)`)
  await marketing.context().close()
  await owner.context().close()
})

test('plan & billing: a downgrade below usage is refused with the numbers', async ({ browser }) => {
  const owner = await signedInPage(browser, 'owner')
  await owner.goto('/settings/billing')
  await expect(owner.getByRole('heading', { name: 'Plan & billing' })).toBeVisible()
  await expectAccessible(owner)
  await main(owner).getByRole('radio', { name: /^Free/ }).check()
  await main(owner).getByRole('button', { name: 'Switch plan' }).click()
  await expect(main(owner).getByRole('alert')).toContainText('allows 3')
  await owner.context().close()
})
