import { db } from './client'
import type { Prisma } from './generated/client'

// Idempotency-Key answers of the API (prisma/schema.prisma ApiIdempotency). Read and written in
// the change's transaction, under the workspace lock: two requests with the same key are
// serialised by it, and the second finds the first's answer.

/** How long a key's answer is kept: a retry within a day gets it again. */
export const IDEMPOTENCY_HOURS = 24

export type StoredAnswer = { fingerprint: string; status: number; body: unknown }

/** The answer stored for this API key's Idempotency-Key in the last day, or null. */
export async function findAnswer(apiKeyId: string, key: string): Promise<StoredAnswer | null> {
  const row = await db().apiIdempotency.findUnique({
    where: { apiKeyId_key: { apiKeyId, key } },
    select: { fingerprint: true, status: true, body: true, createdAt: true },
  })
  if (!row || row.createdAt.getTime() < Date.now() - IDEMPOTENCY_HOURS * 3_600_000) return null
  return row
}

/** Stores an answer (replacing one older than a day), and forgets this API key's answers older than a day. */
export async function storeAnswer(apiKeyId: string, key: string, answer: StoredAnswer): Promise<void> {
  const body = answer.body as Prisma.InputJsonValue
  await db().apiIdempotency.deleteMany({ where: { apiKeyId, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_HOURS * 3_600_000) } } })
  await db().apiIdempotency.upsert({
    where: { apiKeyId_key: { apiKeyId, key } },
    create: { apiKeyId, key, fingerprint: answer.fingerprint, status: answer.status, body },
    update: { fingerprint: answer.fingerprint, status: answer.status, body, createdAt: new Date() },
  })
}
