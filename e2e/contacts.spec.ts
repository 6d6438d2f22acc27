import type { Page } from '@playwright/test'
import { expect, expectAccessible, signedInPage, test, main } from './fixtures'

// Record scopes end to end. The seeded Support agent (Sam, team Support) holds contacts.view
// own + team and contacts.edit own. The admin moves Sam from Support to Sales: on Sam's next
// request the list follows. The audit log shows both changes with their diffs.

const contactLink = (page: Page, name: string) => main(page).getByRole('link', { name, exact: true })

test.describe.configure({ mode: 'serial' })

test('an agent sees only the contacts their scopes reach, the admin moves their team, and the audit log shows both changes', async ({ browser }) => {
  const agent = await signedInPage(browser, 'agent')
  await agent.goto('/contacts?size=100')
  await expect(main(agent).getByText('14 contacts you can see')).toBeVisible()
  // Own (09), their team's (16) and a teammate's (05) are there; someone else's without a team (03) is not.
  for (const name of ['Sample Contact 09', 'Sample Contact 16', 'Sample Contact 05']) await expect(contactLink(agent, name)).toBeVisible()
  for (const name of ['Sample Contact 03', 'Sample Contact 12']) await expect(contactLink(agent, name)).toHaveCount(0)
  await expectAccessible(agent)

  // The agent edits their own contact (contacts.edit.own): the first audited change.
  await contactLink(agent, 'Sample Contact 09').click()
  await main(agent).getByLabel('Name', { exact: true }).fill('Sample Contact 09 (renamed)')
  await main(agent).getByRole('button', { name: 'Save details' }).click()
  await expect(main(agent).getByRole('status')).toHaveText('Saved.')
  // A teammate's contact is visible but not editable.
  await agent.goto('/contacts?size=100')
  await contactLink(agent, 'Sample Contact 16').click()
  await expect(main(agent).getByText('You can view this contact but not change it.')).toBeVisible()
  const supportOnly = agent.url()

  // The admin moves the agent from Support to Sales: the second audited change.
  const admin = await signedInPage(browser, 'admin')
  await admin.goto('/settings/users?q=agent%40example.com')
  await main(admin).getByRole('link', { name: 'agent@example.com' }).click()
  const teams = main(admin).getByRole('group', { name: 'Teams' })
  await teams.getByRole('checkbox', { name: 'Support' }).uncheck()
  await teams.getByRole('checkbox', { name: 'Sales' }).check()
  await main(admin).getByRole('button', { name: 'Save changes' }).click()
  await expect(
    main(admin)
      .getByRole('status')
      .filter({ hasText: /^Saved\b/ }),
  ).toBeVisible()

  // The agent's very next request: Sales' contacts in, Support's out; the old one is a 404 now.
  await agent.goto('/contacts?size=100')
  await expect(main(agent).getByText('15 contacts you can see')).toBeVisible()
  await expect(contactLink(agent, 'Sample Contact 12')).toBeVisible()
  await expect(contactLink(agent, 'Sample Contact 16')).toHaveCount(0)
  expect((await agent.goto(supportOnly))?.status()).toBe(404)

  // The audit log: both changes, each with its diff.
  await admin.goto('/settings/audit')
  await expect(admin.getByRole('heading', { name: 'Audit log' })).toBeVisible()
  const entries = main(admin).getByRole('table', { name: 'Audit log entries' })
  const teamMove = entries.getByRole('row').filter({ hasText: 'Member updated' }).filter({ hasText: 'agent@example.com' }).first()
  await expect(teamMove).toContainText('Support')
  await expect(teamMove).toContainText('Sales')
  const rename = entries.getByRole('row').filter({ hasText: 'Contact updated' }).first()
  await expect(rename).toContainText('Sample Contact 09 (renamed)')
  await expect(rename).toContainText('agent@example.com')
  await expectAccessible(admin)

  // Filtering by action narrows the log to one kind of change.
  await main(admin).getByLabel('Action').selectOption('contact.update')
  await expect(admin).toHaveURL(/action=contact\.update/)
  await expect(entries.getByRole('row').filter({ hasText: 'Member updated' })).toHaveCount(0)
  await agent.context().close()
  await admin.context().close()
})

test('a member without CRM access has no Contacts menu and every contacts page is refused', async ({ browser }) => {
  const reader = await signedInPage(browser, 'readonly')
  await expect(reader.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' })).toHaveCount(0)
  expect((await reader.goto('/contacts'))?.status()).toBe(403)
  expect((await reader.request.get('/contacts/export')).status()).toBe(403)
  await reader.context().close()
})

test('the table pages by cursor: Next, Last, Previous and First show consecutive pages and keep the count', async ({ browser }) => {
  const admin = await signedInPage(browser, 'admin')
  await admin.goto('/contacts?size=10&sort=created')
  const pager = main(admin).getByRole('navigation', { name: 'Pagination' })
  const names = async () =>
    (await main(admin).getByRole('table', { name: 'Contacts' }).getByRole('link').allTextContents()).filter((t) => t.startsWith('Sample'))
  const total = Number(
    (await main(admin)
      .getByText(/ contacts you can see/)
      .textContent())!.split(' ')[0],
  )
  const pages = Math.ceil(total / 10)
  expect(pages).toBeGreaterThanOrEqual(3)
  await expect(pager.getByText(`Page 1 of ${pages}`)).toBeVisible()
  const first = await names()

  await pager.getByRole('button', { name: 'Next' }).click()
  await expect(pager.getByText(`Page 2 of ${pages}`)).toBeVisible()
  await expect(admin).toHaveURL(/[?&]after=/)
  const second = await names()
  expect(second).toHaveLength(10)
  expect(second.filter((n) => first.includes(n))).toEqual([])

  await pager.getByRole('button', { name: 'Last page' }).click()
  await expect(pager.getByText(`Page ${pages} of ${pages}`)).toBeVisible()
  await expect(admin).toHaveURL(/[?&]before=end/)
  const last = await names()
  expect(last).toHaveLength(total - (pages - 1) * 10)
  await expect(pager.getByRole('button', { name: 'Next' })).toBeDisabled()

  // Back one page at a time to the second: the same rows Next showed.
  for (let p = pages - 1; p >= 2; p--) {
    await pager.getByRole('button', { name: 'Previous' }).click()
    await expect(pager.getByText(`Page ${p} of ${pages}`)).toBeVisible()
  }
  expect(await names()).toEqual(second)
  await expectAccessible(admin)

  await pager.getByRole('button', { name: 'First page' }).click()
  await expect(pager.getByText(`Page 1 of ${pages}`)).toBeVisible()
  expect(await names()).toEqual(first)
  await expect(admin).not.toHaveURL(/after=|before=/)
})
