'use client'

import Link from 'next/link'
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject, type ToggleEvent } from 'react'
import { flushSync } from 'react-dom'

/**
 * A menu button (WAI-ARIA "menu button" pattern) on the browser's own popover: the top layer,
 * light dismiss, Escape, and focus going back to the button come from the platform, so what is
 * ours is the menu's keyboard model (arrows, Home/End, first-letter jump, Tab closes) and its
 * position next to the button. It replaced a menu library that cost ~18 kB of script on every
 * signed-in page and most of the users table's server render time (a menu per row).
 *
 * Items are `MenuItem` (a button) and `MenuLink` (a Next link); choosing one closes the menu.
 */
export function Menu({
  label,
  trigger,
  triggerClassName,
  menuClassName,
  align = 'end',
  busy,
  triggerRef,
  children,
}: {
  /** The button's and the menu's accessible name, e.g. "Actions for ann@example.com". */
  label: string
  trigger: ReactNode
  triggerClassName?: string
  menuClassName?: string
  align?: 'start' | 'end'
  busy?: boolean
  triggerRef?: RefObject<HTMLButtonElement | null>
  children: ReactNode
}) {
  const id = useId()
  const ownButton = useRef<HTMLButtonElement | null>(null)
  const button = triggerRef ?? ownButton
  const menu = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState(false)
  // Which item takes focus when the menu opens: the first, or the last after ArrowUp on the button.
  const focusOnOpen = useRef<'first' | 'last'>('first')

  // Set when the menu opens; cleared once an item holds the focus. The focus is given after the
  // items have committed (a layout effect), not in the toggle event alone: a key pressed while the
  // page is still hydrating is replayed by React, and the items may then render after `toggle`.
  const focusPending = useRef(false)
  const takeFocus = () => {
    if (!focusPending.current || !focusItem(menu.current, focusOnOpen.current)) return
    placeMenu(button.current, menu.current, align)
    focusPending.current = false
    focusOnOpen.current = 'first'
  }

  // A click before the page hydrated opened the popover natively (popoverTarget needs no
  // script) with no items in it, and no toggle event reached React: render them now.
  useLayoutEffect(() => {
    if (!menu.current?.matches(':popover-open')) return
    focusPending.current = true
    setOpen(true)
  }, [])

  useLayoutEffect(() => {
    if (open) takeFocus()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `takeFocus` reads refs and `align` only
  }, [open])

  // The items render only while the menu is open (a table has a closed menu per row): they are
  // rendered synchronously just before the popover shows, so the first one can take focus.
  function onBeforeToggle(e: ToggleEvent<HTMLDivElement>) {
    if (e.newState === 'open') flushSync(() => setOpen(true))
  }
  function onToggle(e: ToggleEvent<HTMLDivElement>) {
    const isOpen = e.newState === 'open'
    focusPending.current = isOpen
    setOpen(isOpen)
    if (isOpen) takeFocus()
  }

  useEffect(() => {
    if (!open) return
    const place = () => placeMenu(button.current, menu.current, align)
    window.addEventListener('resize', place)
    window.addEventListener('scroll', place, true)
    return () => {
      window.removeEventListener('resize', place)
      window.removeEventListener('scroll', place, true)
    }
  }, [open, align, button])

  function onButtonKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    e.preventDefault()
    focusOnOpen.current = e.key === 'ArrowUp' ? 'last' : 'first'
    menu.current?.showPopover()
  }

  function onMenuKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const m = menu.current
    if (!m) return
    const items = enabledItems(m)
    const at = items.indexOf(document.activeElement as HTMLElement)
    const move = (i: number) => {
      e.preventDefault()
      items[(i + items.length) % items.length]?.focus()
    }
    if (e.key === 'ArrowDown') move(at + 1)
    else if (e.key === 'ArrowUp') move(at < 0 ? -1 : at - 1)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(-1)
    else if (e.key === 'Tab') m.hidePopover()
    else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // First-letter jump, starting after the current item.
      const key = e.key.toLowerCase()
      const order = [...items.slice(at + 1), ...items.slice(0, at + 1)]
      const next = order.find((el) => el.textContent?.trim().toLowerCase().startsWith(key))
      if (next) move(items.indexOf(next))
    }
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        popoverTarget={id}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        aria-busy={busy || undefined}
        data-state={open ? 'open' : 'closed'}
        onKeyDown={onButtonKeyDown}
        className={triggerClassName}
      >
        {trigger}
      </button>
      <div
        ref={menu}
        id={id}
        popover="auto"
        role="menu"
        aria-label={label}
        onKeyDown={onMenuKeyDown}
        onBeforeToggle={onBeforeToggle}
        onToggle={onToggle}
        // The UA places popovers in the middle of the screen; `place()` sets top and left/right.
        className={`fixed inset-auto m-0 min-w-44 rounded-md border border-line bg-white p-1 text-ink shadow-lg ${menuClassName ?? ''}`}
      >
        {open && children}
      </div>
    </>
  )
}

