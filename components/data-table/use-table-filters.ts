'use client'

import { useRef } from 'react'
import { useFilterParam } from './use-filter-param'
import { useUrlQuery } from './use-url-query'

/**
 * A table's search box (?q=, debounced) and its other filters, all in the URL: `set` changes a
 * filter, `filtered` says whether any is on, `clear()` turns them all off and puts the focus back
 * in the search box (the Clear button goes away with the filters).
 */
export function useTableFilters(names: readonly string[]) {
  const url = useUrlQuery()
  const inputRef = useRef<HTMLInputElement>(null)
  const search = useFilterParam('q', url)
  const filtered = ['q', ...names].some((n) => !!url.params.get(n))
  function clear() {
    search.clear()
    url.set(Object.fromEntries(['q', ...names].map((n) => [n, null])))
    inputRef.current?.focus()
  }
  return { set: url.set, search, inputRef, filtered, clear }
}
