import 'server-only'
import { cache } from 'react'
import { requestClaims, type SessionClaims } from '@/lib/auth/session'
import { loadAccessInput } from '@/lib/db/access-input'
import { sessionOpen } from '@/lib/db/sessions'
import { Access } from './access'

export type AccessState =
  | { status: 'ok'; access: Access }
  | { status: 'anonymous' }
  | { status: 'no-workspace'; userId: string }
  | { status: 'inactive'; reason: 'INVITED' | 'SUSPENDED' }

export type { SessionClaims }

/**
 * The access state of a request with these session claims: one database query. A session that
 * has ended (signed out, or ended from elsewhere), whose version is stale (password changed,
 * signed out everywhere), whose membership was deleted, or whose member is suspended, grants
 * nothing.
 */
export async function accessFor(claims: SessionClaims | null): Promise<AccessState> {
  if (!claims?.uid) return { status: 'anonymous' }
  if (!claims.tid) return (await sessionOpen(claims.uid, claims.sv, claims.sid)) ? { status: 'no-workspace', userId: claims.uid } : { status: 'anonymous' }
  const input = await loadAccessInput(claims.uid, claims.tid, claims.sid ?? '')
  if (!input || input.sessionVersion !== claims.sv || !input.sessionLive) return { status: 'anonymous' }
  if (input.status !== 'ACTIVE') return { status: 'inactive', reason: input.status }
  return { status: 'ok', access: new Access(input) }
}

/**
 * The signed-in member's access for this request: the session cookie's claims and then one
 * database query. Memoized per request, so every gate, the menu and the page share it.
 */
export const getAccess = cache(async (): Promise<AccessState> => accessFor(await requestClaims()))
