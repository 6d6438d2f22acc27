'use client'

import { SearchForm, useTableFilters } from '@/components/data-table'
import { Button } from '@/components/ui/button'
import { Select } from '@/components/ui/select'
import type { Picker, UsersQuery } from './types'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * The members table's search box and filters. Everything lives in the URL (useUrlQuery, which
 * also sends a filtered view back to page 1); the database does the filtering.
 */
export function UsersFilters({ query, templates, exportHref }: { query: UsersQuery; templates: Picker[]; exportHref: string }) {
  const { set, search, inputRef, filtered, clear: clearFilters } = useTableFilters(['role', 'status', 'template'])

  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <SearchForm label="Filter members" searchLabel="Search members" placeholder="Email or name" search={search} inputRef={inputRef}>
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
          {templates.map((t) => (
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
