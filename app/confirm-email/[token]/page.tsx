import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { clientIp } from '@/lib/auth/client-ip'
import { countBadInviteLookup, inviteLookupsBlocked } from '@/lib/auth/rate-limit'
import { findEmailChange, type EmailChangeState } from '@/lib/db/email-changes'
import { Card } from '../../invite/[token]/card'
import { ConfirmForm } from './confirm-form'

export const metadata: Metadata = { title: 'Confirm new email', referrer: 'no-referrer' }

// Public on purpose: the link went to the new address, and opening it there is the proof. Nothing
// here reveals more than the workspace and the two addresses. A link that matches no request
// answers 404 (not-found.tsx); one that is no longer open says what happened to it (410 Gone).
const DEAD_ENDS: Record<Exclude<EmailChangeState, 'valid' | 'unknown'>, { title: string; body: string }> = {
  used: { title: 'This email change was already confirmed', body: 'Sign in with the new address.' },
  voided: {
    title: 'This email change was cancelled',
    body: 'It was cancelled or replaced by a newer request. Use the link in the most recent email, or ask your admin.',
  },
  expired: { title: 'This confirmation link has expired', body: 'Confirmation links work for 24 hours. Ask your admin to request the change again.' },
}

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
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
  const c = await findEmailChange(token)
  if (c.state === 'unknown') {
    await countBadInviteLookup(ip)
    notFound()
  }
  if (c.state !== 'valid') {
    const d = DEAD_ENDS[c.state]
    return (
      <Card>
        <h1 className="mb-2 text-2xl font-semibold">{d.title}</h1>
        <p className="mb-6 text-sm text-ink-muted">{d.body}</p>
        <Link href="/login" className="text-sm font-medium text-brand underline">
          Go to sign in
        </Link>
      </Card>
    )
  }
  return (
    <Card>
      <h1 className="mb-1 text-2xl font-semibold">Confirm your new email</h1>
      <p className="mb-4 text-sm text-ink-muted">An admin of {c.workspaceName} asked to change the address this account signs in with.</p>
      <dl className="mb-6 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
        <dt className="text-ink-muted">From</dt>
        <dd className="break-all">{c.oldEmail}</dd>
        <dt className="text-ink-muted">To</dt>
        <dd className="font-medium break-all">{c.newEmail}</dd>
      </dl>
      <p className="mb-4 text-sm text-ink-muted">After confirming, sign in with the new address and your password. Your open sessions end.</p>
      <ConfirmForm token={token} />
    </Card>
  )
}
