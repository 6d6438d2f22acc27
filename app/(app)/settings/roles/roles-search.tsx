'use client'

import { useRef } from 'react'
import { SearchForm, useFilterParam, useUrlQuery } from '@/components/data-table'
import { Button } from '@/components/ui/button'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * The roles table's search box: the text goes to the URL (?q=, back to page 1) after a pause
 * in typing, or at once on Enter; the database searches names and descriptions.
 */
export function RolesSearch() {
  const url = useUrlQuery()
  const { params } = url
  const inputRef = useRef<HTMLInputElement>(null)
  // The search box: debounced into ?q=, kept as typed (components/data-table/use-filter-param).
  const search = useFilterParam('q', url)
  const urlQ = params.get('q') ?? ''

  function clear() {
    search.apply('')
    inputRef.current?.focus() // the button goes away with the search
  }

  return (
    <SearchForm
      label="Search role templates"
      searchLabel="Search role templates"
      placeholder="Name or description"
      search={search}
      inputRef={inputRef}
      width="w-72"
    >
      {urlQ && (
        <Button variant="ghost" onClick={clear} className={focusRing}>
          Clear search
        </Button>
      )}
    </SearchForm>
  )
}
