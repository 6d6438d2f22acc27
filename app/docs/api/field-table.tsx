import { ScrollRegion } from '@/components/ui/scroll-region'
import { MAX_LISTED_VALUES, type FieldRow } from '@/lib/api/reference'
import { Inline } from './inline'

const th = 'border-b border-line px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-ink-muted'
const td = 'border-b border-line px-3 py-2 align-top'

function Values({ values }: { values: string[] }) {
  if (values.length === 0) return null
  const list = (
    <ul className="mt-1 flex flex-wrap gap-1">
      {values.map((v) => (
        <li key={v}>
          <code className="rounded bg-gray-100 px-1 font-mono text-xs">{v}</code>
        </li>
      ))}
    </ul>
  )
  if (values.length <= MAX_LISTED_VALUES) return <div className="mt-1 text-xs text-ink-muted">One of: {list}</div>
  return (
    <details className="mt-1 text-xs text-ink-muted">
      <summary className="cursor-pointer rounded-sm text-brand underline focus-visible:outline-2 focus-visible:outline-brand">
        One of {values.length} values
      </summary>
      {list}
    </details>
  )
}

/** The fields of a request body or an answer, nested fields indented under their parent. */
export function FieldTable({ rows, label }: { rows: FieldRow[]; label: string }) {
  if (rows.length === 0) return <p className="text-sm text-ink-muted">No fields.</p>
  return (
    <ScrollRegion label={label} className="rounded-md border border-line">
      <table className="w-full min-w-[40rem] border-collapse text-sm">
        <thead className="bg-gray-50">
          <tr>
            <th scope="col" className={th}>
              Field
            </th>
            <th scope="col" className={th}>
              Type
            </th>
            <th scope="col" className={th}>
              Required
            </th>
            <th scope="col" className={th}>
              Constraints
            </th>
            <th scope="col" className={th}>
              Description
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row" className={`${td} text-left font-normal`} style={{ paddingLeft: `${0.75 + r.depth * 1.25}rem` }}>
                <code className="font-mono text-xs font-semibold break-all text-ink">{r.name}</code>
              </th>
              <td className={`${td} font-mono text-xs text-ink-muted`}>{r.type}</td>
              <td className={td}>{r.required ? 'yes' : 'no'}</td>
              <td className={`${td} text-ink-muted`}>{r.constraints.join('; ') || '—'}</td>
              <td className={td}>
                <Inline text={r.description} />
                <Values values={r.values} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}
