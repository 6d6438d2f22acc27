import type { ReactNode } from 'react'
import type { RowData } from '@tanstack/react-table'
import type { DataTableColumns, SortDir } from './columns'

export type DataTableSelection<Row> = {
  selected: ReadonlySet<string>
  onChange: (next: Set<string>) => void
  /** Names the row for its checkbox: aria-label "Select {rowLabel(row)}". */
  rowLabel: (row: Row) => string
}

export type PageCursors = { prev: string | null; next: string | null }

/** What the page passes in: the rows of one page plus the URL state the server parsed. */
export type DataTableProps<Row extends RowData> = {
  /** Accessible name of the <table>. */
  label: string
  rows: Row[]
  columns: DataTableColumns<Row>
  getRowId: (row: Row) => string
  /** Rows matching the filters, across all pages. */
  total: number
  /**
   * False when `total` is only a lower bound (a capped count): the footer says "more than", Next
   * follows while pages are full, and Last is not offered (its page number is unknown).
   */
  totalExact?: boolean
  /** Id of the sorted column ('' for none) and its direction. */
  sort: string
  dir: SortDir
  /** 1-based page number and rows per page. */
  page: number
  size: number
  /**
   * Cursors of this page's first and last rows, for a list the server pages by keyset: Previous
   * and Next then carry them in the URL (`before` / `after`), and Last asks for `before=end`.
   */
  cursors?: PageCursors
  /** Choices of the "Rows per page" select; defaults to 10, 25, 50, 100. */
  pageSizes?: number[]
  selection?: DataTableSelection<Row>
  /** Shown in the body when there are no rows; defaults to "No results." */
  empty?: ReactNode
}

/** URL changes requested by the table; DataTable wires them to useUrlQuery. */
export type DataTableCallbacks = {
  /** A new sort always starts on page 1. */
  onSort: (sort: string, dir: SortDir) => void
  onPage: (page: number) => void
  /** A new page size always starts on page 1. */
  onSize: (size: number) => void
}

/** The table without the router: for tests, stories, or state kept somewhere other than the URL. */
export type DataTableViewProps<Row extends RowData> = DataTableProps<Row> & DataTableCallbacks & { pending?: boolean }
