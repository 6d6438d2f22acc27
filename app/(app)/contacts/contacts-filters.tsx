'use client'

import { SearchForm, useTableFilters } from '@/components/data-table'
import { Button } from '@/components/ui/button'
import { Select } from '@/components/ui/select'
import type { OwnerOption, TeamOption } from './assignment-selects'
import type { ContactsQuery } from './types'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * Search (debounced) and the owner and team filters. Everything lives in the URL (useUrlQuery,
 * which also sends a filtered view back to page 1); the database does the filtering, inside the
 * member's scopes.
 */
export function ContactsFilters({ query, owners, teams, selfId }: { query: ContactsQuery; owners: OwnerOption[]; teams: TeamOption[]; selfId: string }) {
  const { set, search, inputRef, filtered, clear: clearFilters } = useTableFilters(['owner', 'team'])

  return (
    <SearchForm label="Filter contacts" searchLabel="Search contacts" placeholder="Name or email" search={search} inputRef={inputRef}>
      <Select label="Owner" value={query.owner ?? ''} onChange={(e) => set({ owner: e.target.value || null })}>
        <option value="">All owners</option>
        <option value="me">Me</option>
        <option value="none">Unassigned</option>
        {owners
          .filter((o) => o.id !== selfId)
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
      </Select>
      <Select label="Team" value={query.team ?? ''} onChange={(e) => set({ team: e.target.value || null })}>
        <option value="">All teams</option>
        <option value="none">No team</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </Select>
      {filtered && (
        <Button variant="ghost" onClick={clearFilters} className={focusRing}>
          Clear filters
        </Button>
      )}
    </SearchForm>
  )
}
