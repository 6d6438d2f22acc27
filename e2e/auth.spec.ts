import { expect, expectAccessible, PEOPLE, signIn, test } from './fixtures'

test.describe('sign-in', () => {
  test('the login page is accessible and an anonymous visitor is sent to it', async ({ page }) => {
    await page.goto('/profile')
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile/)
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
    await expectAccessible(page)
  })

  test('the seeded owner signs in, lands where they were going, and signs out', async ({ page }) => {
    await signIn(page, 'owner', '/profile')
    await expect(page).toHaveURL(/\/profile$/)
    await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible()
    await expect(page.getByTestId('workspace-name')).toHaveText('Acme Inc.')
    await expectAccessible(page)
    await page.goto('/')
    await expect(page.getByRole('heading', { name: /Welcome, Olivia Owner/ })).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('button', { name: /Account menu/ }).click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByText('You have been signed out.')).toBeVisible()
    await page.goto('/')
    await expect(page).toHaveURL(/\/login/)
  })

  test('a wrong password and an unknown email get the same clear message', async ({ page }) => {
    await signIn(page, { email: PEOPLE.owner.email, password: 'not-the-password' })
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
    await signIn(page, { email: 'nobody@example.com', password: 'whatever-password' })
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
    await expect(page).toHaveURL(/\/login/)
  })

  test('empty and malformed fields are reported next to the field, and nothing is sent', async ({ page }) => {
    await page.goto('/login')
    await page.getByLabel('Email').fill('not-an-email')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText('Enter a valid email address.')).toBeVisible()
    await expect(page.getByText('Enter your password.')).toBeVisible()
  })

  test('suspended and invited members cannot sign in, and are told why', async ({ page }) => {
    await signIn(page, 'suspended')
    await expect(page.getByRole('main').getByRole('alert')).toContainText('suspended')
    // The invited member has no password yet: the same "incorrect" answer, never a hint.
    await signIn(page, 'invited')
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Email or password is incorrect.')
  })

  test('an invitation link that matches no invitation answers 404 and says what to do', async ({ page }) => {
    const res = await page.goto('/invite/not-a-real-invitation-token-0000000000000000')
    expect(res?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 1, name: 'This invitation link is not valid' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Go to sign in' })).toBeVisible()
    await expectAccessible(page)
  })

  test('the server answers with a strict Content-Security-Policy and no stack traces', async ({ page, request }) => {
    const res = await request.get('/login')
    const csp = res.headers()['content-security-policy']
    expect(csp).toContain("script-src 'self' 'nonce-")
    expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'")
    expect(csp).toContain("frame-ancestors 'none'")
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await signIn(page, 'owner')
    await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
    const bad = await request.post('/api/auth/callback/credentials', { form: { email: 'x', password: '' } })
    expect(await bad.text()).not.toMatch(/at .*\.(js|ts):\d+/)
  })
})
