'use client'

import { useId, type ReactNode, type RefObject } from 'react'
import type { useFilterParam } from './use-filter-param'
import { focusRing } from '@/components/ui/focus-ring'

type Props = {
  /** The form's accessible name ("Filter members"). */
  label: string
  /** The search box's visible label ("Search members"). */
  searchLabel: string
  placeholder: string
  search: ReturnType<typeof useFilterParam>
  inputRef?: RefObject<HTMLInputElement | null>
  width?: string
  /** The other filters and buttons, after the search box. */
  children?: ReactNode
}

/** A table's search form: the debounced URL search box first (Enter applies at once), then the other filters. */
export function SearchForm({ label, searchLabel, placeholder, search, inputRef, width = 'w-64', children }: Props) {
  const id = useId()
  return (
    <form
      role="search"
      aria-label={label}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault()
        search.apply(search.value)
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-sm font-medium text-ink">
          {searchLabel}
        </label>
        <input
          ref={inputRef}
          id={id}
          type="search"
          value={search.value}
          onChange={(e) => search.onChange(e.target.value)}
          placeholder={placeholder}
          autoComplete="off"
          className={`${width} rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-ink placeholder:text-ink-faint ${focusRing}`}
        />
      </div>
      {children}
    </form>
  )
}