/** The "⋯" button of a table row's menu. */
export const ROW_MENU_TRIGGER =
  'inline-flex h-8 w-8 items-center justify-center rounded-md text-ink-muted hover:bg-gray-100 hover:text-ink focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1 data-[state=open]:bg-gray-100'

/** The menu's items in order. Disabled ones stay reachable (aria-disabled), so their reason is read out. */
function enabledItems(menu: HTMLElement): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')]
}

/** Puts the menu under its button (or above it when there is no room below), aligned to one edge. */
function placeMenu(b: HTMLElement | null, m: HTMLElement | null, align: 'start' | 'end') {
  if (!b || !m) return
  const r = b.getBoundingClientRect()
  m.style.top = `${r.bottom + 4}px`
  if (align === 'end') {
    m.style.left = 'auto'
    m.style.right = `${Math.max(4, document.documentElement.clientWidth - r.right)}px`
  } else {
    m.style.right = 'auto'
    m.style.left = `${Math.max(4, r.left)}px`
  }
  // Not enough room below: open upwards.
  const h = m.offsetHeight
  if (r.bottom + 4 + h > window.innerHeight && r.top - 4 - h >= 0) m.style.top = `${r.top - 4 - h}px`
}

/** Focuses the open menu's first or last item; false while it has none yet (not rendered). */
function focusItem(menu: HTMLElement | null, which: 'first' | 'last'): boolean {
  if (!menu?.matches(':popover-open')) return false
  const items = enabledItems(menu)
  const item = which === 'last' ? items.at(-1) : items[0]
  item?.focus()
  return !!item
}

/** Closes the menu an element is in (its popover). */
function closeMenuOf(el: HTMLElement) {
  const popover = el.closest<HTMLElement>('[popover]')
  if (popover?.matches(':popover-open')) popover.hidePopover()
}

const itemBase =
  'block w-full cursor-pointer select-none rounded px-3 py-1.5 text-left text-sm outline-none focus:bg-brand-soft focus:ring-2 focus:ring-inset aria-disabled:cursor-not-allowed aria-disabled:text-ink-muted'
const tones = {
  default: `${itemBase} text-ink focus:text-brand focus:ring-brand hover:bg-gray-50`,
  danger: `${itemBase} text-danger focus:bg-danger-soft focus:text-danger focus:ring-danger hover:bg-danger-soft`,
}

export function MenuItem({
  onSelect,
  disabled,
  tone = 'default',
  children,
}: {
  onSelect: () => void
  disabled?: boolean
  tone?: keyof typeof tones
  children: ReactNode
}) {
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      aria-disabled={disabled || undefined}
      className={tones[tone]}
      onClick={(e) => {
        if (disabled) return
        closeMenuOf(e.currentTarget)
        onSelect()
      }}
    >
      {children}
    </button>
  )
}

export function MenuLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} role="menuitem" tabIndex={-1} className={tones.default} onClick={(e) => closeMenuOf(e.currentTarget)}>
      {children}
    </Link>
  )
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 h-px bg-line" />
}
