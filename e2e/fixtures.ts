import AxeBuilder from '@axe-core/playwright'
import { expect, test as base, type Browser, type Page } from '@playwright/test'

export const PASSWORDS = { owner: 'owner-password-e2e', demo: 'demo-password-e2e' } as const
export const PEOPLE = {
  owner: { email: 'owner@example.com', password: PASSWORDS.owner },
  admin: { email: 'admin@example.com', password: PASSWORDS.demo },
  agent: { email: 'agent@example.com', password: PASSWORDS.demo },
  marketing: { email: 'marketing@example.com', password: PASSWORDS.demo },
  ops: { email: 'ops@example.com', password: PASSWORDS.demo },
  readonly: { email: 'readonly@example.com', password: PASSWORDS.demo },
  invited: { email: 'invited@example.com', password: PASSWORDS.demo },
  suspended: { email: 'suspended@example.com', password: PASSWORDS.demo },
  auditor: { email: 'auditor@example.com', password: PASSWORDS.demo },
} as const
export type Person = keyof typeof PEOPLE

export async function signIn(page: Page, who: Person | { email: string; password: string }, next = '/') {
  const p = typeof who === 'string' ? PEOPLE[who] : who
  await page.goto(`/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Email').fill(p.email)
  await page.getByLabel('Password').fill(p.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** A fresh browser context signed in as someone: a second person at another desk. */
export async function signedInPage(browser: Browser, who: Person) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, who)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  return page
}

/** WCAG 2 A/AA scan of the page as it is now; fails listing the violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
}

export const test = base
export { expect }

/** The page's main landmark: where the screens put their content. */
export const main = (page: Page) => page.getByRole('main')

/** A table row holding this text (a member's email, a role's name). */
export const rowWith = (page: Page, text: string) => main(page).getByRole('row').filter({ hasText: text })

/** Waits until React has hydrated the page loaded last (components/hydrated-mark.tsx). */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' })
}

/** Opens the row menu "Actions for {name}" and chooses an item. */
export async function rowAction(page: Page, name: string, action: string) {
  await hydrated(page)
  await main(page)
    .getByRole('button', { name: `Actions for ${name}` })
    .click()
  await page.getByRole('menuitem', { name: action }).click()
}
