'use client'

import { useEffect, useId, useRef, useState } from 'react'
import { useUrlQuery } from '@/components/data-table'
import { Button } from '@/components/ui/button'
import { Select } from '@/components/ui/select'
import type { OwnerOption, TeamOption } from './assignment-selects'
import type { ContactsQuery } from './contacts-table'

const DEBOUNCE_MS = 300
const focusRing = 'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

/**
 * Search (debounced) and the owner and team filters. Everything lives in the URL (useUrlQuery,
 * which also sends a filtered view back to page 1); the database does the filtering, inside the
 * member's scopes.
 */
export function ContactsFilters({ query, owners, teams, selfId }: { query: ContactsQuery; owners: OwnerOption[]; teams: TeamOption[]; selfId: string }) {
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

  // The box keeps what is typed; it follows the URL only when something else changed `q`.
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
    set({ q: null, owner: null, team: null })
    inputRef.current?.focus() // the button goes away with the filters
  }

  const filtered = Boolean(urlQ || query.owner || query.team)

  return (
    <form
      role="search"
      aria-label="Filter contacts"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault()
        applySearch(value) // Enter applies at once
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={searchId} className="text-sm font-medium text-ink">Search contacts</label>
        <input
          ref={inputRef}
          id={searchId}
          type="search"
          value={value}
          onChange={(e) => onType(e.target.value)}
          placeholder="Name or email"
          autoComplete="off"
          className={`w-64 rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-ink placeholder:text-ink-faint ${focusRing}`}
        />
      </div>
      <Select label="Owner" value={query.owner ?? ''} onChange={(e) => set({ owner: e.target.value || null })}>
        <option value="">All owners</option>
        <option value="me">Me</option>
        <option value="none">Unassigned</option>
        {owners.filter((o) => o.id !== selfId).map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
      </Select>
      <Select label="Team" value={query.team ?? ''} onChange={(e) => set({ team: e.target.value || null })}>
        <option value="">All teams</option>
        <option value="none">No team</option>
        {teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
      </Select>
      {filtered && <Button variant="ghost" onClick={clearFilters} className={focusRing}>Clear filters</Button>}
    </form>
  )
}
