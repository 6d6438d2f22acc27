'use client'

import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useCallback, useTransition } from 'react'

export type QueryUpdates = Record<string, string | null>

/** The URL keys that say which page is shown: its number and keyset cursors (lib/db/paging.ts). */
export const PAGE_KEYS = ['page', 'after', 'before'] as const

/**
 * Merges `updates` into a copy of `current` and returns the query string (without '?').
 * A null or '' value deletes the key. With `resetPage`, `page` and its cursors are deleted
 * unless the updates set the page themselves, so a new sort, filter or page size starts again on
 * page 1.
 */
export function mergeQuery(current: URLSearchParams, updates: QueryUpdates, resetPage: boolean): string {
  const next = new URLSearchParams(current)
  if (resetPage && !('page' in updates)) for (const key of PAGE_KEYS) next.delete(key)
  for (const [key, value] of Object.entries(updates)) {
    if (value === null || value === '') next.delete(key)
    else next.set(key, value)
  }
  return next.toString()
}

export type UrlQuery = {
  /** The current search params (read-only: change them with `set`). */
  params: URLSearchParams
  /** Merges updates into the URL with router.replace; resetPage defaults to true unless the updates set `page`. */
  set: (updates: QueryUpdates, opts?: { resetPage?: boolean }) => void
  /** True while the navigation started by `set` (and the server render it triggers) is in flight. */
  pending: boolean
}

/** Table state (sort, page, filters) kept in the URL so a view can be shared as a link. */
export function useUrlQuery(): UrlQuery {
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const [pending, startTransition] = useTransition()

  const set = useCallback(
    (updates: QueryUpdates, opts?: { resetPage?: boolean }) => {
      const resetPage = opts?.resetPage ?? !('page' in updates)
      const qs = mergeQuery(params, updates, resetPage)
      startTransition(() => {
        router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false })
      })
    },
    [params, pathname, router],
  )

  return { params, set, pending }
}
