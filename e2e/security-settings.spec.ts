import type { Page } from '@playwright/test'
import { expect, expectAccessible, main, signedInPage, test } from './fixtures'

// The workspace's Security settings. The owner of Acme requires two-factor sign-in: a member
// without it, already signed in, is sent to set it up on their next request (the page itself is
// the profile's; only the address is checked here), while their profile still opens; the owner,
// who has not set it up either, can still reach the settings and turns the requirement off again.
// Then invitations are limited to one domain and an address elsewhere is marked in the review.
// Each test puts the settings back as they were, whatever happens, so other specs see none of it.

test.describe.configure({ mode: 'serial' })

const SETUP = /\/profile\/two-factor$/
const REQUIRE = 'Require two-factor sign-in for every member'
const DOMAINS = 'Invitations may go only to these email domains'

async function openSettings(page: Page) {
  await page.goto('/settings/security')
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible()
  return main(page).getByRole('form', { name: 'Security settings' })
}

async function save(page: Page) {
  await main(page).getByRole('button', { name: 'Save settings' }).click()
  await expect(main(page).getByRole('status').filter({ hasText: 'Security settings saved.' })).toBeVisible()
}

/** The settings as the seed left them: nothing required, any domain. Through the form, as the owner. */
async function restore(page: Page) {
  const form = await openSettings(page)
  const require = form.getByRole('checkbox', { name: REQUIRE })
  const domains = form.getByRole('textbox', { name: DOMAINS })
  if (!(await require.isChecked()) && (await domains.inputValue()) === '') return
  await require.uncheck()
  await domains.fill('')
  await save(page)
}

test('the owner requires two-factor sign-in: a member without it is sent to set it up on their next request, until it is turned off', async ({ browser }) => {
  const owner = await signedInPage(browser, 'owner')
  const member = await signedInPage(browser, 'ops')
  try {
    // Signed in and working (Home opens for every member, whatever other specs left them holding).
    await member.goto('/')
    await expect(member.getByRole('navigation', { name: 'Main' })).toBeVisible()
    expect(new URL(member.url()).pathname).toBe('/')

    const form = await openSettings(owner)
    await expectAccessible(owner)
    await expect(form.getByText(/\d+ of \d+ active members do not use two-factor sign-in yet/)).toBeVisible()
    await form.getByRole('checkbox', { name: REQUIRE }).check()
    await expect(form.getByText('Unsaved changes')).toBeVisible()
    await expect(form.getByText('You do not use two-factor sign-in yourself: once you save, you will be asked to set it up too.')).toBeVisible()
    await save(owner)
    // The owner has not set it up either: the page says so, and still opens (it opts out).
    await expect(main(owner).getByRole('link', { name: 'Set up two-factor sign-in' })).toBeVisible()

    // The member's next request, wherever it goes, is sent to set up two-factor sign-in.
    await member.goto('/settings/users')
    await expect(member).toHaveURL(SETUP)
    await expect(member.getByRole('heading', { name: 'Two-factor sign-in', level: 1 })).toBeVisible()
    await expect(main(member).getByText('Acme Inc. requires two-factor sign-in for every member.')).toBeVisible()
    await expect(main(member).getByRole('button', { name: 'Set up two-factor sign-in' })).toBeVisible()
    await member.goto('/')
    await expect(member).toHaveURL(SETUP)
    // Their profile opens: they can always see their account, change the password, sign out.
    await member.goto('/profile')
    await expect(member.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible()
    expect(new URL(member.url()).pathname).toBe('/profile')
    // Scripts are answered 403 problem details, not a page.
    const api = await member.request.get('/api/me/access')
    expect(api.status()).toBe(403)
    expect(api.headers()['content-type']).toContain('application/problem+json')
    expect(await api.json()).toMatchObject({ code: 'two_factor_required' })

    // Turned off again: the member is let through on their next request.
    const again = await openSettings(owner)
    await again.getByRole('checkbox', { name: REQUIRE }).uncheck()
    await save(owner)
    await member.goto('/')
    await expect(member.getByRole('navigation', { name: 'Main' })).toBeVisible()
    expect(new URL(member.url()).pathname).toBe('/')
  } finally {
    await restore(owner)
    await owner.context().close()
    await member.context().close()
  }
})

test('invitations only to the allowed domains: an address elsewhere is marked in the review, and a bad domain on the form', async ({ browser }) => {
  const owner = await signedInPage(browser, 'owner')
  try {
    let form = await openSettings(owner)
    const domains = form.getByRole('textbox', { name: DOMAINS })
    // A domain that is not one is refused next to the field, before anything is saved.
    await domains.fill('example.com, not_a_domain')
    await main(owner).getByRole('button', { name: 'Save settings' }).click()
    await expect(domains).toHaveAccessibleDescription(/“not_a_domain” is not a domain name/)
    await expect(domains).toHaveAttribute('aria-invalid', 'true')
    await domains.fill('Example.com')
    await save(owner)
    form = await openSettings(owner)
    await expect(form.getByRole('textbox', { name: DOMAINS })).toHaveValue('example.com')

    await owner.goto('/settings/users')
    await main(owner).getByRole('button', { name: 'Invite people' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Invite people' })
    await dialog.getByLabel('Email addresses').fill('someone@elsewhere.test\nnew-colleague@example.com')
    await dialog.getByRole('button', { name: 'Review' }).click()
    const review = dialog.getByRole('table', { name: 'Invitations to send' })
    await expect(review.getByRole('row').filter({ hasText: 'someone@elsewhere.test' })).toContainText('Invitations can go only to addresses at example.com.')
    await expect(review.getByRole('row').filter({ hasText: 'new-colleague@example.com' })).not.toContainText('Invitations can go only')
    await expect(dialog.getByRole('button', { name: 'Send invitations' })).toBeDisabled()
    await expectAccessible(owner)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(dialog).toBeHidden()
  } finally {
    await restore(owner)
    await owner.context().close()
  }
})
