// The "Changes" of an audit entry: what differs between its `before` and `after` snapshots.
// Pure and markup-free: it returns plain strings, so whatever a value holds (HTML included) is
// rendered as text by whoever displays it.

/** One line of an audit entry's diff. */
export type AuditChange =
  /** A field present on both sides whose value differs: "field: from → to". */
  | { kind: 'changed'; field: string; from: string; to: string }
  /** A field on one side only: "field: value" (a deleted role's permissions, a new member's email). */
  | { kind: 'before' | 'after'; field: string; value: string }
  /** Items added to and removed from a list: "+ key" / "− key". `field` is '' for bare added/removed. */
  | { kind: 'list'; field: string; added: string[]; removed: string[] }

type Json = Record<string, unknown>

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v)

/** A value as text: scalars as themselves, null/undefined as "none", lists of scalars joined, the rest as JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'none'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v) && v.every(isScalar)) return v.length ? v.map(formatValue).join(', ') : 'none'
  return JSON.stringify(v) ?? String(v)
}

/** Order-insensitive for object keys, so `{a, b}` equals `{b, a}`. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]))
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined)
    return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => same(a[k], b[k]))
  }
  return false
}

/** A snapshot as an object: null/undefined is empty, a bare value (not an object) is `{ value }`. */
function asRecord(v: unknown): Json {
  if (v === null || v === undefined) return {}
  return isRecord(v) ? v : { value: v }
}

/** `permissionsAdded` → ['permissions', 'added'], `removed` → ['', 'removed']; other keys → null. */
function listKey(key: string): [string, 'added' | 'removed'] | null {
  const m = /^(.*?)(added|Added|removed|Removed)$/.exec(key)
  if (!m) return null
  return [m[1], m[2].toLowerCase() as 'added' | 'removed']
}

/** How a scalar of a field reads: `formatValue` unless the caller gives words (see audit-labels.ts). */
export type FormatScalar = (field: string, value: unknown) => string
const plain: FormatScalar = (_field, v) => formatValue(v)

/** A whole value of a field: its scalars (a list's items too) through `format`, anything nested as JSON. */
function text(field: string, v: unknown, format: FormatScalar): string {
  if (Array.isArray(v) && v.every(isScalar)) return v.length ? v.map((x) => format(field, x)).join(', ') : 'none'
  if (v === undefined || isScalar(v)) return format(field, v)
  return formatValue(v)
}

/**
 * The fields that differ between two audit snapshots, in the order they first appear (before,
 * then after). Unchanged fields are left out. Lists named `…Added` / `…Removed` (or `added` /
 * `removed`) are merged into one `list` change per field; a list of scalars on both sides
 * becomes the items it gained and lost. Values read through `format` (field, value), so a caller can
 * put words on enum values and names on ids; by default they are shown as they are.
 */
export function auditDiff(before: unknown, after: unknown, format: FormatScalar = plain): AuditChange[] {
  const b = asRecord(before)
  const a = asRecord(after)
  const changes: AuditChange[] = []
  const lists = new Map<string, Extract<AuditChange, { kind: 'list' }>>()
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]

  for (const key of keys) {
    const hasB = key in b && b[key] !== undefined
    const hasA = key in a && a[key] !== undefined
    if (!hasB && !hasA) continue
    const side = hasA ? a[key] : b[key]
    const asList = listKey(key)
    if (asList && Array.isArray(side)) {
      const [field, sign] = asList
      let entry = lists.get(field)
      if (!entry) {
        entry = { kind: 'list', field, added: [], removed: [] }
        lists.set(field, entry)
        changes.push(entry)
      }
      entry[sign].push(...side.map((x) => format(field, x)))
      continue
    }
    if (!hasA) changes.push({ kind: 'before', field: key, value: text(key, b[key], format) })
    else if (!hasB) changes.push({ kind: 'after', field: key, value: text(key, a[key], format) })
    else if (!same(b[key], a[key])) changes.push(changed(key, b[key], a[key], format))
  }
  // A list with nothing added or removed says nothing.
  return changes.filter((c) => c.kind !== 'list' || c.added.length > 0 || c.removed.length > 0)
}

function changed(field: string, from: unknown, to: unknown, format: FormatScalar): AuditChange {
  if (Array.isArray(from) && Array.isArray(to) && from.every(isScalar) && to.every(isScalar)) {
    const was = new Set(from.map(formatValue))
    const now = new Set(to.map(formatValue))
    const added = [...new Set(to)].filter((x) => !was.has(formatValue(x)))
    const removed = [...new Set(from)].filter((x) => !now.has(formatValue(x)))
    if (added.length || removed.length) return { kind: 'list', field, added: added.map((x) => format(field, x)), removed: removed.map((x) => format(field, x)) }
  }
  return { kind: 'changed', field, from: text(field, from, format), to: text(field, to, format) }
}
