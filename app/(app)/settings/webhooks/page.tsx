import type { Metadata } from 'next'
import Link from 'next/link'
import { cellLink, formatInstant } from '@/components/data-table/cells'
import { PageHeader } from '@/components/page-header'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { requirePage } from '@/lib/authz/guards'
import { listWebhookEndpoints } from '@/lib/db/webhook-endpoints'
import { subscribable } from '@/lib/webhooks/events'
import { AddEndpointDialog } from './add-endpoint-dialog'
import { EnabledBadge, StateBadge } from './state-badge'

export const metadata: Metadata = { title: 'Webhooks' }

const th = 'px-4 py-2 font-medium'
const td = 'px-4 py-2 align-top'

export default async function WebhooksPage() {
  const access = await requirePage('webhooks.view')
  const canManage = access.can('webhooks.manage')
  const endpoints = await listWebhookEndpoints(access.tenantId)

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Teamgate tells your product’s backend what changed — members invited, joining, changed, suspended, deleted; role templates; a member’s access — by sending signed HTTP requests to these endpoints, right after each change."
        actions={canManage ? <AddEndpointDialog allowed={subscribable((p) => access.can(p))} /> : undefined}
      />
      <ScrollRegion label="Webhook endpoints" className="rounded-lg border border-line bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
            <tr>
              <th scope="col" className={th}>
                Endpoint
              </th>
              <th scope="col" className={th}>
                Events
              </th>
              <th scope="col" className={th}>
                Status
              </th>
              <th scope="col" className={th}>
                Last delivery
              </th>
              <th scope="col" className={th}>
                Failing
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {endpoints.length === 0 && (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-ink-muted">
                  No webhook endpoints yet.
                </td>
              </tr>
            )}
            {endpoints.map((e) => (
              <tr key={e.id}>
                <th scope="row" className={`${td} max-w-md font-normal`}>
                  <Link href={`/settings/webhooks/${e.id}`} className={`${cellLink} break-all`}>
                    {e.url}
                  </Link>
                  {e.description && <p className="text-xs text-ink-muted">{e.description}</p>}
                </th>
                <td className={`${td} tabular-nums`}>{e.eventTypes.length}</td>
                <td className={td}>
                  <EnabledBadge enabled={e.enabled} />
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  {e.last ? (
                    <span className="inline-flex items-center gap-2">
                      <StateBadge state={e.last.state} />
                      <time dateTime={e.last.at.toISOString()}>{formatInstant(e.last.at.toISOString())}</time>
                    </span>
                  ) : (
                    'None yet'
                  )}
                </td>
                <td className={`${td} tabular-nums`}>{e.failing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <p className="mt-4 text-sm text-ink-muted">
        How to receive them, verify the signature and keep a cache of your members’ permissions fresh: see the integration guide (docs/integrating.md).
      </p>
    </>
  )
}
