import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import { moduleIds } from './catalog'
import { crmWithheld, homePanels } from './home'

// What Home shows, panel by panel: each behind the permission of the page showing the same data.

describe('homePanels', () => {
  it('a member without permissions sees no panel and no plan link', () => {
    expect(homePanels(makeAccess({ crmAccess: false, enabledModules: [] }))).toEqual({
      seats: false,
      members: false,
      changes: false,
      planHref: null,
      crmWithheld: false,
    })
  })

  it('seats with the users page or the plan page; members with the users page; changes with the audit log', () => {
    expect(homePanels(makeAccess({ directKeys: ['users.view'] }))).toMatchObject({ seats: true, members: true, changes: false, planHref: null })
    expect(homePanels(makeAccess({ directKeys: ['billing.view'] }))).toMatchObject({ seats: true, members: false, changes: false })
    expect(homePanels(makeAccess({ directKeys: ['audit.view'] }))).toMatchObject({ seats: false, members: false, changes: true })
  })

  it('the plan link is the billing menu entry, for those who have it', () => {
    expect(homePanels(makeAccess({ baseRole: 'OWNER' })).planHref).toBe('/settings/billing')
    expect(homePanels(makeAccess({ baseRole: 'ADMIN', directKeys: ['users.view'] })).planHref).toBeNull()
  })
})

describe('crmWithheld', () => {
  it('only when the plan has a CRM module and the member’s CRM access is off', () => {
    expect(crmWithheld(makeAccess({ crmAccess: false }))).toBe(true)
    expect(crmWithheld(makeAccess({ crmAccess: true }))).toBe(false)
    // Owners and admins have CRM access whatever the flag says.
    expect(crmWithheld(makeAccess({ crmAccess: false, baseRole: 'ADMIN' }))).toBe(false)
    // A plan without any CRM module: nothing is withheld.
    const crm = new Set(['contacts', 'inbox'])
    expect(crmWithheld(makeAccess({ crmAccess: false, enabledModules: moduleIds().filter((m) => !crm.has(m)) }))).toBe(false)
    expect(crmWithheld(makeAccess({ crmAccess: false, enabledModules: ['contacts'] }))).toBe(true)
  })
})
