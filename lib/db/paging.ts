import { Prisma } from './generated/client'

/** The page to show: a shared link to a page that no longer exists shows the last one. */
export function pageWithin(page: number, total: number, size: number): number {
  return Math.min(page, Math.max(1, Math.ceil(total / size)))
}

// ─── Keyset (cursor) paging ──────────────────────────────────────────────────────────────────
//
// A list sorted by one column with the row id breaking ties pages by position, not by count:
// "the 25 rows after (value, id)" is read from an index on (tenant, column, id) starting at that
// entry, so page 4,000 costs what page 2 costs. OFFSET would read and throw away every row before
// the page. The table's Previous / Next / First / Last carry a cursor in the URL (`after`,
// `before`, or `before=end` for the last page); a page number without a cursor (a link typed by
// hand) still works through OFFSET.
//
// Nullable columns: PostgreSQL puts NULLs last ascending and first descending unless told
// otherwise, and a row comparison never matches NULL. So "the rows after a position" is written
// as at most two branches, each an index range in index order (the non-null values after the
// cursor, and the NULL rows in id order), each cut at the page size, and the page is the first
// rows of their union: never more than twice the page size is sorted.

/** Where a page starts: the start or end of the list, or after / before a row's (value, id). */
export type Position = { at: 'start' } | { at: 'end' } | { at: 'after' | 'before'; value: string | null; id: string }

/** One sort of a list: the column, the SQL type its cursor value is cast to, direction, nulls. */
export type KeysetSort = {
  /** The column as selected (an unqualified, quoted name), also its name in the branch queries. */
  column: string
  /** SQL type of the cursor value: text, timestamp(3), an enum's quoted name. */
  type: string
  desc: boolean
  /** Whether the column can be NULL, and where NULLs go in this order (default: PostgreSQL's). */
  nullable: boolean
  nullsLast?: boolean
  /** For an enum column, its values: a cursor naming another is ignored (the cast would fail). */
  values?: readonly string[]
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** Whether a cursor's value can be cast to the sort's type (a link is user-editable). */
function castable(s: KeysetSort, value: string | null): boolean {
  if (value === null) return s.nullable
  if (s.values) return s.values.includes(value)
  // A real instant written as toISOString() writes it (2026-02-30 is not one; the cast would fail).
  if (s.type.startsWith('timestamp')) return ISO.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value
  return value.length <= 1000
}

type Order = { desc: boolean; nullsLast: boolean }

const orderOf = (s: KeysetSort): Order => ({ desc: s.desc, nullsLast: s.nullsLast ?? !s.desc })
const reversed = (o: Order): Order => ({ desc: !o.desc, nullsLast: !o.nullsLast })

/** ORDER BY for the sort over `alias` (or the bare names), ties by id in the same direction. */
export function keysetOrder(s: KeysetSort, alias = '', reverse = false): Prisma.Sql {
  const o = reverse ? reversed(orderOf(s)) : orderOf(s)
  const a = alias ? `${alias}.` : ''
  const dir = o.desc ? 'DESC' : 'ASC'
  return Prisma.raw(`${a}${s.column} ${dir} NULLS ${o.nullsLast ? 'LAST' : 'FIRST'}, ${a}id ${dir}`)
}

/**
 * The rows of one page from `source` (a SELECT of the list's columns with its filters, without
 * ORDER BY), for a position: the `limit` rows after it in the sort's order (or before it, for
 * `before` / `end`, read backwards). Returned in scan order; order the result with keysetOrder.
 */
export function keysetPage(source: Prisma.Sql, s: KeysetSort, pos: Position, limit: Prisma.Sql | number): Prisma.Sql {
  const backwards = pos.at === 'before' || pos.at === 'end'
  const o = backwards ? reversed(orderOf(s)) : orderOf(s)
  const dir = o.desc ? 'DESC' : 'ASC'
  const cmp = o.desc ? '<' : '>'
  const col = Prisma.raw(s.column)
  const id = Prisma.raw('id')
  // Every branch orders by (column, id) as the index does, also the one of NULLs only (where that
  // is the id order): ordered by id alone, PostgreSQL may walk the primary key across every workspace.
  const branch = (cond: Prisma.Sql) =>
    Prisma.sql`(SELECT * FROM (${source}) b WHERE ${cond} ORDER BY ${col} ${Prisma.raw(dir)}, ${id} ${Prisma.raw(dir)} LIMIT ${limit})`
  const branches: Prisma.Sql[] = []
  if (pos.at === 'start' || pos.at === 'end') {
    if (!s.nullable) branches.push(branch(Prisma.sql`TRUE`))
    else branches.push(branch(Prisma.sql`${col} IS NOT NULL`), branch(Prisma.sql`${col} IS NULL`))
  } else if (pos.value !== null) {
    const value = Prisma.sql`CAST(${pos.value} AS ${Prisma.raw(s.type)})`
    branches.push(branch(Prisma.sql`(${col}, ${id}) ${Prisma.raw(cmp)} (${value}, ${pos.id})`))
    if (s.nullable && o.nullsLast) branches.push(branch(Prisma.sql`${col} IS NULL`))
  } else {
    branches.push(branch(Prisma.sql`${col} IS NULL AND ${id} ${Prisma.raw(cmp)} ${pos.id}`))
    if (!o.nullsLast) branches.push(branch(Prisma.sql`${col} IS NOT NULL`))
  }
  return Prisma.sql`SELECT * FROM (${Prisma.join(branches, ' UNION ALL ')}) k ORDER BY ${keysetOrder(s, 'k', backwards)} LIMIT ${limit}`
}

/** A cursor as it travels in the URL: base64url of [value, id]. */
export function encodeCursor(value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url')
}

/** The position a URL's `after` / `before` names for this sort; anything malformed starts at the beginning. */
export function positionOf(q: { after?: string; before?: string }, s: KeysetSort): Position {
  if (q.before === 'end') return { at: 'end' }
  const raw = q.after ?? q.before
  if (!raw) return { at: 'start' }
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      (v[0] === null || typeof v[0] === 'string') &&
      typeof v[1] === 'string' &&
      v[1].length <= 64 &&
      castable(s, v[0] as string | null)
    )
      return { at: q.after ? 'after' : 'before', value: v[0] as string | null, id: v[1] }
  } catch {}
  return { at: 'start' }
}

