import type { Page } from '@playwright/test'
import { expect, expectAccessible, signedInPage, test } from './fixtures'

const menu = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link')

test.describe.configure({ mode: 'serial' })

test.describe('a restricted member and the authorization gates', () => {
  test('the Support agent sees only the menus of the modules they hold, and 403 elsewhere', async ({ browser }) => {
    const agent = await signedInPage(browser, 'agent')
    await expect(menu(agent)).toHaveText(['Home', 'Contacts', 'Inbox', 'Teams'])
    await expectAccessible(agent)

    await agent.goto('/modules/inbox')
    await expect(agent.getByRole('heading', { name: 'Inbox' })).toBeVisible()
    // What the member may do, in words (not the permission keys).
    await expect(agent.getByText('Send messages (assigned to themselves)')).toBeVisible()
    await expect(agent.getByText('inbox.send.own')).toHaveCount(0)
    await expectAccessible(agent)

    await agent.goto('/contacts')
    await expect(agent.getByRole('heading', { name: 'Contacts' })).toBeVisible()
    await expectAccessible(agent)

    for (const hidden of ['/settings/roles', '/settings/users', '/modules/broadcasts', '/settings/billing']) {
      const res = await agent.goto(hidden)
      expect(res?.status(), hidden).toBe(403)
      await expect(agent.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible()
    }
    await expectAccessible(agent)

    const me = await (await agent.request.get('/api/me/access')).json()
    expect(me.baseRole).toBe('MEMBER')
    expect(me.roleTemplate.name).toBe('Support agent')
    expect(me.permissions).toContain('inbox.view.own')
    expect(me.permissions).not.toContain('roles.view')
    await agent.context().close()
  })

  test('a hidden server action called directly is refused by the server', async ({ browser }) => {
    const admin = await signedInPage(browser, 'admin')
    await admin.goto('/settings/roles')
    await admin.getByRole('link', { name: 'Support agent' }).click()
    await expect(admin.getByRole('heading', { name: 'Edit role template: Support agent' })).toBeVisible()
    const roleUrl = new URL(admin.url()).pathname
    // Learn the action's id the way an attacker would: from a legitimate call.
    const call = admin.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action'] && (r.postData() ?? '').includes('"version"'))
    await admin.getByRole('button', { name: 'Save changes' }).click()
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Save role template' }).click()
    const request = await call
    const actionId = request.headers()['next-action']
    const body = JSON.parse(request.postData() ?? '[]')
    await expect(admin.getByRole('status').filter({ hasText: 'Role template saved' })).toBeVisible()

    const agent = await signedInPage(browser, 'agent')
    const forged = [{ ...body[0], name: 'Taken over', permissions: ['roles.view', 'roles.edit', 'users.view'], version: body[0].version + 1 }]
    const res = await agent.request.post(roleUrl, {
      headers: { 'Next-Action': actionId, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
      data: JSON.stringify(forged),
    })
    const text = await res.text()
    expect(text).toContain('"code":"forbidden"')
    expect(text).not.toContain('"ok":true')
    await admin.reload()
    await expect(admin.getByRole('heading', { name: 'Edit role template: Support agent' })).toBeVisible()
    await agent.context().close()
    await admin.context().close()
  })

  test('an admin removes a permission and the member’s very next request reflects it, with no sign-out', async ({ browser }) => {
    const agent = await signedInPage(browser, 'agent')
    await expect(menu(agent)).toHaveText(['Home', 'Contacts', 'Inbox', 'Teams'])

    const admin = await signedInPage(browser, 'admin')
    await admin.goto('/settings/roles')
    await admin.getByRole('link', { name: 'Support agent' }).click()
    await admin.getByRole('button', { name: 'Expand Inbox' }).click()
    const view = admin.getByRole('checkbox', { name: 'View conversations', exact: true })
    // The agent's role has three of its five scopes: a mixed box. A click sets all, the next clears all.
    await expect(view).toBeChecked({ indeterminate: true })
    await view.check()
    await expect(admin.getByRole('checkbox', { name: 'View conversations (all unassigned)', exact: true })).toBeChecked()
    await view.uncheck()
    // Sending needs viewing: the tree clears what depended on it, and says so.
    await expect(admin.getByRole('status').filter({ hasText: 'Also cleared' })).toContainText('Send messages')
    await expect(admin.getByRole('checkbox', { name: 'Inbox', exact: true })).not.toBeChecked()
    await expectAccessible(admin)
    await admin.getByRole('button', { name: 'Save changes' }).click()
    // The review names what the role's members lose before anything is saved.
    const review = admin.getByRole('alertdialog')
    await expect(review).toContainText('View conversations')
    await expectAccessible(admin)
    await review.getByRole('button', { name: 'Save role template' }).click()
    await expect(admin.getByRole('status').filter({ hasText: 'Role template saved' })).toBeVisible()

    await agent.reload()
    await expect(menu(agent)).toHaveText(['Home', 'Contacts', 'Teams'])
    expect((await agent.goto('/modules/inbox'))?.status()).toBe(403)
    const me = await (await agent.request.get('/api/me/access')).json()
    expect(me.permissions.filter((k: string) => k.startsWith('inbox.'))).toEqual([])
    await agent.context().close()
    await admin.context().close()
  })
})
