'use client'

import { useMemo } from 'react'
import {
  functionalUpdate,
  useTable,
  type Column,
  type OnChangeFn,
  type PaginationState,
  type ReactTable,
  type RowData,
  type RowSelectionState,
  type SortingState,
} from '@tanstack/react-table'
import { dataTableFeatures, type DataTableFeatures } from './columns'
import type { DataTableCallbacks, DataTableProps } from './types'

type Options<Row extends RowData> = Omit<DataTableProps<Row>, 'label' | 'pageSizes' | 'empty'> & DataTableCallbacks

// Sorting is opt-in: a column sorts only with `enableSorting: true` (the server must know its id).
const defaultColumn = { enableSorting: false }

/**
 * A TanStack Table v9 instance whose sorting, pagination and selection state is controlled by
 * the props (the URL) with manual sorting and paging: the rows are one page, already sorted.
 * Table API calls (toggleSorting, nextPage, setPageSize, toggleSelected …) come back out as
 * onSort / onPage / onSize / selection.onChange.
 */
export function useDataTable<Row extends RowData>(opts: Options<Row>): ReactTable<DataTableFeatures, Row> {
  const { rows, columns, getRowId, total, totalExact = true, sort, dir, page, size, selection, onSort, onPage, onSize } = opts

  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort, desc: dir === 'desc' }] : []), [sort, dir])
  const pagination = useMemo<PaginationState>(() => ({ pageIndex: Math.max(page - 1, 0), pageSize: size }), [page, size])
  const selected = selection?.selected
  const rowSelection = useMemo(() => {
    const state: RowSelectionState = {}
    for (const id of selected ?? []) state[id] = true
    return state
  }, [selected])

  const onSortingChange: OnChangeFn<SortingState> = (updater) => {
    const [next] = functionalUpdate(updater, sorting)
    if (next) onSort(next.id, next.desc ? 'desc' : 'asc')
  }
  const onPaginationChange: OnChangeFn<PaginationState> = (updater) => {
    const next = functionalUpdate(updater, pagination)
    if (next.pageSize !== pagination.pageSize) onSize(next.pageSize)
    else if (next.pageIndex !== pagination.pageIndex) onPage(next.pageIndex + 1)
  }
  const onRowSelectionChange: OnChangeFn<RowSelectionState> = (updater) => {
    selection?.onChange(new Set(Object.keys(functionalUpdate(updater, rowSelection))))
  }

  return useTable({
    features: dataTableFeatures,
    columns,
    data: rows,
    getRowId,
    defaultColumn,
    state: { sorting, pagination, rowSelection },
    onSortingChange,
    onPaginationChange,
    onRowSelectionChange,
    manualSorting: true,
    manualPagination: true,
    // A total that is only a lower bound leaves the page count unknown (-1): Next stays possible.
    ...(totalExact ? { rowCount: total } : { pageCount: -1 }),
    autoResetPageIndex: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    enableRowSelection: selection !== undefined,
  })
}

/** Header click: the sorted column flips asc ↔ desc; any other column starts ascending. */
export function toggleSort<Row extends RowData>(column: Column<DataTableFeatures, Row>): void {
  column.toggleSorting(column.getIsSorted() === 'asc', false)
}

/** Previous page, landing on the last real page when the URL points past the end. */
export function previousPage<Row extends RowData>(table: ReactTable<DataTableFeatures, Row>): void {
  table.setPageIndex(Math.min(table.atoms.pagination.get().pageIndex, table.getPageCount()) - 1)
}
