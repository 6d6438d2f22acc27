'use client'

import { useId, useRef } from 'react'
import { useFilterParam, useUrlQuery } from '@/components/data-table'
import { Button } from '@/components/ui/button'

const focusRing = 'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

/**
 * The roles table's search box: the text goes to the URL (?q=, back to page 1) after a pause
 * in typing, or at once on Enter; the database searches names and descriptions.
 */
export function RolesSearch() {
  const url = useUrlQuery()
  const { params } = url
  const searchId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  // The search box: debounced into ?q=, kept as typed (components/data-table/use-filter-param).
  const search = useFilterParam('q', url)
  const urlQ = params.get('q') ?? ''

  function clear() {
    search.apply('')
    inputRef.current?.focus() // the button goes away with the search
  }

  return (
    <form
      role="search"
      aria-label="Search roles"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault()
        search.apply(search.value) // Enter applies at once
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={searchId} className="text-sm font-medium text-ink">Search roles</label>
        <input
          ref={inputRef}
          id={searchId}
          type="search"
          value={search.value}
          onChange={(e) => search.onChange(e.target.value)}
          placeholder="Name or description"
          autoComplete="off"
          className={`w-72 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-ink placeholder:text-ink-faint ${focusRing}`}
        />
      </div>
      {urlQ && <Button variant="ghost" onClick={clear} className={focusRing}>Clear search</Button>}
    </form>
  )
}
