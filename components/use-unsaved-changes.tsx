'use client'

import { useEffect, useLayoutEffect, useRef } from 'react'

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
 *
 * The listeners stay attached while the form is mounted and read whether it is dirty when the
 * event comes (set in a layout effect, so as soon as the render that changed it commits): a
 * click right after an edit is put back must not meet the listener of the dirty render that a
 * passive effect has not yet taken away. Returns `dirty`, for the form to show it (UnsavedNote).
 */
export function useUnsavedChanges(dirty: boolean): boolean {
  const current = useRef(dirty)
  useLayoutEffect(() => {
    current.current = dirty
  }, [dirty])
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!current.current) return
      e.preventDefault()
      e.returnValue = ''
    }
    const onClick = (e: MouseEvent) => {
      if (!current.current || !linkDestination(e)) return
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
  }, [])
  return dirty
}

/** Beside a form's buttons: says the form holds edits not saved (a live region, so it is also heard). */
export function UnsavedNote({ dirty }: { dirty: boolean }) {
  return (
    <span role="status" className="self-center text-sm text-ink-muted">
      {dirty ? 'Unsaved changes' : ''}
    </span>
  )
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
