'use client'

import type { ReactNode } from 'react'
import { Button } from '@/components/ui/button'
import { focusRing } from '@/components/ui/focus-ring'
import { Select } from '@/components/ui/select'

/** A filter of a table: a labelled select whose first option ("All …") turns it off (null). */
export function FilterSelect({
  label,
  value,
  onChange,
  all,
  options,
  children,
}: {
  label: string
  value: string | null | undefined
  onChange: (value: string | null) => void
  /** The option that turns the filter off, e.g. "All teams". */
  all: string
  options: readonly { value: string; label: string }[]
  /** Options before `options` (e.g. a value from the URL no longer in the list). */
  children?: ReactNode
}) {
  return (
    <Select label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{all}</option>
      {children}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  )
}

/** Shown while any filter is on; it goes away with them (the caller puts the focus back in the search box). */
export function ClearFilters({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (!filtered) return null
  return (
    <Button variant="ghost" onClick={onClear} className={focusRing}>
      Clear filters
    </Button>
  )
}
