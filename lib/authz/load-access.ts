import { db } from '@/lib/db/client'
import type { AccessInput } from './access'
import { loadAccessInputWith } from './load-access-query'

/**
 * Everything access is computed from, for one user in one workspace, in ONE database round
 * trip (see load-access-query.ts): membership, user (for the session version), tenant, plan,
 * template permissions, direct grants and teams.
 */
export async function loadAccessInput(userId: string, tenantId: string): Promise<(AccessInput & { sessionVersion: number }) | null> {
  return loadAccessInputWith(db(), userId, tenantId)
}
