import { requirePage } from '@/lib/authz/guards'
import { navigationFor } from '@/lib/authz/nav'
import { Suspense } from 'react'
import { NavigationProgress } from '@/components/navigation-progress'
import { MobileNav, Sidebar } from '@/components/sidebar'
import { UserMenu } from '@/components/user-menu'

// The shell of the signed-in area. It decides nothing: the menu is derived from the catalog
// and the member's access, and every page below gates itself with requirePage. The shell is
// shown before two-factor sign-in is set up too (the pages that allow that render inside it).
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const access = await requirePage(null, { beforeTwoFactor: true })
  const nav = navigationFor(access)
  return (
    <div className="flex min-h-screen flex-col">
      <Suspense>
        <NavigationProgress />
      </Suspense>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="flex h-14 items-center justify-between gap-2 border-b border-line bg-white px-4">
        <div className="flex min-w-0 items-center gap-3">
          <MobileNav sections={nav} />
          <span className="font-semibold text-brand">Teamgate</span>
          <span aria-hidden className="text-gray-300">
            /
          </span>
          <span className="truncate font-medium" data-testid="workspace-name">
            {access.member.tenantName}
          </span>
        </div>
        <UserMenu name={access.member.name || access.email} email={access.email} role={access.baseRole.toLowerCase()} />
      </header>
      <div className="flex flex-1">
        <Sidebar sections={nav} />
        <main id="main" className="min-w-0 flex-1 px-4 py-5 nav:px-8 nav:py-6">
          {children}
        </main>
      </div>
    </div>
  )
}
