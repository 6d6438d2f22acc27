import 'server-only'
import { getServerSession } from 'next-auth'
import { cache } from 'react'
import { authOptions } from '@/lib/auth/options'
import { loadAccessInput } from '@/lib/db/access-input'
import { Access } from './access'

export type AccessState =
  | { status: 'ok'; access: Access }
  | { status: 'anonymous' }
  | { status: 'no-workspace'; userId: string }
  | { status: 'inactive'; reason: 'INVITED' | 'SUSPENDED' }

/** Who is asking: the session's user, workspace, session version and session id. */
export type SessionClaims = { uid: string; tid: string | null; sv: number; sid: string | null }

/**
 * The access state of a request with these session claims: one database query. A session that
 * has ended (signed out, or ended from elsewhere), whose version is stale (password changed,
 * signed out everywhere), whose membership was deleted, or whose member is suspended, grants
 * nothing.
 */
export async function accessFor(claims: SessionClaims | null): Promise<AccessState> {
  if (!claims?.uid) return { status: 'anonymous' }
  if (!claims.tid) return { status: 'no-workspace', userId: claims.uid }
  const input = await loadAccessInput(claims.uid, claims.tid, claims.sid ?? '')
  if (!input || input.sessionVersion !== claims.sv || !input.sessionLive) return { status: 'anonymous' }
  if (input.status !== 'ACTIVE') return { status: 'inactive', reason: input.status }
  return { status: 'ok', access: new Access(input) }
}

/**
 * The signed-in member's access for this request: the session (a JWT) and then one database
 * query. Memoized per request, so every gate, the menu and the page share it.
 */
export const getAccess = cache(async (): Promise<AccessState> => {
  const session = await getServerSession(authOptions)
  return accessFor(session?.uid ? { uid: session.uid, tid: session.tid, sv: session.sv, sid: session.sid } : null)
})
