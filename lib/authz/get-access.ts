import 'server-only'
import { cache } from 'react'
import { requestClaims, type SessionClaims } from '@/lib/auth/session'
import { loadAccessInput } from '@/lib/db/access-input'
import { endSession, sessionOpen, touchSession } from '@/lib/db/sessions'
import { Access } from './access'

export type AccessState =
  /** sessionId: the session the request is made in (absent where a test builds the state). */
  | { status: 'ok'; access: Access; sessionId?: string | null }
  | { status: 'anonymous' }
  | { status: 'no-workspace'; userId: string }
  | { status: 'inactive'; reason: 'INVITED' | 'SUSPENDED' }

export type { SessionClaims }

/**
 * The access state of a request with these session claims: one database query. A session that
 * has ended (signed out, or ended from elsewhere), whose version is stale (password changed,
 * signed out everywhere), whose membership was deleted, or whose member is suspended, grants
 * nothing. A session older than the workspace's session lifetime, or unused for longer than its
 * idle timeout, grants nothing and is ended (one write). A session last seen more than a few
 * minutes ago has its lastSeenAt refreshed (one conditional write then; none on the other
 * requests). When the workspace requires two-factor sign-in and the user has not set it up, the
 * access says so (`access.twoFactorPending`) and the gates send them to set it up.
 */
export async function accessFor(claims: SessionClaims | null): Promise<AccessState> {
  if (!claims?.uid) return { status: 'anonymous' }
  if (!claims.tid) {
    const session = await sessionOpen(claims.uid, claims.sv, claims.sid)
    if (!session.open) return { status: 'anonymous' }
    if (session.stale) await seen(claims.sid!)
    return { status: 'no-workspace', userId: claims.uid }
  }
  const input = await loadAccessInput(claims.uid, claims.tid, claims.sid ?? '')
  if (!input || input.sessionVersion !== claims.sv || !input.sessionLive) return { status: 'anonymous' }
  if (input.sessionExpired && claims.sid) {
    await expired(claims.sid)
    return { status: 'anonymous' }
  }
  if (input.sessionStale && claims.sid) await seen(claims.sid)
  if (input.status !== 'ACTIVE') return { status: 'inactive', reason: input.status }
  return { status: 'ok', access: new Access(input), sessionId: claims.sid }
}

/** Ends a session past the workspace's limits; it is refused either way, so a failure is only logged. */
async function expired(sessionId: string) {
  try {
    await endSession(sessionId)
  } catch (e) {
    console.warn('[auth] could not end a session past its workspace’s limits:', e instanceof Error ? e.message : e)
  }
}

/** Refreshes a session's lastSeenAt; a failure is logged, never the request's. */
async function seen(sessionId: string) {
  try {
    await touchSession(sessionId)
  } catch (e) {
    console.warn('[auth] could not record when a session was last seen:', e instanceof Error ? e.message : e)
  }
}

/**
 * The signed-in member's access for this request: the session cookie's claims and then one
 * database query. Memoized per request, so every gate, the menu and the page share it.
 */
export const getAccess = cache(async (): Promise<AccessState> => accessFor(await requestClaims()))
