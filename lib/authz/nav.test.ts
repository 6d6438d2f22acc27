import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import { moduleIds } from './catalog'
import { navigationFor } from './nav'

const hrefs = (a: ReturnType<typeof makeAccess>) => navigationFor(a).flatMap((s) => s.items.map((i) => i.href))
const BILLING = '/settings/billing'

describe('navigationFor', () => {
  it('shows a member with only inbox.view.own just the Inbox', () => {
    const nav = navigationFor(makeAccess({ directKeys: ['inbox.view.own'] }))
    expect(nav).toEqual([{ id: 'inbox', label: 'Inbox', items: [{ label: 'Inbox', href: '/modules/inbox' }] }])
  })

  it('shows nothing to a member without permissions or an inactive member', () => {
    expect(navigationFor(makeAccess())).toEqual([])
    expect(navigationFor(makeAccess({ baseRole: 'OWNER', status: 'SUSPENDED' }))).toEqual([])
  })

  it('shows only the settings entries whose permission the member holds', () => {
    const nav = navigationFor(makeAccess({ directKeys: ['roles.view', 'users.invite', 'teams.view'] }))
    expect(nav.map((s) => s.id)).toEqual(['settings'])
    expect(nav[0].items.map((i) => i.href)).toEqual(['/settings/teams', '/settings/roles'])
    expect(navigationFor(makeAccess({ directKeys: ['users.invite'] }))).toEqual([])
    expect(hrefs(makeAccess({ directKeys: ['users.view', 'roles.view'] }))).toEqual(['/settings/users', '/settings/roles'])
  })

  it('shows an admin every module with settings, but not billing', () => {
    const h = hrefs(makeAccess({ baseRole: 'ADMIN' }))
    expect(h).toEqual(expect.arrayContaining(['/contacts', '/modules/inbox', '/settings/users', '/settings/teams', '/settings/roles', '/settings/audit']))
    expect(h).not.toContain(BILLING)
  })

  it('shows Security to whoever may view the security settings', () => {
    expect(hrefs(makeAccess({ directKeys: ['security.view'] }))).toEqual(['/settings/security'])
    expect(hrefs(makeAccess({ baseRole: 'ADMIN' }))).toContain('/settings/security')
  })

  it('shows nothing to a member who must set up two-factor sign-in first', () => {
    expect(navigationFor(makeAccess({ baseRole: 'OWNER', requireTwoFactor: true }))).toEqual([])
    expect(hrefs(makeAccess({ baseRole: 'OWNER', requireTwoFactor: true, twoFactorEnabled: true }))).toContain('/settings/security')
    expect(hrefs(makeAccess({ baseRole: 'OWNER', twoFactorEnabled: false }))).toContain('/settings/security')
  })

  it('shows an owner billing', () => {
    const nav = navigationFor(makeAccess({ baseRole: 'OWNER' }))
    expect(nav.map((s) => s.id)).toEqual(moduleIds())
    expect(hrefs(makeAccess({ baseRole: 'OWNER' }))).toContain(BILLING)
  })

  it('hides Contacts from a member without CRM access and modules the plan disables', () => {
    expect(hrefs(makeAccess({ crmAccess: false, directKeys: ['contacts.view.own', 'roles.view'] }))).toEqual(['/settings/roles'])
    const plan = moduleIds().filter((m) => m !== 'inbox')
    expect(hrefs(makeAccess({ baseRole: 'OWNER', enabledModules: plan }))).not.toContain('/modules/inbox')
  })

  it('opens Contacts with any contacts.view scope', () => {
    expect(hrefs(makeAccess({ directKeys: ['contacts.view.unassigned'] }))).toEqual(['/contacts'])
  })
})
