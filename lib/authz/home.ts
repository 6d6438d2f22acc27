import type { Access } from './access'
import { MODULES } from './catalog'
import type { ModuleDef } from './catalog-types'
import { navigationFor } from './nav'

/**
 * What Home may show this member. Each panel is behind the permission of the page that shows the
 * same data, so Home never tells more than those pages would:
 * - seats: the users page (users.view) and the plan page (billing.view) both show them;
 * - invitations and sign-ins: the users page (users.view), which they link to;
 * - recent changes: the audit log (audit.view);
 * - the plan link: the billing module's menu entry, as on the users page.
 */
export function homePanels(access: Access) {
  const nav = navigationFor(access)
  return {
    seats: access.canAny(['users.view', 'billing.view']),
    members: access.can('users.view'),
    changes: access.can('audit.view'),
    planHref: nav.find((s) => s.id === 'billing')?.items[0]?.href ?? null,
    crmWithheld: crmWithheld(access),
  }
}
export type HomePanels = ReturnType<typeof homePanels>

/**
 * Whether the member lacks a module only because their CRM access is off: the plan includes a
 * CRM module and the CRM rule (hasCrmAccess) says no. Pages of those modules explain it on their
 * 403, and Home says it in one line; the gates stay as they are.
 */
export function crmWithheld(access: Access): boolean {
  return !access.crm && (MODULES as readonly ModuleDef[]).some((m) => m.crm && access.member.enabledModules.includes(m.id))
}
