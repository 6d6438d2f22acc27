import type { ApiKeyStatus } from '@/lib/db/api-keys'

/** An API key as the list shows it: plain data, dates as ISO strings. */
export type ApiKeyListRow = {
  id: string
  name: string
  prefix: string
  permissions: number
  createdBy: string | null
  createdAt: string
  lastUsedAt: string | null
  expiresAt: string | null
  revokedAt: string | null
  status: ApiKeyStatus
}
