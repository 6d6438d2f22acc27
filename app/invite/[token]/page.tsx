import type { Metadata } from 'next'
import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { clientIp } from '@/lib/auth/client-ip'
import { inviteLookupsBlocked, countBadInviteLookup } from '@/lib/auth/rate-limit'
import { findInvitation, type InvitationState } from '@/lib/db/invitations'
import { AcceptForm } from './accept-form'
import { Card } from './card'

export const metadata: Metadata = { title: 'Accept invitation', referrer: 'no-referrer' }

// Public on purpose: the invitee has no session yet. The token is the proof; nothing here
// reveals more than the workspace, the inviter and the invited address.
// A link that matches no invitation answers 404 (not-found.tsx says why); one that matched an
// invitation no longer open says what happened to it.
const DEAD_ENDS: Record<Exclude<InvitationState, 'valid' | 'unknown'>, { title: string; body: string }> = {
  used: { title: 'This invitation has already been used', body: 'If it was you, sign in with the email address it was sent to.' },
  voided: { title: 'This link was replaced by a newer invitation', body: 'A new invitation was sent after this one. Open the link in the most recent email.' },
  expired: { title: 'This invitation has expired', body: 'Invitation links work for a limited time. Ask the person who invited you to resend it.' },
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params
  const ip = clientIp(await headers())
  if (await inviteLookupsBlocked(ip)) {
    return (
      <Card>
        <h1 className="mb-2 text-2xl font-semibold">Too many attempts</h1>
        <p className="text-sm text-ink-muted">Too many invalid invitation links were opened from your network. Try again in 15 minutes.</p>
      </Card>
    )
  }
  const inv = await findInvitation(token)
  if (inv.state === 'unknown') {
    await countBadInviteLookup(ip)
    notFound()
  }
  if (inv.state !== 'valid') {
    const d = DEAD_ENDS[inv.state]
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
      <h1 className="mb-1 text-2xl font-semibold">Join {inv.workspaceName}</h1>
      <p className="mb-6 text-sm text-ink-muted">
        {inv.inviterName ? (
          <>
            <strong className="font-medium text-ink">{inv.inviterName}</strong> invited{' '}
          </>
        ) : (
          'You were invited as '
        )}
        <strong className="font-medium text-ink">{inv.email}</strong>
        {inv.hasAccount ? '. Sign in with your password to join.' : '. Choose your name and a password to set up your account.'}
      </p>
      <AcceptForm token={token} email={inv.email!} hasAccount={!!inv.hasAccount} defaultName={inv.userName ?? ''} />
    </Card>
  )
}
