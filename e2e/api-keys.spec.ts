import { request as http } from '@playwright/test'
import { expect, expectAccessible, hydrated, main, rowWith, signedInPage, test } from './fixtures'
import { BASE_URL } from '../playwright.config'

// The owner makes an API key in the browser with a reduced permission set, copies its secret
// (shown this once), and a backend calls POST /api/v1/authorize with it: allowed and denied as
// the members' access says. Then the owner revokes the key, and the next call is refused (401).

const NAME = 'Provisioning e2e'

test('an API key: created with two permissions, its secret copied once, used by a backend, revoked', async ({ browser }) => {
  const owner = await signedInPage(browser, 'owner')
  await owner.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL })
  await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click()
  await expect(owner.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible()
  await main(owner).getByRole('link', { name: 'New API key' }).click()
  await expect(owner.getByRole('heading', { name: 'New API key' })).toBeVisible()

  // Nothing checked: refused, with the reason on the permissions.
  await main(owner).getByLabel('Name', { exact: true }).fill(NAME)
  await main(owner).getByRole('button', { name: 'Create API key' }).click()
  await expect(main(owner).getByText('Choose at least one permission').first()).toBeVisible()

  await main(owner).getByRole('button', { name: 'Expand Company settings' }).click()
  await main(owner).getByRole('checkbox', { name: 'View users', exact: true }).check()
  await main(owner).getByRole('checkbox', { name: 'View teams', exact: true }).check()
  await expect(main(owner).getByText('2 permissions checked.')).toBeVisible()
  await expectAccessible(owner)
  await main(owner).getByRole('button', { name: 'Create API key' }).click()

  // The secret, once: copied with the button.
  await expect(owner.getByRole('heading', { name: `Copy the secret of ${NAME} now` })).toBeVisible()
  const shown = await main(owner).getByRole('textbox', { name: 'Secret' }).inputValue()
  expect(shown).toMatch(/^tg_live_[A-Za-z0-9_-]{43}$/)
  await main(owner).getByRole('button', { name: 'Copy' }).click()
  await expect(main(owner).getByText('Copied to the clipboard.')).toBeVisible()
  const secret = await owner.evaluate(() => navigator.clipboard.readText())
  expect(secret).toBe(shown)
  await expectAccessible(owner)
  await main(owner).getByRole('link', { name: 'Done' }).click()

  // Listed by its prefix, never with its secret.
  const row = rowWith(owner, NAME)
  await expect(row).toContainText(`${secret.slice(0, 16)}…`)
  await expect(row).toContainText('Active')
  await expect(row).toContainText('Never')
  expect(await owner.content()).not.toContain(secret)

  // The host product's backend: no cookies, only the key.
  const backend = await http.newContext({ baseURL: BASE_URL })
  const authorize = (data: unknown) => backend.post('/api/v1/authorize', { data, headers: { Authorization: `Bearer ${secret}` } })
  const res = await authorize({
    checks: [
      { member: 'admin@example.com', permission: 'users.invite' },
      { member: 'agent@example.com', permission: 'users.invite' },
      { member: 'readonly@example.com', permission: 'contacts.view' },
      { member: 'nobody@example.com', permission: 'users.view' },
    ],
    explain: true,
  })
  expect(res.status()).toBe(200)
  expect(res.headers()['ratelimit-limit']).toBeTruthy()
  expect((await res.json()).results).toEqual([
    { allowed: true, reason: 'Yes — admin role' },
    { allowed: false, reason: 'No — no permission to invite users' },
    { allowed: false, reason: 'No — CRM access is off' },
    { allowed: false, error: 'member_not_found', reason: 'No — no member with this id or email in the workspace' },
  ])

  // Too large a body, through the real server (which reads it for the route, not before): 413
  // problem details from the route, once the key is judged.
  const huge = await authorize({ checks: [{ member: 'x'.repeat(1024 * 1024), permission: 'users.view' }] })
  expect(huge.status()).toBe(413)
  expect(huge.headers()['content-type']).toBe('application/problem+json')
  expect(await huge.json()).toMatchObject({ status: 413, code: 'body_too_large' })

  // The members list, through the server's routing, with the key's rate limit.
  const members = await backend.get('/api/v1/members?limit=2&sort=email', { headers: { Authorization: `Bearer ${secret}` } })
  expect(members.status()).toBe(200)
  const slice = await members.json()
  expect(slice.data).toHaveLength(2)
  expect(slice.nextCursor).toBeTruthy()

  // The list shows it was used.
  await owner.reload()
  await hydrated(owner)
  await expect(rowWith(owner, NAME)).not.toContainText('Never')

  // Revoked: the next call is refused.
  await main(owner)
    .getByRole('button', { name: `Revoke ${NAME}` })
    .click()
  const confirm = owner.getByRole('alertdialog', { name: `Revoke ${NAME}?` })
  await expectAccessible(owner)
  await confirm.getByRole('button', { name: 'Revoke key' }).click()
  await expect(confirm).toBeHidden()
  await expect(
    main(owner)
      .getByRole('status')
      .filter({ hasText: `Revoked ${NAME}` }),
  ).toBeVisible()
  await expect(rowWith(owner, NAME)).toContainText('Revoked')
  await expect(main(owner).getByRole('button', { name: `Revoke ${NAME}` })).toHaveCount(0)

  const refused = await authorize({ checks: [{ member: 'admin@example.com', permission: 'users.invite' }] })
  expect(refused.status()).toBe(401)
  expect(refused.headers()['content-type']).toBe('application/problem+json')
  expect(refused.headers()['www-authenticate']).toContain('Bearer')
  expect(await refused.json()).toMatchObject({ status: 401, code: 'revoked_key', title: 'Unauthorized' })
  await backend.dispose()
})

test('the OpenAPI document is served to anyone; a call without a key is a problem', async () => {
  const anyone = await http.newContext({ baseURL: BASE_URL })
  const res = await anyone.get('/api/v1/openapi.json')
  expect(res.status()).toBe(200)
  const doc = await res.json()
  expect(doc.openapi).toBe('3.1.0')
  expect(Object.keys(doc.paths)).toContain('/api/v1/authorize')
  const noKey = await anyone.post('/api/v1/authorize', { data: { checks: [] } })
  expect(noKey.status()).toBe(401)
  expect(await noKey.json()).toMatchObject({ status: 401, code: 'missing_key' })
  // Without a key, a body too large is not even looked at: the key comes first.
  const huge = await anyone.post('/api/v1/authorize', { data: { checks: [{ member: 'x'.repeat(1024 * 1024), permission: 'users.view' }] } })
  expect(huge.status()).toBe(401)
  expect(await huge.json()).toMatchObject({ status: 401, code: 'missing_key' })
  // Through the server's own routing: a method a path does not take, a path no route serves, a
  // route with a path parameter.
  const wrongMethod = await anyone.delete('/api/v1/authorize')
  expect(wrongMethod.status()).toBe(405)
  expect(wrongMethod.headers()['allow']).toBe('POST')
  expect(await wrongMethod.json()).toMatchObject({ status: 405, code: 'method_not_allowed' })
  const nowhere = await anyone.get('/api/v1/members/someone/nothing-here')
  expect(nowhere.status()).toBe(404)
  expect(nowhere.headers()['content-type']).toBe('application/problem+json')
  expect(await nowhere.json()).toMatchObject({ status: 404, code: 'not_found' })
  const member = await anyone.get('/api/v1/members/someone/access')
  expect(member.status()).toBe(401)
  expect(await member.json()).toMatchObject({ code: 'missing_key' })
  await anyone.dispose()
})
