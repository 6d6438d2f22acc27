'use client'

import { ClearFilters, FilterSelect, SearchForm, useTableFilters } from '@/components/data-table'
import { SIGN_IN_STALE_DAYS } from '@/lib/validation/members-constants'
import type { Picker, UsersQuery } from './types'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * The members table's search box and filters. Everything lives in the URL (useUrlQuery, which
 * also sends a filtered view back to page 1); the database does the filtering.
 */
export function UsersFilters({ query, templates, exportHref }: { query: UsersQuery; templates: Picker[]; exportHref: string }) {
  const { set, search, inputRef, filtered, clear: clearFilters } = useTableFilters(['role', 'status', 'template', 'signin', 'twofactor'])

  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <SearchForm label="Filter members" searchLabel="Search members" placeholder="Email or name" search={search} inputRef={inputRef}>
        <FilterSelect
          label="Role"
          all="All roles"
          value={query.role}
          onChange={(role) => set({ role })}
          options={[
            { value: 'OWNER', label: 'Owner' },
            { value: 'ADMIN', label: 'Admin' },
            { value: 'MEMBER', label: 'Member' },
          ]}
        />
        <FilterSelect
          label="Status"
          all="All statuses"
          value={query.status}
          onChange={(status) => set({ status })}
          options={[
            { value: 'INVITED', label: 'Invited' },
            { value: 'ACTIVE', label: 'Active' },
            { value: 'SUSPENDED', label: 'Suspended' },
          ]}
        />
        <FilterSelect
          label="Role template"
          all="All templates"
          value={query.template}
          onChange={(template) => set({ template })}
          options={[{ value: 'none', label: 'No template' }, ...templates.map((t) => ({ value: t.id, label: t.name }))]}
        />
        <FilterSelect
          label="Last sign-in"
          all="Any time"
          value={query.signin}
          onChange={(signin) => set({ signin })}
          options={[
            { value: 'never', label: 'Never signed in' },
            { value: 'stale', label: `Not in ${SIGN_IN_STALE_DAYS} days` },
          ]}
        />
        <FilterSelect
          label="Two-factor"
          all="With or without"
          value={query.twofactor}
          onChange={(twofactor) => set({ twofactor })}
          options={[
            { value: 'on', label: 'Uses two-factor' },
            { value: 'off', label: 'No two-factor' },
          ]}
        />
        <ClearFilters filtered={filtered} onClear={clearFilters} />
      </SearchForm>
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
