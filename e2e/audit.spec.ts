import type { Page } from '@playwright/test'
import { expect, expectAccessible, main, signIn, test } from './fixtures'

// The audit log reads like a history: the owner changes a member's role template on the member
// page, and the log shows it in words ("Role template: Read only → Support agent"), not the
// stored field names and codes; the table fits a laptop screen and a phone.

const MEMBER = 'readonly@example.com'

test.describe.configure({ mode: 'serial' })

async function setTemplate(page: Page, template: string) {
  await page.goto(`/settings/users?q=${encodeURIComponent(MEMBER)}`)
  await main(page).getByRole('link', { name: MEMBER }).click()
  const form = main(page).getByRole('form', { name: 'Member settings' })
  await form.getByLabel('Role template').selectOption({ label: template })
  await form.getByRole('button', { name: 'Save changes' }).click()
  await expect(
    main(page)
      .getByRole('status')
      .filter({ hasText: /^Saved\b/ }),
  ).toBeVisible()
}

/** The page is no wider than the window: nothing scrolls sideways but the table's own container. */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

test('a role template change reads as words in the audit log, at laptop and phone sizes', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, 'owner', '/settings/users')
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible()
  await setTemplate(page, 'Support agent')
  try {
    await page.goto('/settings/audit')
    await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible()
    const entries = main(page).getByRole('table', { name: 'Audit log entries' })
    const entry = entries
      .getByRole('row')
      .filter({ hasText: `Updated ${MEMBER}` })
      .first()

    // The action and the change in words; no stored field name or code.
    await expect(entry.getByRole('cell').nth(2)).toHaveText('Member updated')
    const change = entry.getByRole('listitem').filter({ hasText: 'Role template:' })
    await expect(change).toContainText('Read only')
    await expect(change).toContainText('Support agent')
    await expect(entry).not.toContainText('member.update')
    await expect(entry).not.toContainText('roleTemplate')
    await expect(entry).not.toContainText('baseRole')
    await expect(entry).not.toContainText('MEMBER')

    // 1366×768: the actor on one line (not a letter per line), the IP address on screen, no page overflow.
    const actor = entry.getByRole('cell').nth(1)
    await expect(actor).toContainText('owner@example.com')
    const email = actor.getByText('owner@example.com')
    expect((await email.boundingBox())!.height).toBeLessThan(30)
    expect((await actor.locator('> span').boundingBox())!.height).toBeLessThan(80)
    const ip = actor.getByTestId('audit-ip')
    await expect(ip).toContainText(/\d+\.\d+\.\d+\.\d+|::1|—/)
    await expect(ip).toBeInViewport()
    await expect(entries.getByRole('columnheader', { name: 'Actor and IP' })).toBeInViewport()
    expect((await ip.boundingBox())!.x + (await ip.boundingBox())!.width).toBeLessThanOrEqual(1366)
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0)
    await expectAccessible(page)

    // The action filter offers the actions in words too.
    await expect(main(page).getByLabel('Action').locator('option', { hasText: 'Member updated' })).toHaveCount(1)

    // 390×844: the table scrolls inside its container; the page itself does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.reload()
    await expect(entry.getByRole('listitem').filter({ hasText: 'Role template:' })).toContainText('Support agent')
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0)
    await expectAccessible(page)
  } finally {
    await page.setViewportSize({ width: 1366, height: 768 })
    await setTemplate(page, 'Read only')
  }
})
