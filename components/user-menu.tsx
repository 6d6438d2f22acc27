'use client'

import { Menu, MenuItem, MenuLink, MenuSeparator } from '@/components/ui/menu'

/** next-auth's client is only needed to sign out, so it loads when "Sign out" is chosen. */
async function signOut() {
  const { signOut: nextAuthSignOut } = await import('next-auth/react')
  await nextAuthSignOut({ callbackUrl: '/login?error=signedout' })
}

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  return (
    <Menu
      label={`Account menu for ${name}`}
      triggerClassName="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-gray-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand"
      menuClassName="min-w-56"
      trigger={
        <>
          <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-brand text-xs font-semibold text-white">
            {name.slice(0, 1).toUpperCase()}
          </span>
          <span className="hidden sm:inline">{name}</span>
        </>
      }
    >
      <div className="px-3 py-2 text-xs text-ink-muted">
        <div className="font-medium text-ink">{email}</div>
        <div>Role: {role}</div>
      </div>
      <MenuSeparator />
      <MenuLink href="/profile">Profile</MenuLink>
      <MenuItem onSelect={() => void signOut()}>Sign out</MenuItem>
    </Menu>
  )
}
