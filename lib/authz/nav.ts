import type { Access } from './access'
import { MODULES } from './catalog'

export type NavItem = { label: string; href: string }
export type NavSection = { id: string; label: string; items: NavItem[] }

/**
 * The menu, derived from the catalog and the member's access: a module's entries appear only
 * when the member holds one of the permissions that open them. Nothing is hand-maintained; the
 * pages behind the entries check the same permissions (requirePage). A member who must set up
 * two-factor sign-in first gets no entries: every page behind them sends them to set it up.
 */
export function navigationFor(access: Access): NavSection[] {
  const sections: NavSection[] = []
  if (access.twoFactorPending) return sections
  for (const m of MODULES) {
    const items = m.nav.filter((n) => access.canAny(n.anyOf)).map((n) => ({ label: n.label, href: n.href }))
    if (items.length) sections.push({ id: m.id, label: m.label, items })
  }
  return sections
}
