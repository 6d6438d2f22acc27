import fs from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { expect, expectAccessible, main, PEOPLE, signIn, test } from './fixtures'
import { gatedFiles, holds, recordIds, routeChecks } from './routes'

// Every screen on a phone (390×844) and a laptop (1366×768): no horizontal overflow of the page,
// every dialog within the viewport, and axe at 0 violations; with E2E_SCREENSHOTS=1, a full-page
// screenshot of each in test-results/screens/ (not committed, for review; CI does not need them). The screens are the public pages and the
// pages of app/(app)/ found on the file system (e2e/routes.ts), so a new page of the signed-in
// area is covered the moment it exists.

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1366, height: 768 },
] as const

const OUT = path.join(import.meta.dirname, '..', 'test-results', 'screens')

/** The page is no wider than the viewport: nothing to scroll sideways (tables scroll inside their own box). */
async function expectNoHorizontalOverflow(page: Page, what: string) {
  const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
    const root = document.documentElement
    // What sticks out of the page, not counting what a box scrolling sideways holds.
    const inScroller = (el: HTMLElement) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true
      return false
    }
    const culprits = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && el.checkVisibility() && !inScroller(el))
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= root.clientWidth + 1 || inScroller(el.parentElement))
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].slice(0, 4).join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
      )
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits }
  })
  expect(scrollWidth, `${what}: the page is ${scrollWidth}px wide in a ${clientWidth}px viewport; wider: ${culprits.join(' | ')}`).toBeLessThanOrEqual(
    clientWidth,
  )
}

/** The dialog lies wholly within the viewport (it may scroll inside). */
async function expectWithinViewport(page: Page, dialog: Locator, what: string) {
  await expect(dialog).toBeVisible()
  const box = (await dialog.boundingBox())!
  const { width, height } = page.viewportSize()!
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0)
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(width)
  expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(height)
}

async function shoot(page: Page, size: string, name: string) {
  if (process.env.E2E_SCREENSHOTS !== '1') return
  fs.mkdirSync(path.join(OUT, size), { recursive: true })
  await page.screenshot({ path: path.join(OUT, size, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}.png`), fullPage: true })
}

/** Overflow, axe and (on request) a screenshot: what every screen gets. */
async function checkScreen(page: Page, size: string, name: string) {
  await expectNoHorizontalOverflow(page, `${name} at ${size}`)
  await shoot(page, size, name)
  await expectAccessible(page)
}

/** Opens a dialog, checks it as a screen and that it fits, then closes it with Escape. */
async function checkDialog(page: Page, size: string, name: string, open: () => Promise<unknown>, dialog: Locator) {
  await open()
  await expectWithinViewport(page, dialog, `${name} at ${size}`)
  await checkScreen(page, size, name)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
}

for (const size of SIZES) {
  test(`every screen at ${size.width}×${size.height}: no sideways scrolling, dialogs on screen, axe clean`, async ({ browser }) => {
    test.setTimeout(240_000)
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } })
    const page = await context.newPage()

    await page.goto('/login')
    await checkScreen(page, size.name, 'login')
    await page.goto('/invite/no-such-invitation')
    await checkScreen(page, size.name, 'invite-unknown')
    await page.goto('/forgot-password')
    await checkScreen(page, size.name, 'forgot-password')
    await page.goto('/reset-password/no-such-link')
    await checkScreen(page, size.name, 'reset-password-unknown')
    await page.goto('/confirm-email/no-such-link')
    await checkScreen(page, size.name, 'confirm-email-unknown')
    await page.goto('/docs/api')
    await checkScreen(page, size.name, 'api-reference')

    await signIn(page, 'owner')
    await expect(page.getByRole('button', { name: /^Account menu for/ })).toBeVisible()
    const files = gatedFiles()
    const ids = await recordIds(page.request, files)
    const pages = routeChecks(files, ids).filter((c) => c.kind === 'page' && !c.notFoundForAll)
    expect(pages.length).toBeGreaterThan(10)
    const me = (await (await page.request.get('/api/me/access')).json()) as { permissions: string[] }
    for (const c of pages) {
      const res = await page.goto(c.url)
      // A module the plan leaves out answers its 403 page: a screen like the others.
      expect(res?.status(), c.url).toBe(c.gates.every((g) => holds(me.permissions, g)) ? 200 : 403)
      await expect(main(page)).toBeVisible()
      await checkScreen(page, size.name, c.url)
    }

    // The dialogs, opened where an admin opens them.
    await page.goto('/settings/users')
    await checkDialog(
      page,
      size.name,
      'dialog-invite',
      () => main(page).getByRole('button', { name: 'Invite people' }).click(),
      page.getByRole('dialog', { name: 'Invite people' }),
    )
    await checkDialog(
      page,
      size.name,
      'dialog-delete-member',
      async () => {
        await main(page)
          .getByRole('button', { name: `Actions for ${PEOPLE.readonly.email}` })
          .click()
        await page.getByRole('menuitem', { name: 'Delete' }).click()
      },
      page.getByRole('alertdialog'),
    )
    await main(page)
      .getByRole('button', { name: `Actions for ${PEOPLE.readonly.email}` })
      .click()
    await page.getByRole('menuitem', { name: 'Edit' }).click()
    await checkDialog(
      page,
      size.name,
      'dialog-member-password-reset',
      () => main(page).getByRole('region', { name: 'Security' }).getByRole('button', { name: 'Send password reset' }).click(),
      page.getByRole('alertdialog'),
    )
    await page.goto('/settings/teams')
    await checkDialog(
      page,
      size.name,
      'dialog-team-members',
      () =>
        main(page)
          .getByRole('button', { name: /^Manage members/ })
          .first()
          .click(),
      page.getByRole('dialog', { name: /^Manage members: / }),
    )
    await page.goto('/contacts')
    await checkDialog(
      page,
      size.name,
      'dialog-new-contact',
      () => main(page).getByRole('button', { name: 'New contact' }).click(),
      page.getByRole('dialog', { name: 'New contact' }),
    )
    await page.goto('/settings/webhooks')
    await checkDialog(
      page,
      size.name,
      'dialog-add-webhook-endpoint',
      () => main(page).getByRole('button', { name: 'Add endpoint' }).click(),
      page.getByRole('dialog', { name: 'Add webhook endpoint' }),
    )
    await context.close()
  })
}

test('on a phone the menu is behind a button: it opens over the page, moves the focus in, and closes on Escape and on navigation', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
  const page = await context.newPage()
  await signIn(page, 'owner', '/settings/users')
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible()
  const nav = page.getByRole('navigation', { name: 'Main' })
  await expect(nav).toBeHidden()
  const button = page.getByRole('button', { name: 'Menu', exact: true })
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  await button.click()
  await expect(nav).toBeVisible()
  // The panel is modal: the rest of the page, the button included, is hidden from assistive technology.
  await expect(button).toBeHidden()
  await expectWithinViewport(page, page.getByRole('dialog', { name: 'Menu' }), 'the menu')
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page')
  await expect(nav.getByRole('link', { name: 'Users' })).toBeFocused()
  await expectAccessible(page)
  await page.keyboard.press('Escape')
  await expect(nav).toBeHidden()
  await expect(button).toBeFocused()

  await button.click()
  await nav.getByRole('link', { name: 'Audit log' }).click()
  await expect(page).toHaveURL(/\/settings\/audit$/)
  await expect(nav).toBeHidden()

  // At laptop width the sidebar is there and the button is not.
  await page.setViewportSize({ width: 1366, height: 768 })
  await expect(nav).toBeVisible()
  await expect(button).toBeHidden()
  await context.close()
})
