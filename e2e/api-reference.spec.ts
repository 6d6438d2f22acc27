import { expect, expectAccessible, main, test } from './fixtures'

// The API reference page (/docs/api), without signing in: generated from the OpenAPI document
// the API serves, it lists every operation of it (so every route of the registry) with its
// method, path and summary, and its contents are reached with the keyboard.

type Doc = { paths: Record<string, Record<string, { operationId: string; summary: string }>> }

test('the API reference lists every operation of the OpenAPI document, for anyone, and works with the keyboard', async ({ page }) => {
  const doc = (await (await page.request.get('/api/v1/openapi.json')).json()) as Doc
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), ...op })),
  )
  expect(ops.length).toBeGreaterThanOrEqual(3)

  const res = await page.goto('/docs/api')
  expect(res?.status()).toBe(200)
  expect(page.url()).toMatch(/\/docs\/api$/) // not sent to sign-in
  await expect(page.getByRole('heading', { name: 'Teamgate API reference', level: 1 })).toBeVisible()
  for (const op of ops) {
    const section = main(page).getByRole('region', { name: op.summary, exact: true })
    await expect(section, op.operationId).toBeVisible()
    await expect(section.getByText(op.method, { exact: true }).first()).toBeVisible()
    await expect(section.getByText(op.path, { exact: true }).first()).toBeVisible()
    await expect(section.getByRole('region', { name: `curl example of ${op.method} ${op.path}` })).toContainText(op.path)
  }
  await expect(main(page).getByRole('region', { name: 'Problem codes' })).toContainText('rate_limited')

  // The contents: the first link is reached with Tab and takes the reader to its section.
  await page.keyboard.press('Tab')
  const first = page.getByRole('navigation', { name: 'API reference contents' }).getByRole('link', { name: 'Authentication' })
  await expect(first).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#authentication$/)
  await expectAccessible(page)
})
