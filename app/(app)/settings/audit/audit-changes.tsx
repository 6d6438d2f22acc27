import type { AuditChange } from '@/lib/audit-diff'

/** A diff up to this many lines (and this much text) is shown in the cell; a longer one goes inside a disclosure. */
const INLINE_LINES = 3
const INLINE_CHARS = 240

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'

/** Lines the diff shows: one per field, one per item added to or removed from a list. */
const lineCount = (changes: AuditChange[]) => changes.reduce((n, c) => n + (c.kind === 'list' ? c.added.length + c.removed.length : 1), 0)
const charCount = (changes: AuditChange[]) =>
  changes.reduce(
    (n, c) =>
      n +
      c.field.length +
      (c.kind === 'changed' ? c.from.length + c.to.length : c.kind === 'list' ? [...c.added, ...c.removed].join('').length : c.value.length),
    0,
  )

/**
 * An audit entry's diff as text, already in words (lib/audit-labels.ts): "Role: Member → Admin",
 * "+ item" / "− item" for lists, "Field: value" for a field found on one side only. Every value
 * is a React text node, so HTML stays text.
 */
export function AuditChanges({ changes }: { changes: AuditChange[] }) {
  if (changes.length === 0) return <span className="text-ink-muted">—</span>
  const list = (
    <ul className="flex flex-col gap-1">
      {changes.map((c, i) => (
        <li key={`${c.field}-${i}`}>
          <Change change={c} />
        </li>
      ))}
    </ul>
  )
  const lines = lineCount(changes)
  if (lines <= INLINE_LINES && charCount(changes) <= INLINE_CHARS) return list
  return (
    <details>
      <summary className={`cursor-pointer rounded text-brand underline ${focusRing}`}>
        {lines} {lines === 1 ? 'change' : 'changes'}
      </summary>
      <div className="mt-1">{list}</div>
    </details>
  )
}

function Field({ name }: { name: string }) {
  return name ? <span className="text-ink-muted">{name}: </span> : null
}

function Change({ change: c }: { change: AuditChange }) {
  if (c.kind === 'changed') {
    return (
      <span className="break-words">
        <Field name={c.field} />
        <span>{c.from}</span>
        <span aria-hidden="true"> → </span>
        <span className="sr-only"> changed to </span>
        <span className="font-medium">{c.to}</span>
      </span>
    )
  }
  if (c.kind !== 'list') {
    return (
      <span className="break-words">
        <Field name={c.field} />
        {c.value}
      </span>
    )
  }
  return (
    <div>
      <Field name={c.field} />
      <ul className="ml-3">
        {c.added.map((k, i) => (
          <li key={`+${i}`} className="break-words text-ok">
            <span aria-hidden="true">+ </span>
            <span className="sr-only">added </span>
            {k}
          </li>
        ))}
        {c.removed.map((k, i) => (
          <li key={`-${i}`} className="break-words text-danger">
            <span aria-hidden="true">− </span>
            <span className="sr-only">removed </span>
            {k}
          </li>
        ))}
      </ul>
    </div>
  )
}
