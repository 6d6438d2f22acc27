import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test'
import { expect, signIn, signedInPage, test, main, rowWith, rowAction, PEOPLE } from './fixtures'
import { inviteLinkIn, latestMailTo } from './mail'
import { gatedFiles, holds, recordIds, RECORD_SEGMENTS, routeChecks, type RouteCheck } from './routes'
import { PAGE_REQUIREMENTS, unseparatedPairs } from '../tests/support/requirements'

// The security matrix and the session and output guarantees:
// 1. every gated page and route of app/(app)/ (found on the file system, see e2e/routes.ts),
//    requested as every persona, answers what the catalog and the persona's permissions say;
// 2. a suspended member's, a deleted member's and a changed-password user's existing sessions
//    fail on their next request, and a forged or tampered session cookie is refused;
// 3. names and role descriptions holding HTML or script are shown as text.

type Credentials = { email: string; password: string }
type Me = { userId: string; email: string; tenant: { id: string; name: string }; permissions: string[] }

/** The seeded members of Acme Inc. */
const ACME = PEOPLE
const FRESH_OWNER: Credentials = { email: 'fresh-owner@example.com', password: 'fresh-password-e2e' }
const SESSION_COOKIE = 'next-auth.session-token'

const userRow = rowWith

const userRowAction = rowAction

/** Signs in through the credentials API in the context's cookie jar; the sign-in's error, if any. */
async function apiSignIn(request: APIRequestContext, who: Credentials): Promise<string | null> {
  const csrf = await request.get('/api/auth/csrf')
  expect(csrf.ok(), 'GET /api/auth/csrf').toBe(true)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const res = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: who.email, password: who.password, callbackUrl: '/', json: 'true' },
    maxRedirects: 0,
  })
  const location = res.headers().location ?? ((await res.json().catch(() => ({}))) as { url?: string }).url ?? ''
  return new URL(location, 'http://x').searchParams.get('error')
}

/** A browser context of its own, signed in, with the member's access as the server reports it. */
async function signedInContext(browser: Browser, who: Credentials): Promise<{ context: BrowserContext; me: Me }> {
  const context = await browser.newContext()
  const error = await apiSignIn(context.request, who)
  expect(error, `${who.email} signs in`).toBeNull()
  const res = await context.request.get('/api/me/access')
  expect(res.status(), `${who.email}: GET /api/me/access`).toBe(200)
  return { context, me: (await res.json()) as Me }
}

/** What a request got: the status, and where a redirect goes (`307 /login?next=%2F`). */
async function outcome(request: APIRequestContext, check: Pick<RouteCheck, 'url' | 'method'>): Promise<string> {
  const res = await request.fetch(check.url, { method: check.method, maxRedirects: 0 })
  const status = res.status()
  if (status >= 300 && status < 400) {
    const to = new URL(res.headers().location ?? '', 'http://x')
    return `${status} ${to.pathname}${to.search}`
  }
  if (check.method === 'GET' && !check.url.startsWith('/api/')) {
    const type = res.headers()['content-type'] ?? ''
    // Route handlers answer CSV or a JSON error, never a page; pages answer HTML.
    if (status === 200 || status === 401 || status === 403) return `${status} ${type.split(';')[0]}`
  }
  return String(status)
}

const signInAgain = (url: string) => `307 /login?next=${encodeURIComponent(url)}`

/** The answer of a route to a session that grants nothing (anonymous, revoked, forged). */
function refusedAnswer(c: RouteCheck, page: string): string {
  return c.kind === 'page' ? page : '401 application/json'
}

// ---- The matrix, built once from the file system and the owner's real ids ----

let acmeTenantId = ''
let checksCache: RouteCheck[] | null = null

async function matrixChecks(browser: Browser): Promise<RouteCheck[]> {
  if (checksCache) return checksCache
  const files = gatedFiles()
  const { context, me } = await signedInContext(browser, ACME.owner)
  acmeTenantId = me.tenant.id
  const ids = await recordIds(context.request, files)
  await context.close()
  checksCache = routeChecks(files, ids)
  return checksCache
}

/** Every gated route, as a session that grants nothing: the page answer given, routes 401. */
async function expectEveryRouteRefused(request: APIRequestContext, who: string, checks: RouteCheck[], page: (c: RouteCheck) => string) {
  for (const c of checks) {
    const want = [refusedAnswer(c, page(c))]
    expect.soft(want, `${who}: ${c.method} ${c.url} (${c.file})`).toContain(await outcome(request, c))
  }
}

