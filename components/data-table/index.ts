export { DataTable, pageUpdates } from './data-table'
export { DataTableView } from './data-table-view'
export { useDataTable } from './use-data-table'
export { SearchForm } from './search-form'
export { ClearFilters, FilterSelect } from './filter-select'
export { useFilterParam } from './use-filter-param'
export { useTableFilters } from './use-table-filters'
export { PAGE_KEYS, mergeQuery, useUrlQuery, type QueryUpdates, type UrlQuery } from './use-url-query'
export {
  createDataTableColumnHelper,
  dataTableFeatures,
  type DataTableColumnMeta,
  type DataTableColumns,
  type DataTableFeatures,
  type SortDir,
} from './columns'
export type { DataTableCallbacks, DataTableProps, DataTableSelection, DataTableViewProps, PageCursors } from './types'
