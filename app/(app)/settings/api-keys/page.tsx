import type { Metadata } from 'next'
import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { listApiKeys } from '@/lib/db/api-keys'
import { ApiKeysTable } from './api-keys-table'
import type { ApiKeyListRow } from './types'

export const metadata: Metadata = { title: 'API keys' }

const button =
  'inline-flex items-center justify-center rounded-md bg-brand px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-hover focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

export default async function ApiKeysPage() {
  const access = await requirePage('api_keys.view')
  const canManage = access.can('api_keys.manage')
  const keys = await listApiKeys(access.tenantId)
  const rows: ApiKeyListRow[] = keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    permissions: k.permissions.length,
    createdBy: k.createdBy ? k.createdBy.name || k.createdBy.email : null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    status: k.status,
  }))

  return (
    <>
      <PageHeader
        title="API keys"
        description="Your product’s backend calls the Teamgate API with these keys. A key acts with its own permissions, and never with more than the member who created it holds at the time of the request."
        actions={
          canManage ? (
            <Link href="/settings/api-keys/new" className={button}>
              New API key
            </Link>
          ) : undefined
        }
      />
      <ApiKeysTable rows={rows} canManage={canManage} />
      <p className="mt-4 text-sm text-ink-muted">
        How to call the API with a key: the{' '}
        <Link href="/docs/api" className="rounded-sm text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand">
          API reference
        </Link>
        , the integration guide (docs/integrating.md) and the OpenAPI document at{' '}
        <a href="/api/v1/openapi.json" className="rounded-sm text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand">
          /api/v1/openapi.json
        </a>
        .
      </p>
    </>
  )
}
