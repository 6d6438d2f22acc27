import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { formatInstant } from '@/components/data-table/cells'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { getWebhookEndpoint, listDeliveries } from '@/lib/db/webhook-endpoints'
import { subscribable, WEBHOOK_EVENTS, type WebhookEventType } from '@/lib/webhooks/events'
import { EndpointForm } from '../endpoint-form'
import { EnabledBadge } from '../state-badge'
import { DeliveriesTable, type DeliveryRow } from './deliveries-table'
import { EndpointControls } from './endpoint-controls'
import { SecretPanel } from './secret-panel'

export const metadata: Metadata = { title: 'Webhook endpoint' }

const link = 'rounded-sm text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

export default async function WebhookEndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  const access = await requirePage('webhooks.view')
  const { endpointId } = await params
  const endpoint = await getWebhookEndpoint(access.tenantId, endpointId)
  if (!endpoint) notFound()
  const canManage = access.can('webhooks.manage')
  const deliveries: DeliveryRow[] = (await listDeliveries(access.tenantId, endpoint.id)).map((d) => ({
    ...d,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  }))
  const eventTypes = endpoint.eventTypes.filter((t): t is WebhookEventType => t in WEBHOOK_EVENTS)

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/webhooks" className={link}>
          ← Webhooks
        </Link>
      </p>
      <PageHeader
        title="Webhook endpoint"
        description={endpoint.description || undefined}
        actions={canManage ? <EndpointControls endpoint={{ id: endpoint.id, url: endpoint.url, enabled: endpoint.enabled }} /> : undefined}
      />
      <dl className="mb-6 grid max-w-3xl grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium">URL</dt>
        <dd className="break-all font-mono text-xs sm:text-sm">{endpoint.url}</dd>
        <dt className="font-medium">Status</dt>
        <dd>
          <EnabledBadge enabled={endpoint.enabled} />
        </dd>
        <dt className="font-medium">Added</dt>
        <dd>
          <time dateTime={endpoint.createdAt.toISOString()}>{formatInstant(endpoint.createdAt.toISOString())}</time>
          {endpoint.createdBy && ` by ${endpoint.createdBy.name || endpoint.createdBy.email}`}
        </dd>
        {!canManage && (
          <>
            <dt className="font-medium">Events</dt>
            <dd>{eventTypes.map((t) => WEBHOOK_EVENTS[t].label).join(', ')}</dd>
          </>
        )}
      </dl>
      {canManage && <SecretPanel endpointId={endpoint.id} />}
      <section aria-labelledby="deliveries-heading" className="mb-8">
        <h2 id="deliveries-heading" className="mb-1 text-lg font-semibold">
          Delivery log
        </h2>
        <p className="mb-3 text-sm text-ink-muted">
          The newest 50 events sent to this endpoint. A failed one is retried for a day (after 30 s, 1 min, 2 min … at most an hour apart); a member’s next
          event waits for the one before it.
        </p>
        <DeliveriesTable rows={deliveries} canManage={canManage} />
      </section>
      {canManage && (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading" className="mb-3 text-lg font-semibold">
            Settings
          </h2>
          <EndpointForm
            endpointId={endpoint.id}
            initial={{ url: endpoint.url, description: endpoint.description, eventTypes }}
            allowed={subscribable((p) => access.can(p))}
          />
        </section>
      )}
    </>
  )
}
