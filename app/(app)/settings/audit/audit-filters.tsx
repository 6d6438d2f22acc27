'use client'

import { useId, useRef } from 'react'
import { ClearFilters, FilterSelect, useFilterParam, useUrlQuery } from '@/components/data-table'
import type { AuditActionOption, AuditFilterQuery } from './types'
import { exportHref } from '@/components/data-table/export-href'
import { focusRing } from '@/components/ui/focus-ring'

const input = `rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-ink placeholder:text-ink-faint ${focusRing}`

/**
 * The audit log's filters, all in the URL (useUrlQuery sends a new filter back to page 1): actor
 * and target as typed text, the action from the actions the log holds, and a range of UTC days.
 */
export function AuditFilters({ query, actions, filtered }: { query: AuditFilterQuery; actions: AuditActionOption[]; filtered: boolean }) {
  const url = useUrlQuery()
  const { params, set } = url
  const actor = useFilterParam('actor', url)
  const target = useFilterParam('target', url)
  const from = useFilterParam('from', url)
  const to = useFilterParam('to', url)
  const ids = { actor: useId(), target: useId(), from: useId(), to: useId(), dates: useId() }
  const actorRef = useRef<HTMLInputElement>(null)

  function clearFilters() {
    actor.clear()
    target.clear()
    from.clear()
    to.clear()
    set({ actor: null, action: null, target: null, from: null, to: null })
    actorRef.current?.focus() // the button goes away with the filters
  }

  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <form
        role="search"
        aria-label="Filter the audit log"
        className="flex min-w-0 flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault()
          set({ actor: actor.take() || null, target: target.take() || null }) // Enter applies at once
        }}
      >
        <div className="flex w-full min-w-0 flex-col gap-1 sm:w-auto">
          <label htmlFor={ids.actor} className="text-sm font-medium text-ink">
            Actor
          </label>
          <input
            ref={actorRef}
            id={ids.actor}
            type="search"
            value={actor.value}
            onChange={(e) => actor.onChange(e.target.value)}
            placeholder="Email contains"
            autoComplete="off"
            className={`w-full sm:w-56 ${input}`}
          />
        </div>
        <FilterSelect label="Action" all="All actions" value={query.action} onChange={(action) => set({ action })} options={actions}>
          {query.action && !actions.some((a) => a.value === query.action) && <option value={query.action}>{query.action}</option>}
        </FilterSelect>
        <div className="flex w-full min-w-0 flex-col gap-1 sm:w-auto">
          <label htmlFor={ids.target} className="text-sm font-medium text-ink">
            Target
          </label>
          <input
            id={ids.target}
            type="search"
            value={target.value}
            onChange={(e) => target.onChange(e.target.value)}
            placeholder="Id, type or text"
            autoComplete="off"
            className={`w-full sm:w-56 ${input}`}
          />
        </div>
        <div className="flex w-full min-w-0 flex-col gap-1 sm:w-auto">
          <label htmlFor={ids.from} className="text-sm font-medium text-ink">
            From
          </label>
          <input
            id={ids.from}
            type="date"
            value={from.value}
            max={to.value || undefined}
            aria-describedby={ids.dates}
            onChange={(e) => from.apply(e.target.value)}
            className={`w-full sm:w-auto ${input}`}
          />
        </div>
        <div className="flex w-full min-w-0 flex-col gap-1 sm:w-auto">
          <label htmlFor={ids.to} className="text-sm font-medium text-ink">
            To
          </label>
          <input
            id={ids.to}
            type="date"
            value={to.value}
            min={from.value || undefined}
            aria-describedby={ids.dates}
            onChange={(e) => to.apply(e.target.value)}
            className={`w-full sm:w-auto ${input}`}
          />
        </div>
        <p id={ids.dates} className="sr-only">
          Dates are UTC days and include the end day.
        </p>
        <ClearFilters filtered={filtered} onClear={clearFilters} />
      </form>
      <a
        href={exportHref('/settings/audit/export', params)}
        download
        className={`inline-flex items-center rounded-md border border-line bg-white px-3.5 py-2 text-sm font-medium text-ink hover:bg-gray-50 ${focusRing}`}
      >
        Export CSV
      </a>
    </div>
  )
}
