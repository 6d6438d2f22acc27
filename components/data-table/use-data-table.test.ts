import { createElement as h } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { ReactTable } from '@tanstack/react-table'
import { createDataTableColumnHelper, type DataTableFeatures } from './columns'
import type { DataTableViewProps } from './types'
import { previousPage, toggleSort, useDataTable } from './use-data-table'

type Person = { id: string; name: string; age: number }
const rows: Person[] = [
  { id: 'p1', name: 'Ada', age: 36 },
  { id: 'p2', name: 'Alan', age: 41 },
  { id: 'p3', name: 'Grace', age: 85 },
]
const col = createDataTableColumnHelper<Person>()
const columns = col.columns([
  col.accessor('name', { header: 'Name', enableSorting: true }),
  col.accessor('age', { header: 'Age', enableSorting: true }),
  col.accessor('id', { header: 'Id' }),
  col.display({ id: 'actions', header: 'Actions' }),
])

type Table = ReactTable<DataTableFeatures, Person>
type Options = Omit<DataTableViewProps<Person>, 'label'>

/** Runs the hook in a server render and hands back the table plus every callback it made. */
function setup(overrides: Partial<Options> = {}) {
  const calls: unknown[][] = []
  const box: { table?: Table } = {}
  const opts: Options = {
    rows,
    columns,
    getRowId: (p) => p.id,
    total: 312,
    sort: 'name',
    dir: 'asc',
    page: 2,
    size: 25,
    onSort: (sort, dir) => calls.push(['sort', sort, dir]),
    onPage: (page) => calls.push(['page', page]),
    onSize: (size) => calls.push(['size', size]),
    ...overrides,
  }
  function Probe({ capture }: { capture: (t: Table) => void }) {
    capture(useDataTable(opts))
    return null
  }
  renderToString(
    h(Probe, {
      capture: (t) => {
        box.table = t
      },
    }),
  )
  if (!box.table) throw new Error('hook did not run')
  return { table: box.table, calls }
}
const column = (table: Table, id: string) => {
  const c = table.getColumn(id)
  if (!c) throw new Error(`no column ${id}`)
  return c
}

describe('useDataTable sorting', () => {
  it('sorts only the columns that opt in', () => {
    const { table } = setup()
    expect(['name', 'age', 'id', 'actions'].map((id) => column(table, id).getCanSort())).toEqual([true, true, false, false])
  })

  it('flips the sorted column and starts a new column ascending (numbers too)', () => {
    const asc = setup({ sort: 'name', dir: 'asc' })
    toggleSort(column(asc.table, 'name'))
    toggleSort(column(asc.table, 'age'))
    expect(asc.calls).toEqual([
      ['sort', 'name', 'desc'],
      ['sort', 'age', 'asc'],
    ])
    const desc = setup({ sort: 'name', dir: 'desc' })
    expect(column(desc.table, 'name').getIsSorted()).toBe('desc')
    toggleSort(column(desc.table, 'name'))
    expect(desc.calls).toEqual([['sort', 'name', 'asc']])
  })
})

describe('useDataTable paging', () => {
  it('counts pages from the total and moves by one page', () => {
    const { table, calls } = setup({ page: 2, size: 25, total: 312 })
    expect(table.getPageCount()).toBe(13)
    table.nextPage()
    previousPage(table)
    expect(calls).toEqual([
      ['page', 3],
      ['page', 1],
    ])
  })

  it('knows the ends', () => {
    expect(setup({ page: 1 }).table.getCanPreviousPage()).toBe(false)
    expect(setup({ page: 13 }).table.getCanNextPage()).toBe(false)
    expect(setup({ page: 12 }).table.getCanNextPage()).toBe(true)
    expect(setup({ total: 0, page: 1 }).table.getCanNextPage()).toBe(false)
  })

  it('goes back to the last real page from past the end', () => {
    const { table, calls } = setup({ page: 40, size: 25, total: 312 })
    previousPage(table)
    expect(calls).toEqual([['page', 13]])
  })

  it('reports a page size change as a size change only', () => {
    const { table, calls } = setup({ page: 5, size: 25 })
    table.setPageSize(50)
    expect(calls).toEqual([['size', 50]])
  })
})

describe('useDataTable selection', () => {
  function withSelection(selected: string[]) {
    const changes: string[][] = []
    const selection = {
      selected: new Set(selected),
      onChange: (next: Set<string>) => {
        changes.push([...next].sort())
      },
      rowLabel: (p: Person) => p.name,
    }
    return { ...setup({ selection }), changes }
  }

  it('reflects the selected ids', () => {
    const { table } = withSelection(['p2', 'elsewhere'])
    expect(table.getRowModel().rows.map((r) => r.getIsSelected())).toEqual([false, true, false])
    expect(table.getIsSomePageRowsSelected()).toBe(true)
    expect(table.getIsAllPageRowsSelected()).toBe(false)
  })

  it('selects and clears the page, keeping ids from other pages', () => {
    const { table, changes } = withSelection(['p2', 'elsewhere'])
    table.getToggleAllPageRowsSelectedHandler()({ target: { checked: true } })
    table.getToggleAllPageRowsSelectedHandler()({ target: { checked: false } })
    expect(changes).toEqual([['elsewhere', 'p1', 'p2', 'p3'], ['elsewhere']])
  })

  it('toggles one row', () => {
    const { table, changes } = withSelection(['p2'])
    const [p1, p2] = table.getRowModel().rows
    p1.toggleSelected()
    p2.toggleSelected()
    expect(changes).toEqual([['p1', 'p2'], []])
  })

  it('is off without a selection prop', () => {
    const { table } = setup()
    expect(table.getRowModel().rows[0].getCanSelect()).toBe(false)
  })
})
