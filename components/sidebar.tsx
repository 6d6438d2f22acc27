'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'
import type { NavSection } from '@/lib/authz/nav'

export function Sidebar({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname()
  return (
    <nav aria-label="Main" className="w-60 shrink-0 border-r border-line bg-white px-3 py-4">
      <ul className="flex flex-col gap-4">
        <li>
          <Link href="/" aria-current={pathname === '/' ? 'page' : undefined} className={itemClass(pathname === '/')}>
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
                    <Link href={item.href} aria-current={active ? 'page' : undefined} className={itemClass(active)}>
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
  return `block rounded-md px-3 py-1.5 text-sm ${active ? 'bg-brand-soft font-medium text-brand' : 'text-ink hover:bg-gray-100'}`
}
