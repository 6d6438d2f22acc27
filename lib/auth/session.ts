import { getToken } from 'next-auth/jwt'

// The session of a request: the JWT next-auth signed into the session cookie, read with
// next-auth's own getToken (cookie name, chunks, decryption, expiry). Its claims are only who is
// asking; what they may do is read from the database on every request (lib/authz/get-access.ts).

/** User, chosen workspace, session version and session id. */
export type SessionClaims = { uid: string; tid: string | null; sv: number; sid: string | null }

/** The claims of a request's session cookie, or null (none, tampered, expired, another secret's). */
export async function claimsOf(cookies: Record<string, string>): Promise<SessionClaims | null> {
  // Only the cookie: getToken would also take a bearer token from an Authorization header.
  const token = await getToken({ req: { headers: {}, cookies } as never, secret: process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET })
  if (!token || typeof token.uid !== 'string' || !token.uid) return null
  return {
    uid: token.uid,
    tid: typeof token.tid === 'string' ? token.tid : null,
    sv: Number(token.sv ?? 0),
    sid: typeof token.sid === 'string' ? token.sid : null,
  }
}

/** The claims of the request being served (a page, a route, an action). */
export async function requestClaims(): Promise<SessionClaims | null> {
  const { cookies } = await import('next/headers')
  return claimsOf(Object.fromEntries((await cookies()).getAll().map((c) => [c.name, c.value])))
}
