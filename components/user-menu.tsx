'use client'

import { signOut } from 'next-auth/react'
import Link from 'next/link'
import { DropdownMenu } from 'radix-ui'

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-gray-100" aria-label={`Account menu for ${name}`}>
        <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-brand text-xs font-semibold text-white">{name.slice(0, 1).toUpperCase()}</span>
        <span className="hidden sm:inline">{name}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-md border border-line bg-white p-1 shadow-lg">
          <div className="px-3 py-2 text-xs text-ink-muted">
            <div className="font-medium text-ink">{email}</div>
            <div>Role: {role}</div>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-line" />
          <DropdownMenu.Item asChild className="block cursor-pointer rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-gray-100">
            <Link href="/profile">Profile</Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item
            className="cursor-pointer rounded px-3 py-1.5 text-sm outline-none data-[highlighted]:bg-gray-100"
            onSelect={() => signOut({ callbackUrl: '/login?error=signedout' })}
          >
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}
