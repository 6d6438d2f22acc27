import { ScrollRegion } from '@/components/ui/scroll-region'
import type { OperationView } from '@/lib/api/reference'
import { FieldTable } from './field-table'
import { Inline, Method } from './inline'

const h4 = 'mt-5 mb-2 text-sm font-semibold text-ink'
const th = 'border-b border-line px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-ink-muted'
const td = 'border-b border-line px-3 py-2 align-top'

export function Code({ label, children }: { label: string; children: string }) {
  return (
    <ScrollRegion label={label} className="rounded-md bg-gray-900">
      <pre className="p-3 font-mono text-xs leading-relaxed text-gray-100">
        <code>{children}</code>
      </pre>
    </ScrollRegion>
  )
}

/** One operation of the API, everything about it from the document. */
export function Operation({ op }: { op: OperationView }) {
  const name = `${op.method} ${op.path}`
  return (
    <section id={op.anchor} aria-labelledby={`${op.anchor}-title`} className="mt-8 scroll-mt-4 border-t border-line pt-6">
      <h3 id={`${op.anchor}-title`} className="text-lg font-semibold text-ink">
        {op.summary}
      </h3>
      <p className="mt-1 flex flex-wrap items-center gap-2">
        <Method method={op.method} />
        <code className="font-mono text-sm break-all text-ink">{op.path}</code>
      </p>
      {op.description.map((p, i) => (
        <p key={i} className="mt-3 text-sm text-ink">
          <Inline text={p} />
        </p>
      ))}
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium text-ink-muted">API key</dt>
        <dd>
          {!op.keyed
            ? 'Not needed.'
            : op.permission === null
              ? 'Any working key, whatever permissions it holds.'
              : op.permission.map((p, i) => (
                  <span key={p.key}>
                    {i > 0 && ' or '}“{p.label}” (<code className="font-mono text-xs">{p.key}</code>)
                  </span>
                ))}
        </dd>
        <dt className="font-medium text-ink-muted">Operation id</dt>
        <dd>
          <code className="font-mono text-xs">{op.id}</code>
        </dd>
        {(op.headers.idempotencyKey || op.headers.ifMatch || op.headers.etag) && (
          <>
            <dt className="font-medium text-ink-muted">Headers</dt>
            <dd>
              {[op.headers.idempotencyKey && 'Idempotency-Key', op.headers.ifMatch && 'If-Match', op.headers.etag && 'ETag in the answer']
                .filter(Boolean)
                .join(', ')}
            </dd>
          </>
        )}
      </dl>

      {op.parameters.length > 0 && (
        <>
          <h4 className={h4}>Parameters</h4>
          <FieldTable label={`Parameters of ${name}`} rows={op.parameters.map((p) => ({ ...p, name: `${p.name} (${p.in})`, depth: 0, values: [] }))} />
        </>
      )}
      {op.body && (
        <>
          <h4 className={h4}>Request body (application/json)</h4>
          <FieldTable label={`Request body of ${name}`} rows={op.body.fields} />
        </>
      )}
      <h4 className={h4}>Answer: 200 (application/json)</h4>
      <FieldTable label={`Answer of ${name}`} rows={op.response} />

      <h4 className={h4}>Errors (application/problem+json)</h4>
      <ScrollRegion label={`Errors of ${name}`} className="rounded-md border border-line">
        <table className="w-full min-w-[32rem] border-collapse text-sm">
          <thead className="bg-gray-50">
            <tr>
              <th scope="col" className={th}>
                Status
              </th>
              <th scope="col" className={th}>
                code
              </th>
              <th scope="col" className={th}>
                When
              </th>
            </tr>
          </thead>
          <tbody>
            {op.errors.map((e) => (
              <tr key={e.status}>
                <th scope="row" className={`${td} text-left font-mono font-normal`}>
                  {e.status}
                </th>
                <td className={td}>
                  {e.codes.map((c) => (
                    <code key={c} className="mr-1 inline-block font-mono text-xs">
                      {c}
                    </code>
                  ))}
                </td>
                <td className={td}>
                  <Inline text={e.description} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      {op.body?.example && (
        <>
          <h4 className={h4}>Example body</h4>
          <Code label={`Example body of ${name}`}>{op.body.example}</Code>
        </>
      )}
      <h4 className={h4}>With curl</h4>
      <Code label={`curl example of ${name}`}>{op.curl}</Code>
    </section>
  )
}