test.describe.configure({ mode: 'serial' })

test.describe('the security matrix: every gated route as every persona', () => {
  test('the route list is read from app/(app)/ and covers what the app has', async ({ browser }) => {
    const files = gatedFiles()
    const patterns = files.map((f) => f.pattern)
    // Not vacuous: pages, route handlers, records and catalog segments are all there.
    for (const p of [
      '/',
      '/profile',
      '/settings/users',
      '/settings/users/[memberId]',
      '/settings/roles/[roleId]',
      '/contacts/[contactId]',
      '/modules/[moduleId]',
      '/contacts/export',
    ])
      expect(patterns, p).toContain(p)
    expect(files.find((f) => f.pattern === '/settings/users')?.gates).toEqual([null, 'users.view'])
    expect(files.find((f) => f.pattern === '/contacts/export')).toMatchObject({ kind: 'route', methods: ['GET'], gates: ['contacts.export'] })
    const checks = await matrixChecks(browser)
    expect(checks.filter((c) => c.url.startsWith('/modules/')).length).toBeGreaterThan(1)
    expect(checks.some((c) => c.records.length > 0)).toBe(true)
  })

  test('anonymous visitors, each seeded member and another workspace’s owner get what the catalog says', async ({ browser }) => {
    test.setTimeout(120_000)
    const checks = await matrixChecks(browser)

    // A suspended member cannot sign in at all (their existing session: see below).
    const refused = await browser.newContext()
    expect(await apiSignIn(refused.request, ACME.suspended)).toMatch(/suspended/i)
    expect((await refused.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE)
    expect((await refused.request.get('/api/me/access')).status()).toBe(401)
    await refused.close()

    let count = 0
    // Anonymous: pages send to sign-in with the way back (route handlers: the next test).
    const anonymous = await browser.newContext()
    for (const c of checks.filter((x) => x.kind === 'page')) {
      expect.soft(await outcome(anonymous.request, c), `anonymous: ${c.method} ${c.url} (${c.file})`).toBe(signInAgain(c.url))
      count++
    }
    await anonymous.close()

    const personas: [string, Credentials][] = [
      ['owner', ACME.owner],
      ['admin', ACME.admin],
      ['agent (Support agent)', ACME.agent],
      ['marketing (Marketing)', ACME.marketing],
      ['ops (Operations manager)', ACME.ops],
      ['readonly (Read only, no CRM)', ACME.readonly],
      ['auditor (security settings and audit log, granted directly)', ACME.auditor],
      ['Fresh Co owner (another workspace)', FRESH_OWNER],
    ]
    const wanted = new Set<string>()
    const held: { name: string; holds: (keys: string[]) => boolean }[] = []
    for (const [name, who] of personas) {
      const { context, me } = await signedInContext(browser, who)
      held.push({ name, holds: (keys) => holds(me.permissions, keys) })
      const lists = new Map<string, string>()
      for (const c of checks) {
        let want: string
        if (c.notFoundForAll) want = '404'
        else if (!c.gates.every((g) => holds(me.permissions, g))) want = c.kind === 'page' ? '403 text/html' : '403 application/json'
        // Another workspace's records do not exist for this member; nor do records outside their scopes.
        else if (c.records.length > 0 && me.tenant.id !== acmeTenantId) want = '404'
        else {
          want = c.kind === 'page' ? '200 text/html' : '200 text/csv'
          for (const r of c.records.filter((x) => RECORD_SEGMENTS[x.segment].scoped)) {
            const list = RECORD_SEGMENTS[r.segment].list
            if (!lists.has(list)) lists.set(list, await (await context.request.get(list)).text())
            if (!lists.get(list)!.includes(`href="${c.url}"`)) want = '404'
          }
        }
        expect.soft(await outcome(context.request, c), `${name}: ${c.method} ${c.url} (${c.file}) with ${me.permissions.length} permissions`).toBe(want)
        wanted.add(want)
        count++
      }
      await context.close()
    }
    expect(count).toBe(checks.length * personas.length + checks.filter((c) => c.kind === 'page').length)
    // Every two gates of the pages were told apart by some persona (one holds it, the other not).
    expect(unseparatedPairs(held, Object.values(PAGE_REQUIREMENTS).flat())).toEqual([])
    // Not vacuous: the personas between them meet every kind of answer.
    expect([...wanted].sort()).toEqual(['200 text/csv', '200 text/html', '403 application/json', '403 text/html', '404'])
    test.info().annotations.push({ type: 'persona × route checks', description: String(count) })
  })

  test('anonymous callers of the route handlers get 401 JSON, not a redirect to the sign-in page', async ({ browser }) => {
    // proxy.ts lets route handlers answer for themselves (requireRoute: 401 JSON, never a redirect).
    const checks = (await matrixChecks(browser)).filter((c) => c.kind === 'route')
    expect(checks.length).toBeGreaterThan(0)
    const anonymous = await browser.newContext()
    for (const c of checks) expect.soft(await outcome(anonymous.request, c), `anonymous: ${c.method} ${c.url} (${c.file})`).toBe('401 application/json')
    test.info().annotations.push({ type: 'anonymous × route handler checks', description: String(checks.length) })
    await anonymous.close()
  })
})

test.describe('sessions', () => {
  test('a suspended member’s existing session fails on its next request, on every route', async ({ browser }) => {
    const checks = await matrixChecks(browser)
    const ops = await signedInContext(browser, ACME.ops)
    const opsPage = await ops.context.newPage()
    await opsPage.goto('/')
    await expect(opsPage.getByRole('navigation', { name: 'Main' })).toBeVisible()

    const owner = await signedInPage(browser, 'owner')
    await owner.goto('/settings/users')
    await userRowAction(owner, ACME.ops.email, 'Suspend')
    await owner
      .getByRole('alertdialog', { name: `Suspend ${ACME.ops.email}?` })
      .getByRole('button', { name: 'Suspend' })
      .click()
    await expect(userRow(owner, ACME.ops.email)).toContainText('Suspended')
    try {
      await opsPage.goto('/')
      await expect(opsPage).toHaveURL(/\/login\?error=suspended/)
      await expect(opsPage.getByText('Your account is suspended')).toBeVisible()
      const me = await ops.context.request.get('/api/me/access')
      expect(me.status()).toBe(401)
      expect(await me.json()).toEqual({ error: 'inactive' })
      await expectEveryRouteRefused(ops.context.request, 'suspended ops@', checks, () => '307 /login?error=suspended')
    } finally {
      // Put things back for the other specs: ops@ is active again, and the same session works.
      await owner.goto('/settings/users')
      await userRowAction(owner, ACME.ops.email, 'Reactivate')
      await expect(userRow(owner, ACME.ops.email)).toContainText('Active')
    }
    await expect.poll(async () => (await ops.context.request.get('/api/me/access')).status()).toBe(200)
    await ops.context.close()
    await owner.context().close()
  })

  test('a deleted member’s existing session fails on its next request', async ({ browser, request }) => {
    const checks = await matrixChecks(browser)
    const email = `deleted-${Date.now()}@security.example`
    const owner = await signedInPage(browser, 'owner')
    await owner.goto('/settings/users')
    await main(owner).getByRole('button', { name: 'Invite people' }).click()
    const invite = owner.getByRole('dialog', { name: 'Invite people' })
    await invite.getByLabel('Email addresses').fill(email)
    await invite.getByLabel('Role template').selectOption({ label: 'Read only' })
    await invite.getByRole('button', { name: 'Review' }).click()
    await invite.getByRole('button', { name: 'Send invitations' }).click()
    await expect(invite).toBeHidden()

    const joinerContext = await browser.newContext()
    const joiner = await joinerContext.newPage()
    await joiner.goto(inviteLinkIn((await latestMailTo(request, email)).text))
    await joiner.getByLabel('Your name').fill('Dee Leted')
    await joiner.getByLabel('Choose a password').fill('deleted-password-e2e')
    await joiner.getByLabel('Confirm password').fill('deleted-password-e2e')
    await joiner.getByRole('button', { name: 'Create account and join' }).click()
    await expect(joiner.getByRole('navigation', { name: 'Main' })).toBeVisible()

    await owner.reload()
    await userRowAction(owner, email, 'Delete')
    await owner
      .getByRole('alertdialog')
      .getByRole('button', { name: /^Delete / })
      .click()
    await expect(userRow(owner, email)).toHaveCount(0)

    await joiner.goto('/')
    await expect(joiner).toHaveURL(/\/login\?next=%2F$/)
    expect((await joinerContext.request.get('/api/me/access')).status()).toBe(401)
    await expectEveryRouteRefused(joinerContext.request, 'deleted member', checks, (c) => signInAgain(c.url))
    await joinerContext.close()
    await owner.context().close()
  })

  test('changing the password ends the user’s other sessions at their next request', async ({ browser }) => {
    const checks = await matrixChecks(browser)
    const NEW = 'changed-password-e2e'
    const other = await signedInContext(browser, ACME.readonly)
    const here = await signedInPage(browser, 'readonly')

    async function changePassword(page: Page, from: string, to: string) {
      await page.goto('/profile')
      await page.getByLabel('Current password').fill(from)
      await page.getByLabel('New password', { exact: true }).fill(to)
      await page.getByLabel('Confirm new password').fill(to)
      await page.getByRole('button', { name: 'Change password' }).click()
      await expect(main(page).getByText('Password changed. Sign in again with your new password.')).toBeVisible()
      // Every session ends, this one included: the page signs out.
      await expect(page).toHaveURL(/\/login/)
    }

    await changePassword(here, ACME.readonly.password, NEW)
    try {
      const otherPage = await other.context.newPage()
      await otherPage.goto('/contacts')
      await expect(otherPage).toHaveURL(/\/login\?next=%2Fcontacts$/)
      expect((await other.context.request.get('/api/me/access')).status()).toBe(401)
      await expectEveryRouteRefused(other.context.request, 'readonly@ after a password change elsewhere', checks, (c) => signInAgain(c.url))
      // The old password no longer signs in.
      const old = await browser.newContext()
      expect(await apiSignIn(old.request, ACME.readonly)).not.toBeNull()
      await old.close()
    } finally {
      // Back to the seeded password, so the other specs still sign in.
      await signIn(here, { email: ACME.readonly.email, password: NEW }, '/profile')
      await expect(here.getByRole('heading', { name: 'Profile' })).toBeVisible()
      await changePassword(here, NEW, ACME.readonly.password)
    }
    const again = await signedInContext(browser, ACME.readonly)
    await again.context.close()
    await other.context.close()
    await here.context().close()
  })

  test('a tampered or forged session cookie is refused', async ({ browser }) => {
    const checks = await matrixChecks(browser)
    const { context, me } = await signedInContext(browser, ACME.admin)
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)
    expect(cookie, 'the session cookie').toBeDefined()
    await context.close()

    async function withCookie(value: string) {
      const c = await browser.newContext()
      await c.addCookies([{ ...cookie!, value }])
      return c
    }
    // The cookie itself, moved to a fresh browser: it works (so the refusals below are the server's).
    const genuine = await withCookie(cookie!.value)
    expect((await genuine.request.get('/api/me/access')).status()).toBe(200)
    expect(await outcome(genuine.request, { url: '/settings/users', method: 'GET' })).toBe('200 text/html')
    await genuine.close()

    const v = cookie!.value
    const mid = Math.floor(v.length / 2)
    const flipped = v.slice(0, mid) + [...v.slice(mid, mid + 6)].map((ch) => (ch === 'A' ? 'B' : 'A')).join('') + v.slice(mid + 6)
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const now = Math.floor(Date.now() / 1000)
    const claims = { uid: me.userId, tid: me.tenant.id, sv: 0, email: me.email, iat: now, exp: now + 3600, jti: 'forged' }
    const forgeries: [string, string][] = [
      ['tampered cookie', flipped],
      ['alg:none JWT', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
      ['alg:none JWT with a sv far ahead', `${b64({ alg: 'none' })}.${b64({ ...claims, sv: 999 })}.`],
      ['unencrypted JWE header', `${b64({ alg: 'dir', enc: 'A256GCM' })}..${b64(claims)}..`],
    ]
    for (const [what, value] of forgeries) {
      const forged = await withCookie(value)
      expect(await outcome(forged.request, { url: '/', method: 'GET' }), what).toBe(signInAgain('/'))
      const res = await forged.request.get('/api/me/access')
      expect(res.status(), `${what}: /api/me/access`).toBe(401)
      await expectEveryRouteRefused(forged.request, what, checks, (c) => signInAgain(c.url))
      await forged.close()
    }
  })
})

test.describe('output escaping', () => {
  const NAME = '<script>alert("x")</script>'
  const DESCRIPTION = '<img src=x onerror="window.__xss=1">'
  const DISPLAY = '<b>Olivia</b>'

  /** Nothing the text could have become: no element, no script run, no dialog. */
  async function expectInert(page: Page, dialogs: string[]) {
    await expect(page.locator('img[src="x"]')).toHaveCount(0)
    await expect(main(page).locator('script')).toHaveCount(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined()
    expect(dialogs).toEqual([])
  }

  test('a role’s name and description holding HTML and script are shown as text', async ({ browser }) => {
    const owner = await signedInPage(browser, 'owner')
    const dialogs: string[] = []
    owner.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await owner.goto('/settings/roles/new')
    await expect(main(owner).getByRole('link', { name: /Blank role template/ })).toHaveAttribute('aria-current', 'true')
    await main(owner).getByLabel('Name', { exact: true }).fill(NAME)
    await main(owner).getByLabel('Description').fill(DESCRIPTION)
    await main(owner).getByRole('button', { name: 'Create role template' }).click()
    await expect(owner.getByRole('heading', { name: `Edit role template: ${NAME}` })).toBeVisible()
    const roleUrl = owner.url()
    try {
      await expect(main(owner).getByLabel('Description')).toHaveValue(DESCRIPTION)
      await expectInert(owner, dialogs)

      await owner.goto('/settings/roles')
      await expect(main(owner).getByRole('link', { name: NAME, exact: true })).toBeVisible()
      await expect(main(owner).getByText(DESCRIPTION, { exact: true })).toBeVisible()
      await expectInert(owner, dialogs)

      await owner.goto('/settings/audit')
      await expect(main(owner).getByText(`Created role ${NAME}`).first()).toBeVisible()
      await expectInert(owner, dialogs)
    } finally {
      await owner.goto(roleUrl)
      await main(owner).getByRole('button', { name: 'Delete' }).click()
      const del = owner.getByRole('alertdialog', { name: `Delete the role template ${NAME}?` })
      await expect(del).toBeVisible()
      await expectInert(owner, dialogs)
      await del.getByRole('button', { name: 'Delete role template' }).click()
      await expect(owner).toHaveURL(/\/settings\/roles$/)
      await expect(main(owner).getByRole('link', { name: NAME, exact: true })).toHaveCount(0)
    }
    await owner.context().close()
  })

  test('a display name holding HTML is shown as text in the user menu and the lists', async ({ browser }) => {
    const owner = await signedInPage(browser, 'owner')
    const dialogs: string[] = []
    owner.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    async function setName(name: string) {
      await owner.goto('/profile')
      await main(owner).getByLabel('Name', { exact: true }).fill(name)
      await main(owner).getByRole('button', { name: 'Save', exact: true }).click()
      await expect(main(owner).getByText('Profile saved.')).toBeVisible()
    }
    await setName(DISPLAY)
    try {
      await owner.goto('/')
      const account = owner.getByRole('button', { name: `Account menu for ${DISPLAY}` })
      await expect(account).toBeVisible()
      await expect(account).toContainText(DISPLAY)
      await expect(owner.getByRole('heading', { name: `Welcome, ${DISPLAY}` })).toBeVisible()
      await expect(owner.locator('header b, main b')).toHaveCount(0)
      await expectInert(owner, dialogs)

      await owner.goto('/settings/users')
      await expect(userRow(owner, 'owner@example.com')).toContainText(DISPLAY)
      await expect(main(owner).locator('b')).toHaveCount(0)
      await expectInert(owner, dialogs)
    } finally {
      await setName('Olivia Owner')
    }
    await owner.goto('/')
    await expect(owner.getByRole('button', { name: 'Account menu for Olivia Owner' })).toBeVisible()
    await owner.context().close()
  })
})

// The holes found by trying the running server as an attacker; the others are closed in the
// integration suites (tests/integration/holes.test.ts, no-escalation.test.ts).
test.describe('attacks on sign-in and sessions', () => {
  test('#3 after signing in, a `next` that would leave the site lands on the app', async ({ browser }) => {
    for (const next of ['%2F%09%2Fevil.test', '%2F%0A%2Fevil.test', '%2F%0D%2Fevil.test', '%2F%5Cevil.test']) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`/login?next=${next}`)
      await page.getByLabel('Email').fill(ACME.readonly.email)
      await page.getByLabel('Password').fill(ACME.readonly.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
      expect(new URL(page.url()).host, `next=${next}`).toBe(new URL(test.info().project.use.baseURL!).host)
      await context.close()
    }
  })

  test('#4 a forged X-Forwarded-For neither escapes the sign-in limit nor reaches the audit log', async ({ browser }) => {
    const target = { email: `limit-${Date.now()}@example.com`, password: 'not the password' }
    const context = await browser.newContext()
    const errors: (string | null)[] = []
    for (let i = 0; i < 6; i++) {
      await context.setExtraHTTPHeaders({ 'X-Forwarded-For': `203.0.113.${i + 1}`, 'X-Real-IP': `198.51.100.${i + 1}` })
      errors.push(await apiSignIn(context.request, target))
    }
    // Five attempts for that account from this address, then it waits: a new header value per attempt changes nothing.
    expect(
      errors.slice(0, 5).every((e) => e === 'Email or password is incorrect.'),
      JSON.stringify(errors),
    ).toBe(true)
    expect(errors[5]).toMatch(/Too many failed sign-ins/)
    await context.close()

    const owner = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.77' } })
    expect(await apiSignIn(owner.request, ACME.owner)).toBeNull()
    const page = await owner.newPage()
    await page.goto('/profile')
    await page.getByRole('textbox', { name: 'Name' }).fill('Olivia Owner')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(main(page).getByText('Profile saved.')).toBeVisible()
    const csv = await (await owner.request.get('/settings/audit/export?action=profile.update')).text()
    const newest = csv.split('\n')[1] ?? ''
    expect(newest).toContain('profile.update')
    expect(newest).not.toContain('203.0.113.77')
    expect(newest).toMatch(/127\.0\.0\.1/)
    await owner.close()
  })

  test('#9 signing out ends that session on the server: a copy of its cookie stops working, other sessions go on', async ({ browser }) => {
    const { context } = await signedInContext(browser, ACME.marketing)
    const other = await signedInContext(browser, ACME.marketing)
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!
    const copy = await browser.newContext()
    await copy.addCookies([cookie])
    expect((await copy.request.get('/api/me/access')).status()).toBe(200)

    const page = await context.newPage()
    await page.goto('/')
    await page.getByRole('button', { name: /Account menu/ }).click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login/)

    expect((await copy.request.get('/api/me/access')).status()).toBe(401)
    expect(await outcome(copy.request, { url: '/settings/users', method: 'GET' })).toBe(signInAgain('/settings/users'))
    expect((await other.context.request.get('/api/me/access')).status()).toBe(200)
    for (const c of [context, copy, other.context]) await c.close()
  })

  test('#11 an invitation page never shows an existing account’s name', async ({ browser, request }) => {
    const owner = await signedInPage(browser, 'owner')
    await owner.goto('/settings/users')
    // Fiona Fresh has an account (she owns another workspace); Acme invites her address.
    await main(owner).getByRole('button', { name: 'Invite people' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Invite people' })
    await dialog.getByLabel('Email addresses').fill(FRESH_OWNER.email)
    await dialog.getByRole('button', { name: 'Review' }).click()
    const send = dialog.getByRole('button', { name: 'Send invitations' })
    await expect(send).toBeEnabled()
    await send.click()
    await expect(dialog).toBeHidden()
    const link = inviteLinkIn((await latestMailTo(request, FRESH_OWNER.email)).text)

    const stranger = await browser.newContext()
    const page = await stranger.newPage()
    await page.goto(link)
    await expect(page.getByRole('heading', { name: 'Join Acme Inc.' })).toBeVisible()
    expect(await page.content()).not.toContain('Fiona')
    await stranger.close()

    await owner.goto('/settings/users')
    await userRowAction(owner, FRESH_OWNER.email, 'Revoke invitation')
    await owner.getByRole('alertdialog').getByRole('button', { name: 'Revoke invitation' }).click()
    await expect(userRow(owner, FRESH_OWNER.email)).toHaveCount(0)
    await owner.context().close()
  })

  test('a body over 1 MB is refused with 413 problem details before anything reads it: a server action, the sign-in', async ({ browser }) => {
    const big = 'x'.repeat(10 * 1024 * 1024)
    const { context } = await signedInContext(browser, ACME.owner)
    const action = await context.request.post('/settings/users', {
      headers: { 'Next-Action': '0'.repeat(42), 'Content-Type': 'text/plain;charset=UTF-8' },
      data: big,
    })
    expect(action.status(), 'a 10 MB server action call').toBe(413)
    expect(action.headers()['content-type']).toContain('application/problem+json')
    expect(await action.json()).toMatchObject({ status: 413, title: 'Content Too Large' })
    await context.close()
    const anonymous = await browser.newContext()
    const signIn = await anonymous.request.post('/api/auth/callback/credentials', { headers: { 'Content-Type': 'application/json' }, data: big })
    expect(signIn.status(), 'a 10 MB sign-in').toBe(413)
    // A form of an ordinary size still goes through.
    expect(await apiSignIn(anonymous.request, ACME.readonly)).toBeNull()
    await anonymous.close()
  })
})