/**
 * A page by number (a link without a cursor): OFFSET over the ids only, which PostgreSQL reads
 * from the sort's index alone, then the page's rows by id. Ordered like keysetPage's result.
 */
export function offsetPage(source: Prisma.Sql, s: KeysetSort, offset: number, limit: number): Prisma.Sql {
  return Prisma.sql`SELECT * FROM (${source}) r WHERE r.id IN (
    SELECT o.id FROM (${source}) o ORDER BY ${keysetOrder(s, 'o')} LIMIT ${limit} OFFSET ${offset})`
}

/** Which rows a request asks for: a keyset position, or an OFFSET for a numbered link without a cursor. */
export type Slice = Position | { offset: number }

/** Cursors of a page's first and last rows: what Previous and Next carry in the URL. */
export type PageCursors = { prev: string | null; next: string | null }

/**
 * A page's rows for a slice. The last page (`end`) holds what is left after the full pages, so
 * its size reads `total` from the statement's CTE `f`, which every list statement defines.
 */
export function pageRows(source: Prisma.Sql, s: KeysetSort, slice: Slice, size: number): Prisma.Sql {
  if ('offset' in slice) return offsetPage(source, s, slice.offset, size)
  return keysetPage(source, s, slice, slice.at === 'end' ? Prisma.sql`(SELECT ((total - 1) % ${size}) + 1 FROM f)` : size)
}

/**
 * Reads the page a URL asks for, the same way for every list: by keyset from its cursor, or by
 * OFFSET for a page number without one. A cursor whose rows are gone meanwhile, or a page past
 * the end, shows the nearest page that exists (a second read); a page before the first shows the
 * first. With a count that stops at `countCap` (`exact: false` past it) the last page's number
 * is unknown, so a page number is taken as given.
 */
export async function readPage<R extends { id: string }, T extends { total: number; rows: R[] }>(
  q: { page: number; size: number; after?: string; before?: string },
  sort: KeysetSort & { value(r: R): string | null },
  read: (slice: Slice) => Promise<T>,
  countCap = Infinity,
): Promise<{ result: T; page: number; exact: boolean; cursors: PageCursors }> {
  const pos = positionOf(q, sort)
  const numbered = pos.at === 'start' && q.page > 1
  let result = await read(numbered ? { offset: (q.page - 1) * q.size } : pos)
  const exact = result.total <= countCap
  const pages = Math.max(1, Math.ceil(result.total / q.size))
  const within = (page: number) => (exact ? Math.min(page, pages) : page)
  let page = pos.at === 'start' ? (numbered ? within(q.page) : 1) : pos.at === 'end' ? pages : within(q.page)
  const count = result.rows.length
  if ((numbered && page !== q.page) || (pos.at === 'after' && count === 0 && result.total > 0)) {
    if (exact) {
      page = pages
      result = await read({ at: 'end' })
    }
  } else if (pos.at === 'before' && (count < q.size || page === 1)) {
    page = 1
    if (count < q.size) result = await read({ at: 'start' })
  }
  const cursor = (r: R | undefined) => (r ? encodeCursor(sort.value(r), r.id) : null)
  return { result, page, exact, cursors: { prev: cursor(result.rows[0]), next: cursor(result.rows.at(-1)) } }
}

// ─── The API's lists: forward cursors only ──────────────────────────────────────────────────

/** The order of an API list by a text column, then id, ascending (names, emails). */
export const byText = (column: string): KeysetSort => ({ column: `"${column}"`, type: 'text', desc: false, nullable: false })

/**
 * Where an API list's slice starts: 'start' without a cursor, after the row a cursor names, or
 * null for a cursor that is not one of this sort (the route answers 422). Unlike the pages, a
 * cursor never moves elsewhere: past the end is an empty slice.
 */
export function cursorAfter(cursor: string | undefined, s: KeysetSort): { value: string; id: string } | 'start' | null {
  if (!cursor) return 'start'
  const pos = positionOf({ after: cursor }, s)
  return pos.at === 'after' && pos.value !== null ? { value: pos.value, id: pos.id } : null
}

/** The slice of `limit` rows out of `read` (which holds one more when there is a next slice) and its next cursor. */
export function sliceOf<R extends { id: string }>(read: R[], limit: number, value: (r: R) => string | null): { rows: R[]; next: string | null } {
  const rows = read.slice(0, limit)
  const last = rows.at(-1)
  return { rows, next: read.length > limit && last ? encodeCursor(value(last), last.id) : null }
}
