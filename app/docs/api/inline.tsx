/** Text with `code` spans, as the document's descriptions write them. */
export function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
          <code key={i} className="rounded bg-gray-100 px-1 py-0.5 font-mono text-[0.85em]">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  )
}

const METHOD_STYLE: Record<string, string> = {
  GET: 'bg-ok-soft text-ok',
  POST: 'bg-brand-soft text-brand',
  PUT: 'bg-warn-soft text-warn',
  PATCH: 'bg-warn-soft text-warn',
  DELETE: 'bg-danger-soft text-danger',
}

export function Method({ method }: { method: string }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${METHOD_STYLE[method] ?? 'bg-gray-100 text-ink'}`}>{method}</span>
  )
}
