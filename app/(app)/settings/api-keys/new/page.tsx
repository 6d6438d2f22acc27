import type { Metadata } from 'next'
import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { permissionLocks } from '@/lib/authz/grants'
import { requirePage } from '@/lib/authz/guards'
import { NewApiKeyForm } from './new-key-form'

export const metadata: Metadata = { title: 'New API key' }

const link = 'rounded-sm text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

export default async function NewApiKeyPage() {
  const access = await requirePage('api_keys.manage')
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/api-keys" className={link}>
          ← API keys
        </Link>
      </p>
      <PageHeader
        title="New API key"
        description="Give the key only what your backend needs. You can grant permissions you hold yourself; the key never does more than you can at the time of each request."
      />
      <NewApiKeyForm locks={permissionLocks(access)} />
    </>
  )
}
