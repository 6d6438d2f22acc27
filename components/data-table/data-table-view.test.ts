import { createElement as h } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { createDataTableColumnHelper } from './columns'
import { rangeText } from './data-table-footer'
import { DataTableView } from './data-table-view'
import type { DataTableViewProps } from './types'

type Person = { id: string; name: string; email: string }
const rows: Person[] = [
  { id: 'p1', name: 'Ada Lovelace', email: 'ada@example.com' },
  { id: 'p2', name: 'Alan Turing', email: 'alan@example.com' },
  { id: 'p3', name: 'Grace Hopper', email: 'grace@example.com' },
]
const col = createDataTableColumnHelper<Person>()
const columns = col.columns([
  col.accessor('name', {
    header: 'Name',
    enableSorting: true,
    cell: ({ row, getValue }) => h('a', { href: `/people/${row.original.id}` }, getValue()),
  }),
  col.accessor('email', { header: 'Email', enableSorting: true, meta: { className: 'whitespace-nowrap' } }),
  col.display({ id: 'actions', header: 'Actions', cell: () => h('button', { type: 'button' }, 'Edit') }),
])

const noop = () => {}
function render(overrides: Partial<DataTableViewProps<Person>> = {}) {
  const props: DataTableViewProps<Person> = {
    label: 'People',
    rows,
    columns,
    getRowId: (p) => p.id,
    total: 3,
    sort: 'name',
    dir: 'asc',
    page: 1,
    size: 25,
    onSort: noop,
    onPage: noop,
    onSize: noop,
    ...overrides,
  }
  return renderToString(h(DataTableView<Person>, props))
}
const count = (html: string, needle: string) => html.split(needle).length - 1

describe('DataTableView (server render, TanStack Table v9)', () => {
  it('renders sortable headers as buttons with aria-sort, cells and the range text', () => {
    const html = render()
    expect(html).toContain('aria-label="People"')
    expect(count(html, 'scope="col"')).toBe(3)
    expect(html).toMatch(/<th[^>]*aria-sort="ascending"[^>]*><button type="button"[^>]*>Name<span aria-hidden="true"[^>]*>▲<\/span><\/button><\/th>/)
    expect(html).toMatch(/<th[^>]*aria-sort="none"[^>]*><button type="button"[^>]*>Email/)
    expect(html).toMatch(/<th scope="col" colSpan="1" class="[^"]*">Actions<\/th>/) // no aria-sort, no button
    expect(count(html, '<tbody')).toBe(1)
    expect(count(html, '<button type="button">Edit</button>')).toBe(3)
    expect(html).toContain('<a href="/people/p2">Alan Turing</a>')
    expect(html).toContain('class="px-4 py-2 whitespace-nowrap">grace@example.com</td>')
    expect(html).toContain('Showing 1–3 of 3')
    expect(html).toContain('Page 1 of 1')
    expect(html).not.toContain('aria-busy')
  })

  it('marks a descending sort', () => {
    const html = render({ sort: 'email', dir: 'desc' })
    expect(html).toMatch(/aria-sort="descending"[^>]*><button[^>]*>Email<span aria-hidden="true"[^>]*>▼/)
    expect(html).toMatch(/aria-sort="none"[^>]*><button[^>]*>Name/)
  })

  it('renders selection checkboxes with accessible names and checked state', () => {
    const html = render({ selection: { selected: new Set(['p2']), onChange: noop, rowLabel: (p) => p.name } })
    expect(html).toContain('aria-label="Select all on this page"')
    expect(html).toMatch(/<input type="checkbox" aria-label="Select Ada Lovelace"(?![^>]*checked)[^>]*>/)
    expect(html).toMatch(/<input type="checkbox" aria-label="Select Alan Turing"[^>]*checked=""[^>]*>/)
    expect(html).toContain('aria-label="Select Grace Hopper"')
    expect(html).toContain('data-state="selected"')
    expect(count(html, 'scope="col"')).toBe(4)
  })

  it('pages: footer text and disabled ends', () => {
    const html = render({ page: 2, size: 25, total: 312 })
    expect(html).toContain('Showing 26–28 of 312') // 3 rows on this page
    expect(html).toContain('Page 2 of 13')
    expect(html).toMatch(/<button type="button" class="[^"]*">Previous<\/button>/)
    const first = render({ page: 1, total: 312 })
    expect(first).toMatch(/<button type="button" class="[^"]*" disabled="">Previous<\/button>/)
    expect(first).toMatch(/<button type="button" class="[^"]*">Next<\/button>/)
    expect(first).toMatch(/<button type="button" class="[^"]*" disabled="" aria-label="First page">First<\/button>/)
    expect(first).toMatch(/<button type="button" class="[^"]*" aria-label="Last page">Last<\/button>/)
    const last = render({ page: 13, size: 25, total: 312 })
    expect(last).toMatch(/<button type="button" class="[^"]*" disabled="">Next<\/button>/)
    expect(last).toMatch(/<button type="button" class="[^"]*" disabled="" aria-label="Last page">Last<\/button>/)
  })

  it('pages a capped total: "more than", no page count, Next while pages are full, no Last', () => {
    const full = render({ page: 300, size: 3, total: 10_001, totalExact: false })
    expect(full).toContain('Showing 898–900 of more than 10,000')
    expect(full).toContain('Page 300<')
    expect(full).not.toContain('Page 300 of')
    expect(full).toMatch(/<button type="button" class="[^"]*">Next<\/button>/)
    expect(full).toMatch(/<button type="button" class="[^"]*" disabled="" aria-label="Last page">Last<\/button>/)
    const short = render({ rows: rows.slice(0, 2), page: 301, size: 3, total: 10_001, totalExact: false })
    expect(short).toMatch(/<button type="button" class="[^"]*" disabled="">Next<\/button>/)
  })

  it('renders a labelled page-size select holding the current size', () => {
    const html = render({ size: 30, pageSizes: [10, 50] })
    expect(html).toMatch(/<label for="([^"]+)">Rows per page<\/label><select id="\1"/)
    expect(html).toContain('<option value="30" selected="">30</option>')
    expect(html.indexOf('value="10"')).toBeLessThan(html.indexOf('value="30"'))
  })

  it('shows the empty state and "No results", and aria-busy while pending', () => {
    const html = render({ rows: [], total: 0, empty: 'Nobody here.', pending: true })
    expect(html).toContain('colSpan="3"')
    expect(html).toContain('Nobody here.')
    expect(html).toContain('No results')
    expect(html).toContain('aria-busy="true"')
    expect(html).toContain('opacity-60')
  })
})

describe('rangeText', () => {
  it('formats the visible range', () => {
    expect(rangeText(2, 25, 25, 312)).toBe('Showing 26–50 of 312')
    expect(rangeText(13, 25, 12, 312)).toBe('Showing 301–312 of 312')
    expect(rangeText(1, 25, 0, 0)).toBe('No results')
    expect(rangeText(1000, 1, 1, 1200)).toBe('Showing 1,000–1,000 of 1,200')
  })
})
