'use client'

import type { RowData } from '@tanstack/react-table'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { DataTableFooter } from './data-table-footer'
import { SelectCheckbox } from './select-checkbox'
import type { DataTableViewProps } from './types'
import { previousPage, toggleSort, useDataTable } from './use-data-table'

const DEFAULT_PAGE_SIZES = [10, 25, 50, 100]
const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'
const ariaSort = { asc: 'ascending', desc: 'descending' } as const

/** The markup of DataTable; URL changes leave through onSort / onPage / onSize. */
export function DataTableView<Row extends RowData>(props: DataTableViewProps<Row>) {
  const { label, selection, empty, page, size, total, totalExact = true, pageSizes = DEFAULT_PAGE_SIZES, pending = false } = props
  const table = useDataTable(props)

  const headerGroups = table.getHeaderGroups()
  const pageRows = table.getRowModel().rows
  const columnCount = table.getAllLeafColumns().length + (selection ? 1 : 0)

  return (
    <div className="rounded-lg border border-line bg-white">
      <ScrollRegion label={`${label}, scrolling sideways`}>
        <table aria-label={label} aria-busy={pending || undefined} className={`w-full text-left text-sm transition-opacity ${pending ? 'opacity-60' : ''}`}>
          <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
            {headerGroups.map((group, groupIndex) => (
              <tr key={group.id}>
                {selection && groupIndex === 0 && (
                  <th scope="col" rowSpan={headerGroups.length} className="w-10 px-4 py-2">
                    <SelectCheckbox
                      label="Select all on this page"
                      checked={table.getIsAllPageRowsSelected()}
                      indeterminate={table.getIsSomePageRowsSelected()}
                      disabled={pageRows.length === 0}
                      onChange={table.getToggleAllPageRowsSelectedHandler()}
                    />
                  </th>
                )}
                {group.headers.map((header) => {
                  const column = header.column
                  const canSort = column.getCanSort() && !header.isPlaceholder
                  const sorted = column.getIsSorted()
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      colSpan={header.colSpan}
                      aria-sort={canSort ? (sorted ? ariaSort[sorted] : 'none') : undefined}
                      className={`px-4 py-2 font-medium ${column.columnDef.meta?.className ?? ''}`}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          onClick={() => toggleSort(column)}
                          className={`group -mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-ink ${focusRing}`}
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden="true" className={sorted ? 'text-ink' : 'text-transparent group-hover:text-ink-faint'}>
                            {sorted === 'desc' ? '▼' : '▲'}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  )
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-line">
            {pageRows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="px-4 py-10 text-center text-ink-muted">
                  {empty ?? 'No results.'}
                </td>
              </tr>
            ) : (
              pageRows.map((row) => {
                const isSelected = row.getIsSelected()
                return (
                  <tr key={row.id} data-state={isSelected ? 'selected' : undefined} className={isSelected ? 'bg-brand-soft' : 'hover:bg-gray-50'}>
                    {selection && (
                      <td className="w-10 px-4 py-2">
                        <SelectCheckbox label={`Select ${selection.rowLabel(row.original)}`} checked={isSelected} onChange={row.getToggleSelectedHandler()} />
                      </td>
                    )}
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id} className={`px-4 py-2 ${cell.column.columnDef.meta?.className ?? ''}`}>
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                )
              })
            )}
          </tbody>
        </table>
      </ScrollRegion>
      <DataTableFooter
        page={page}
        pageCount={totalExact ? table.getPageCount() : null}
        size={size}
        pageSizes={pageSizes}
        shown={pageRows.length}
        total={total}
        canPrevious={table.getCanPreviousPage()}
        canNext={totalExact ? table.getCanNextPage() : pageRows.length === size}
        onFirst={() => table.setPageIndex(0)}
        onPrevious={() => previousPage(table)}
        onNext={() => table.nextPage()}
        onLast={() => table.setPageIndex(table.getPageCount() - 1)}
        onSize={(n) => table.setPageSize(n)}
      />
    </div>
  )
}
