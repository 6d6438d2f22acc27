'use client'

import { useId } from 'react'

const control = 'rounded-md border border-line bg-white text-sm text-ink focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'
const navButton = `${control} px-3 py-1.5 font-medium hover:bg-gray-50 disabled:cursor-not-allowed disabled:text-ink-faint disabled:hover:bg-white`

const count = new Intl.NumberFormat('en')

/** "Showing 26–50 of 312" ("of more than 10,000" for a capped count), or "No results" when the page is empty. */
export function rangeText(page: number, size: number, shown: number, total: number, exact = true): string {
  if (shown === 0 || total === 0) return 'No results'
  const first = (page - 1) * size + 1
  const of = exact ? count.format(total) : `more than ${count.format(total - 1)}`
  return `Showing ${count.format(first)}–${count.format(first + shown - 1)} of ${of}`
}

export function DataTableFooter({
  page,
  pageCount,
  size,
  pageSizes,
  shown,
  total,
  canPrevious,
  canNext,
  onFirst,
  onPrevious,
  onNext,
  onLast,
  onSize,
}: {
  page: number
  /** null when the total is only a lower bound: the page count is unknown and Last is not offered. */
  pageCount: number | null
  size: number
  pageSizes: readonly number[]
  shown: number
  total: number
  canPrevious: boolean
  canNext: boolean
  onFirst: () => void
  onPrevious: () => void
  onNext: () => void
  onLast: () => void
  onSize: (size: number) => void
}) {
  const sizeId = useId()
  const sizes = pageSizes.includes(size) ? pageSizes : [...pageSizes, size].sort((a, b) => a - b)
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3 border-t border-line px-4 py-3 text-sm text-ink-muted">
      <p aria-live="polite">{rangeText(page, size, shown, total, pageCount !== null)}</p>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
        <div className="flex items-center gap-2">
          <label htmlFor={sizeId}>Rows per page</label>
          <select id={sizeId} value={size} onChange={(e) => onSize(Number(e.target.value))} className={`${control} py-1.5 pl-2 pr-7`}>
            {sizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <nav aria-label="Pagination" className="flex items-center gap-3">
          <span>{pageCount === null ? `Page ${count.format(page)}` : `Page ${count.format(page)} of ${count.format(Math.max(pageCount, 1))}`}</span>
          <div className="flex gap-2">
            <button type="button" className={navButton} disabled={!canPrevious} onClick={onFirst} aria-label="First page">
              First
            </button>
            <button type="button" className={navButton} disabled={!canPrevious} onClick={onPrevious}>
              Previous
            </button>
            <button type="button" className={navButton} disabled={!canNext} onClick={onNext}>
              Next
            </button>
            <button type="button" className={navButton} disabled={!canNext || pageCount === null} onClick={onLast} aria-label="Last page">
              Last
            </button>
          </div>
        </nav>
      </div>
    </div>
  )
}
