'use client'

import { Dialog } from 'radix-ui'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { useState } from 'react'
import type { NavSection } from '@/lib/authz/nav'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * The main menu: a sidebar from the `nav` breakpoint (900 px) up; below it, a "Menu" button in
 * the header opens the same list in a modal panel (Radix Dialog: focus moves in, Escape and the
 * overlay close it, focus returns to the button) that closes when a link is followed.
 */
export function Sidebar({ sections }: { sections: NavSection[] }) {
  return (
    <div className="hidden w-60 shrink-0 border-r border-line bg-white px-3 py-4 nav:block">
      <NavList sections={sections} />
    </div>
  )
}

export function MobileNav({ sections }: { sections: NavSection[] }) {
  const [open, setOpen] = useState(false)
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={`-ml-1 inline-flex h-9 w-9 items-center justify-center rounded-md text-ink hover:bg-gray-100 nav:hidden ${focusRing}`}>
        <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
          <path d="M3 5h14M3 10h14M3 15h14" />
        </svg>
        <span className="sr-only">Menu</span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-gray-900/40 nav:hidden" />
        <Dialog.Content
          aria-describedby={undefined}
          // The link of the page one is on takes the focus (else the first link).
          onOpenAutoFocus={(e) => {
            const panel = e.currentTarget as HTMLElement
            const link = panel.querySelector<HTMLElement>('a[aria-current="page"]') ?? panel.querySelector<HTMLElement>('a')
            if (!link) return
            e.preventDefault()
            link.focus()
          }}
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[calc(100vw-3rem)] flex-col overflow-y-auto bg-white shadow-xl nav:hidden"
        >
          <div className="flex h-14 items-center justify-between border-b border-line px-4">
            <Dialog.Title className="font-semibold text-brand">Menu</Dialog.Title>
            <Dialog.Close className={`inline-flex h-9 w-9 items-center justify-center rounded-md text-ink-muted hover:bg-gray-100 ${focusRing}`}>
              <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
                <path d="M5 5l10 10M15 5L5 15" />
              </svg>
              <span className="sr-only">Close menu</span>
            </Dialog.Close>
          </div>
          <div className="px-3 py-4">
            <NavList sections={sections} onNavigate={() => setOpen(false)} />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function NavList({ sections, onNavigate }: { sections: NavSection[]; onNavigate?: () => void }) {
  const pathname = usePathname()
  return (
    <nav aria-label="Main">
      <ul className="flex flex-col gap-4">
        <li>
          <Link href="/" aria-current={pathname === '/' ? 'page' : undefined} className={itemClass(pathname === '/')} onClick={onNavigate}>
            Home
          </Link>
        </li>
        {sections.map((s) => (
          <li key={s.id}>
            {s.items.length > 1 && <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-ink-faint">{s.label}</p>}
            <ul className="flex flex-col gap-0.5">
              {s.items.map((item) => {
                const active = pathname === item.href || pathname.startsWith(`${item.href}/`)
                return (
                  <li key={item.href}>
                    <Link href={item.href} aria-current={active ? 'page' : undefined} className={itemClass(active)} onClick={onNavigate}>
                      {item.label}
                    </Link>
                  </li>
                )
              })}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function itemClass(active: boolean) {
  return `block rounded-md px-3 py-2 text-sm nav:py-1.5 ${active ? 'bg-brand-soft font-medium text-brand' : 'text-ink hover:bg-gray-100'}`
}
