'use client'

import { useEffect } from 'react'

export const UNSAVED_MESSAGE = 'You have unsaved changes. Leave this page and lose them?'

/** Where a click on a link would take the browser, or null when it stays on this page or leaves it in another tab. */
export function linkDestination(e: MouseEvent): URL | null {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return null
  const a = (e.target as Element | null)?.closest?.('a[href]')
  if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== '_self') || a.hasAttribute('download')) return null
  const url = new URL(a.href, window.location.href)
  const here = new URL(window.location.href)
  if (url.origin === here.origin && url.pathname === here.pathname && url.search === here.search) return null
  return url
}

/**
 * While `dirty`, leaving the page asks first: a link (the menu, Cancel, a breadcrumb) asks with
 * the browser's confirm, and closing or reloading the tab with the browser's own prompt. The
 * click is stopped on the window in the capture phase, before Next's Link sees it, so "Stay"
 * leaves the page and the form as they were. (The browser's Back button is not asked about:
 * the App Router gives no way to hold a history navigation.)
 */
export function useUnsavedChanges(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ''
    }
    const onClick = (e: MouseEvent) => {
      if (!linkDestination(e)) return
      if (window.confirm(UNSAVED_MESSAGE)) return
      e.preventDefault()
      e.stopImmediatePropagation()
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    window.addEventListener('click', onClick, true)
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      window.removeEventListener('click', onClick, true)
    }
  }, [dirty])
}

const normal = (v: unknown): unknown =>
  v === null || v === undefined || v === '' ? '' : Array.isArray(v) ? [...v].map(String).sort().join('\n') : typeof v === 'string' ? v : JSON.stringify(v)

/**
 * Whether a form's values differ from what it loaded, field by field: empty, null and missing
 * are the same, and a list is compared as a set. (Compared explicitly from watched values rather
 * than react-hook-form's isDirty, whose proxy the compiler's memoization can leave stale.)
 */
export function differs(current: Record<string, unknown>, loaded: Record<string, unknown>): boolean {
  return Object.keys(loaded).some((k) => normal(current[k]) !== normal(loaded[k]))
}
