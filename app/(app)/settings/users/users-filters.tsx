'use client'

import { useEffect, useId, useRef, useState } from 'react'
import { useUrlQuery } from '@/components/data-table'
import { Button } from '@/components/ui/button'
import { Select } from '@/components/ui/select'
import type { Picker, UsersQuery } from './users-table'

const DEBOUNCE_MS = 300
const focusRing = 'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

/**
 * The members table's search box and filters. Everything lives in the URL (useUrlQuery, which
 * also sends a filtered view back to page 1); the database does the filtering.
 */
export function UsersFilters({ query, templates, exportHref }: { query: UsersQuery; templates: Picker[]; exportHref: string }) {
  const { params, set } = useUrlQuery()
  const searchId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // The debounced call must use the newest `set` (a filter may have changed the URL meanwhile).
  const latestSet = useRef(set)
  useEffect(() => {
    latestSet.current = set
  }, [set])
  useEffect(() => () => clearTimeout(timer.current), [])

  // The box keeps what is typed; it follows the URL only when something else changed `q`
  // (a "Clear filters" link), not when the URL catches up with an earlier keystroke.
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

  function clearFilters() {
    clearTimeout(timer.current)
    setValue('')
    setSentQ('')
    set({ q: null, role: null, status: null, template: null })
    inputRef.current?.focus() // the button goes away with the filters
  }

  const filtered = Boolean(urlQ || query.role || query.status || query.template)

  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <form
        role="search"
        aria-label="Filter members"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault()
          applySearch(value) // Enter applies at once
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={searchId} className="text-sm font-medium text-ink">Search members</label>
          <input
            ref={inputRef}
            id={searchId}
            type="search"
            value={value}
            onChange={(e) => onType(e.target.value)}
            placeholder="Email or name"
            autoComplete="off"
            className={`w-64 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-ink placeholder:text-ink-faint ${focusRing}`}
          />
        </div>
        <Select label="Role" value={query.role ?? ''} onChange={(e) => set({ role: e.target.value || null })}>
          <option value="">All roles</option>
          <option value="OWNER">Owner</option>
          <option value="ADMIN">Admin</option>
          <option value="MEMBER">Member</option>
        </Select>
        <Select label="Status" value={query.status ?? ''} onChange={(e) => set({ status: e.target.value || null })}>
          <option value="">All statuses</option>
          <option value="INVITED">Invited</option>
          <option value="ACTIVE">Active</option>
          <option value="SUSPENDED">Suspended</option>
        </Select>
        <Select label="Role template" value={query.template ?? ''} onChange={(e) => set({ template: e.target.value || null })}>
          <option value="">All templates</option>
          <option value="none">No template</option>
          {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </Select>
        {filtered && <Button variant="ghost" onClick={clearFilters} className={focusRing}>Clear filters</Button>}
      </form>
      <a
        href={exportHref}
        download
        className={`inline-flex items-center rounded-md border border-line bg-white px-3.5 py-2 text-sm font-medium text-ink hover:bg-gray-50 ${focusRing}`}
      >
        Export CSV
      </a>
    </div>
  )
}
