// Not a client module: server pages and client components both build export links with it.

type Params = URLSearchParams | Record<string, string | string[] | undefined>

/** The URL keys of a table's paging: its page number, keyset cursors and page size. */
const PAGING = new Set(['page', 'after', 'before', 'size'])

/** An export link keeps the view's filters and order but not its paging: it downloads them all. */
export function exportHref(path: string, params: Params): string {
  const qs = new URLSearchParams()
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params)
  for (const [key, value] of entries) {
    if (PAGING.has(key) || value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) qs.append(key, v)
  }
  const s = qs.toString()
  return s ? `${path}?${s}` : path
}
