import type { ReactNode } from 'react'

/**
 * The box a wide table scrolls sideways in on a narrow screen. It can take the focus (WCAG
 * 2.1.1: a keyboard user scrolls it with the arrow keys even when the table holds nothing
 * focusable) and is named after what it holds. `relative`: what is positioned inside the table
 * (screen-reader text) scrolls with it instead of widening the page.
 */
export function ScrollRegion({ label, className = '', children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand ${className}`}
    >
      {children}
    </div>
  )
}
