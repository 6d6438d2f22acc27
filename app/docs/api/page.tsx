import type { Metadata } from 'next'
import Link from 'next/link'
import { connection } from 'next/server'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { openApiDocument } from '@/lib/api/openapi'
import { referenceOf } from '@/lib/api/reference'
import { API_ROUTES } from '@/lib/api/registry'
import { appUrl } from '@/lib/app-url'
import { apiLimit } from '@/lib/authz/api-gate'
import { Inline } from './inline'
import { Operation } from './operation'

export const metadata: Metadata = { title: 'API reference' }

const h2 = 'mt-10 mb-3 scroll-mt-4 text-xl font-semibold text-ink'
const th = 'border-b border-line px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-ink-muted'
const td = 'border-b border-line px-3 py-2 align-top'
const link = 'rounded-sm text-brand underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'

// Public on purpose, like the document it renders (GET /api/v1/openapi.json): a developer reads
// it before they have an account. Rendered on the server from the same generated document
// (lib/api/reference.ts), so it lists exactly the routes of the registry; no client script.
export default async function ApiReferencePage() {
  // Rendered per request, never prerendered: its scripts must carry the request's CSP nonce (proxy.ts).
  await connection()
  const ref = referenceOf(openApiDocument(API_ROUTES, appUrl()))
  const limit = apiLimit()
  const sections = [
    { id: 'authentication', title: 'Authentication' },
    { id: 'rate-limits', title: 'Rate limits' },
    { id: 'errors', title: 'Errors' },
    { id: 'retries', title: 'Retries and concurrent changes' },
  ]
  const idempotent = ref.groups.flatMap((g) => g.operations).filter((o) => o.headers.idempotencyKey)
  const versioned = ref.groups.flatMap((g) => g.operations).filter((o) => o.headers.etag || o.headers.ifMatch)

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 nav:flex nav:items-start nav:gap-10">
      <nav aria-label="API reference contents" className="mb-8 text-sm nav:sticky nav:top-4 nav:mb-0 nav:w-60 nav:shrink-0">
        <p className="mb-2 font-semibold text-ink">Contents</p>
        <ul className="space-y-1">
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} className={link}>
                {s.title}
              </a>
            </li>
          ))}
          {ref.groups.map((g) => (
            <li key={g.id} className="pt-2">
              <a href={`#${g.id}`} className={`${link} font-mono`}>
                {g.title}
              </a>
              <ul className="mt-1 space-y-1 pl-3">
                {g.operations.map((o) => (
                  <li key={o.id}>
                    <a href={`#${o.anchor}`} className={link}>
                      {o.method} {o.summary}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>

      <main className="min-w-0 flex-1">
        <h1 className="text-2xl font-semibold text-ink">{ref.title} reference</h1>
        <p className="mt-2 text-sm text-ink">
          <Inline text={ref.description} />
        </p>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium text-ink-muted">Base URL</dt>
          <dd>
            <code className="font-mono text-xs break-all">{ref.serverUrl}</code>
          </dd>
          <dt className="font-medium text-ink-muted">Version</dt>
          <dd>{ref.version}</dd>
          <dt className="font-medium text-ink-muted">OpenAPI 3.1</dt>
          <dd>
            <a href="/api/v1/openapi.json" className={link}>
              /api/v1/openapi.json
            </a>{' '}
            (this page is generated from it)
          </dd>
        </dl>

        <h2 id="authentication" className={h2}>
          Authentication
        </h2>
        <p className="text-sm text-ink">
          Send an API key of the workspace in every request: <code className="font-mono text-xs">Authorization: Bearer {ref.auth.format}</code>. Keys are made
          under{' '}
          <Link href="/settings/api-keys" className={link}>
            Company settings › API keys
          </Link>{' '}
          and shown once. <Inline text={ref.auth.description} /> Each operation below names the permission its key needs.
        </p>

        <h2 id="rate-limits" className={h2}>
          Rate limits
        </h2>
        <p className="mb-3 text-sm text-ink">
          Each key may make {limit.points} requests a minute on this server (<code className="font-mono text-xs">API_RATE_LIMIT_PER_MINUTE</code>), counted
          across every Teamgate instance. Every answer to a working key carries these headers; past the limit the answer is 429 with Retry-After. Batch your
          checks: one authorize call answers up to 100.
        </p>
        <ScrollRegion label="Rate limit headers" className="rounded-md border border-line">
          <table className="w-full min-w-[28rem] border-collapse text-sm">
            <thead className="bg-gray-50">
              <tr>
                <th scope="col" className={th}>
                  Header
                </th>
                <th scope="col" className={th}>
                  Meaning
                </th>
              </tr>
            </thead>
            <tbody>
              {ref.rateLimitHeaders.map((h) => (
                <tr key={h.name}>
                  <th scope="row" className={`${td} text-left font-mono text-xs font-normal`}>
                    {h.name}
                  </th>
                  <td className={td}>
                    <Inline text={h.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>

        <h2 id="errors" className={h2}>
          Errors
        </h2>
        <p className="mb-3 text-sm text-ink">
          Every error is a problem details document (RFC 9457, <code className="font-mono text-xs">application/problem+json</code>) with{' '}
          <code className="font-mono text-xs">type</code>, <code className="font-mono text-xs">title</code>, <code className="font-mono text-xs">status</code>,{' '}
          <code className="font-mono text-xs">detail</code> and <code className="font-mono text-xs">code</code>, the stable name to switch on; a 422 lists every
          field error in <code className="font-mono text-xs">errors</code>, each with a JSON pointer into your body. No answer holds a stack trace.
        </p>
        <ScrollRegion label="Problem codes" className="rounded-md border border-line">
          <table className="w-full min-w-[28rem] border-collapse text-sm">
            <thead className="bg-gray-50">
              <tr>
                <th scope="col" className={th}>
                  code
                </th>
                <th scope="col" className={th}>
                  Status
                </th>
                <th scope="col" className={th}>
                  When
                </th>
              </tr>
            </thead>
            <tbody>
              {ref.problems.map((p) => (
                <tr key={p.code}>
                  <th scope="row" className={`${td} text-left font-mono text-xs font-normal`}>
                    {p.code}
                  </th>
                  <td className={`${td} font-mono`}>{p.status}</td>
                  <td className={td}>
                    <Inline text={p.meaning} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>

        <h2 id="retries" className={h2}>
          Retries and concurrent changes
        </h2>
        <ul className="list-disc space-y-2 pl-5 text-sm text-ink">
          <li>
            <strong>Idempotency-Key</strong>:{' '}
            {idempotent.length
              ? `taken by ${idempotent.map((o) => `${o.method} ${o.path}`).join(', ')} (see each): send a new unique value with each change and the same one when you retry it, so a retry does not act twice.`
              : 'no operation takes it yet. Reads and authorize checks are safe to retry as they are.'}
          </li>
          <li>
            <strong>ETag and If-Match</strong>:{' '}
            {versioned.length
              ? `used by ${versioned.map((o) => `${o.method} ${o.path}`).join(', ')} (see each): send the ETag you read as If-Match, so you change only what you read.`
              : 'no operation uses them yet.'}
          </li>
          <li>After a 429, wait the Retry-After seconds; after a 500, retry later with a pause that grows.</li>
        </ul>

        {ref.groups.map((g) => (
          <section key={g.id} aria-labelledby={g.id}>
            <h2 id={g.id} className={`${h2} font-mono`}>
              {g.title}
            </h2>
            {g.operations.map((o) => (
              <Operation key={o.id} op={o} />
            ))}
          </section>
        ))}
      </main>
    </div>
  )
}
