import 'server-only'
import { getServerSession } from 'next-auth'
import { cache } from 'react'
import { authOptions } from '@/lib/auth/options'
import { Access } from './access'
import { loadAccessInput } from './load-access'

export type AccessState =
  | { status: 'ok'; access: Access }
  | { status: 'anonymous' }
  | { status: 'no-workspace'; userId: string }
  | { status: 'inactive'; reason: 'INVITED' | 'SUSPENDED' }

/**
 * The signed-in member's access for this request: the session (JWT: user, workspace, session
 * version) and then one database query. Memoized per request, so every gate, the menu and the
 * page share it. A session whose version is stale (password changed, signed out everywhere),
 * whose membership was deleted, or whose member is suspended, grants nothing.
 */
export const getAccess = cache(async (): Promise<AccessState> => {
  const session = await getServerSession(authOptions)
  if (!session?.uid) return { status: 'anonymous' }
  if (!session.tid) return { status: 'no-workspace', userId: session.uid }
  const input = await loadAccessInput(session.uid, session.tid)
  if (!input || input.sessionVersion !== session.sv) return { status: 'anonymous' }
  if (input.status !== 'ACTIVE') return { status: 'inactive', reason: input.status }
  return { status: 'ok', access: new Access(input) }
})
