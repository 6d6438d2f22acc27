import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { z } from 'zod'
import { endSession, SESSION_MAX_AGE_SECONDS, startSession } from '@/lib/db/sessions'
import { isActiveMember, markSignedIn } from '@/lib/db/users'
import { clientIp } from './client-ip'
import { authenticate } from './sign-in'

const credentialsSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
  tenantId: z.string().max(64).optional(),
  // The second step of a sign-in with two-factor: a code from the app, or a recovery code.
  code: z.string().max(64).optional(),
  recovery: z.enum(['true', 'false']).optional(),
})

// The JWT carries the user id, the chosen workspace, the session version and the session id
// only. Access is read from the database on every request (lib/authz/get-access.ts), which also
// refuses a session that has ended.
declare module 'next-auth' {
  interface Session {
    uid: string
    tid: string | null
    sv: number
    sid: string | null
  }
  interface User {
    tid?: string | null
    sv?: number
    sid?: string
  }
}
declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string
    tid?: string | null
    sv?: number
    sid?: string
  }
}

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
        code: { label: 'Code', type: 'text' },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials)
        if (!parsed.success) throw new Error('Enter your email address and password.')
        const headers = new Headers(req?.headers as Record<string, string> | undefined)
        const ip = clientIp(headers)
        const { email, password, tenantId, code, recovery } = parsed.data
        const result = await authenticate(email, password, ip, tenantId || undefined, { code, recovery: recovery === 'true' })
        if (!result.ok) throw new Error(result.message)
        const sid = await startSession(result.userId, ip, headers.get('user-agent') ?? '', result.sessionVersion)
        return { id: result.userId, email: result.email, name: result.name, tid: result.tenantId, sv: result.sessionVersion, sid }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user) {
        token.uid = user.id
        token.tid = user.tid ?? null
        token.sv = user.sv ?? 0
        token.sid = user.sid
      }
      // Switching workspace: only to one where the user has an active membership.
      if (trigger === 'update' && token.uid && typeof session?.tenantId === 'string') {
        if (await isActiveMember(token.uid, session.tenantId)) {
          token.tid = session.tenantId
          await markSignedIn(token.uid, session.tenantId)
        }
      }
      return token
    },
    async session({ session, token }) {
      session.uid = token.uid ?? ''
      session.tid = token.tid ?? null
      session.sv = token.sv ?? 0
      session.sid = token.sid ?? null
      return session
    },
  },
  events: {
    // Signing out ends this session on the server: a copy of its cookie no longer works.
    async signOut({ token }) {
      if (token?.sid) await endSession(token.sid)
    },
  },
  logger: {
    // Keep expected sign-in failures (wrong password…) out of the error log.
    error(code, metadata) {
      if (code === 'CREDENTIALS_SIGNIN_ERROR' || code === 'CLIENT_FETCH_ERROR') return
      // A tampered or foreign cookie: refused (anonymous); one line, not a stack per request.
      if (code === 'JWT_SESSION_ERROR') return console.warn('[auth] a session cookie could not be read; treated as signed out')
      console.error('[auth]', code, metadata)
    },
    warn() {},
  },
}
