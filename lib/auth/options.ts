import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { z } from 'zod'
import { db } from '@/lib/db/client'
import { clientIp } from './client-ip'
import { authenticate, markSignedIn } from './sign-in'

const credentialsSchema = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
  tenantId: z.string().max(64).optional(),
})

// The JWT carries the user id, the chosen workspace and the session version only. Access is
// read from the database on every request (lib/authz/get-access.ts).
declare module 'next-auth' {
  interface Session {
    uid: string
    tid: string | null
    sv: number
  }
  interface User {
    tid?: string | null
    sv?: number
  }
}
declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string
    tid?: string | null
    sv?: number
  }
}

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials)
        if (!parsed.success) throw new Error('Enter your email address and password.')
        const headers = new Headers(req?.headers as Record<string, string> | undefined)
        const result = await authenticate(parsed.data.email, parsed.data.password, clientIp(headers), parsed.data.tenantId || undefined)
        if (!result.ok) throw new Error(result.message)
        return { id: result.userId, email: result.email, name: result.name, tid: result.tenantId, sv: result.sessionVersion }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user) {
        token.uid = user.id
        token.tid = user.tid ?? null
        token.sv = user.sv ?? 0
      }
      // Switching workspace: only to one where the user has an active membership.
      if (trigger === 'update' && token.uid && typeof session?.tenantId === 'string') {
        const m = await db().membership.findUnique({
          where: { tenantId_userId: { tenantId: session.tenantId, userId: token.uid } },
          select: { status: true },
        })
        if (m?.status === 'ACTIVE') {
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
      return session
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
