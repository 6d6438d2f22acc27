import {
  createColumnHelper,
  metaHelper,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnHelper,
  type RowData,
  type TableOptions,
} from '@tanstack/react-table'

/** Per-column presentation hints, typed through v9's `columnMeta` slot (no global declaration merging). */
export type DataTableColumnMeta = {
  /** Classes added to both the <th> and every <td> of the column, e.g. 'text-right w-24'. */
  className?: string
}

/**
 * The one feature set every DataTable uses. Sorting, pagination and selection are state only:
 * no sorted/paginated row models are registered because the database does that work
 * (the table runs with manualSorting / manualPagination).
 */
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
})

export type DataTableFeatures = typeof dataTableFeatures

/** Column definitions accepted by <DataTable>; build them with createDataTableColumnHelper. */
export type DataTableColumns<Row extends RowData> = TableOptions<DataTableFeatures, Row>['columns']

/** `createColumnHelper` bound to the DataTable feature set. Call it once at module scope. */
export function createDataTableColumnHelper<Row extends RowData>(): ColumnHelper<DataTableFeatures, Row> {
  return createColumnHelper<DataTableFeatures, Row>()
}

export type SortDir = 'asc' | 'desc'
