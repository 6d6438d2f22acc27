import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { clientIp } from '@/lib/auth/client-ip'
import { countBadInviteLookup, inviteLookupsBlocked } from '@/lib/auth/rate-limit'
import { findPasswordReset, type PasswordResetState } from '@/lib/db/password-resets'
import { Card } from '../../invite/[token]/card'
import { ResetForm } from './reset-form'

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' }

// Public on purpose: the link went to the account's address, and opening it is the proof. A link
// that matches no request answers 404 (not-found.tsx); one that was used or has expired says so.
const DEAD_ENDS: Record<Exclude<PasswordResetState, 'valid' | 'unknown'>, { title: string; body: string }> = {
  used: { title: 'This reset link was already used', body: 'A reset link works once. If you need to change your password again, request a new link.' },
  expired: {
    title: 'This reset link has expired',
    body: 'Reset links work for 1 hour, and a newer request replaces the older link. Request a new link.',
  },
}

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  const ip = clientIp(await headers())
  if (await inviteLookupsBlocked(ip)) {
    return (
      <Card>
        <h1 className="mb-2 text-2xl font-semibold">Too many attempts</h1>
        <p className="text-sm text-ink-muted">Too many invalid links were opened from your network. Try again in 15 minutes.</p>
      </Card>
    )
  }
  const r = await findPasswordReset(token)
  if (r.state === 'unknown') {
    await countBadInviteLookup(ip)
    notFound()
  }
  if (r.state !== 'valid') {
    const d = DEAD_ENDS[r.state]
    return (
      <Card>
        <h1 className="mb-2 text-2xl font-semibold">{d.title}</h1>
        <p className="mb-6 text-sm text-ink-muted">{d.body}</p>
        <Link href="/forgot-password" className="text-sm font-medium text-brand underline">
          Request a new link
        </Link>
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="mb-1 text-2xl font-semibold">Choose a new password</h1>
      <p className="mb-6 text-sm text-ink-muted">Setting a new password signs this account out everywhere.</p>
      <ResetForm token={token} email={r.email!} />
    </Card>
  )
}
