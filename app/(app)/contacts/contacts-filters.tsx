'use client'

import { ClearFilters, FilterSelect, SearchForm, useTableFilters } from '@/components/data-table'
import type { OwnerOption, TeamOption } from './assignment-selects'
import type { ContactsQuery } from './types'

/**
 * Search (debounced) and the owner and team filters. Everything lives in the URL (useUrlQuery,
 * which also sends a filtered view back to page 1); the database does the filtering, inside the
 * member's scopes.
 */
export function ContactsFilters({ query, owners, teams, selfId }: { query: ContactsQuery; owners: OwnerOption[]; teams: TeamOption[]; selfId: string }) {
  const { set, search, inputRef, filtered, clear: clearFilters } = useTableFilters(['owner', 'team'])

  return (
    <SearchForm label="Filter contacts" searchLabel="Search contacts" placeholder="Name or email" search={search} inputRef={inputRef}>
      <FilterSelect
        label="Owner"
        all="All owners"
        value={query.owner}
        onChange={(owner) => set({ owner })}
        options={[
          { value: 'me', label: 'Me' },
          { value: 'none', label: 'Unassigned' },
          ...owners.filter((o) => o.id !== selfId).map((o) => ({ value: o.id, label: o.label })),
        ]}
      />
      <FilterSelect
        label="Team"
        all="All teams"
        value={query.team}
        onChange={(team) => set({ team })}
        options={[{ value: 'none', label: 'No team' }, ...teams.map((t) => ({ value: t.id, label: t.name }))]}
      />
      <ClearFilters filtered={filtered} onClear={clearFilters} />
    </SearchForm>
  )
}
