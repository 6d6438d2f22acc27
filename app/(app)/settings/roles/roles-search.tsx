'use client'

import { useEffect, useId, useRef, useState } from 'react'
import { useUrlQuery } from '@/components/data-table'
import { Button } from '@/components/ui/button'

const DEBOUNCE_MS = 300
const focusRing = 'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

/**
 * The roles table's search box: the text goes to the URL (?q=, back to page 1) after a pause
 * in typing, or at once on Enter; the database searches names and descriptions.
 */
export function RolesSearch() {
  const { params, set } = useUrlQuery()
  const searchId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // The debounced call must use the newest `set` (the URL may have changed meanwhile).
  const latestSet = useRef(set)
  useEffect(() => {
    latestSet.current = set
  }, [set])
  useEffect(() => () => clearTimeout(timer.current), [])

  // The box keeps what is typed; it follows the URL only when something else changed `q`
  // (a "Clear search" link, back/forward), not when the URL catches up with a keystroke.
  const urlQ = params.get('q') ?? ''
  const [value, setValue] = useState(urlQ)
  const [seenQ, setSeenQ] = useState(urlQ)
  const [sentQ, setSentQ] = useState(urlQ)
  if (urlQ !== seenQ) {
    setSeenQ(urlQ)
    if (urlQ !== sentQ) {
      setValue(urlQ)
      setSentQ(urlQ)
    }
  }

  function applySearch(typed: string) {
    clearTimeout(timer.current)
    const q = typed.trim() ? typed : ''
    setSentQ(q)
    latestSet.current({ q: q || null })
  }

  function onType(typed: string) {
    setValue(typed)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => applySearch(typed), DEBOUNCE_MS)
  }

  function clear() {
    setValue('')
    applySearch('')
    inputRef.current?.focus() // the button goes away with the search
  }

  return (
    <form
      role="search"
      aria-label="Search roles"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault()
        applySearch(value) // Enter applies at once
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={searchId} className="text-sm font-medium text-ink">Search roles</label>
        <input
          ref={inputRef}
          id={searchId}
          type="search"
          value={value}
          onChange={(e) => onType(e.target.value)}
          placeholder="Name or description"
          autoComplete="off"
          className={`w-72 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-ink placeholder:text-ink-faint ${focusRing}`}
        />
      </div>
      {urlQ && <Button variant="ghost" onClick={clear} className={focusRing}>Clear search</Button>}
    </form>
  )
}
