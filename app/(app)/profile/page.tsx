import type { Metadata } from 'next'
import Link from 'next/link'
import { formatInstant } from '@/components/data-table/cells'
import { PageHeader } from '@/components/page-header'
import { describeUserAgent } from '@/lib/auth/user-agent'
import { getAccess } from '@/lib/authz/get-access'
import { requirePage } from '@/lib/authz/guards'
import { listOpenSessions } from '@/lib/db/sessions'
import { twoFactorState } from '@/lib/db/two-factor'
import { getProfile } from '@/lib/db/users'
import { PasswordForm, ProfileForm } from './profile-forms'
import { SessionsList, type SessionRow } from './sessions-list'

export const metadata: Metadata = { title: 'Profile' }

export default async function ProfilePage() {
  // Reachable before two-factor sign-in is set up: a member can always see their profile, change their password and end sessions.
  const access = await requirePage(null, { beforeTwoFactor: true })
  const [profile, open, state, twoFactor] = await Promise.all([
    getProfile(access.userId),
    listOpenSessions(access.userId),
    getAccess(),
    twoFactorState(access.userId),
  ])
  const current = state.status === 'ok' ? state.sessionId : null
  const sessions: SessionRow[] = open.map((s) => ({
    id: s.id,
    device: describeUserAgent(s.userAgent),
    ip: s.ip,
    signedIn: formatInstant(s.createdAt.toISOString()),
    lastSeen: formatInstant(s.lastSeenAt.toISOString()),
    current: s.id === current,
  }))
  return (
    <div className="max-w-xl">
      <PageHeader title="Profile" description={profile.email} />
      <section aria-labelledby="profile-name" className="mb-8 rounded-lg border border-line bg-white p-6">
        <h2 id="profile-name" className="mb-4 text-lg font-semibold">
          Your name
        </h2>
        <ProfileForm name={profile.name} />
      </section>
      <section aria-labelledby="profile-password" className="mb-8 rounded-lg border border-line bg-white p-6">
        <h2 id="profile-password" className="mb-4 text-lg font-semibold">
          Change password
        </h2>
        <PasswordForm />
      </section>
      <section aria-labelledby="profile-two-factor" className="mb-8 rounded-lg border border-line bg-white p-6">
        <h2 id="profile-two-factor" className="mb-2 text-lg font-semibold">
          Two-factor sign-in
        </h2>
        <p className="mb-4 text-sm text-ink-muted">
          {twoFactor.enabledAt
            ? `On since ${formatInstant(twoFactor.enabledAt.toISOString())}. Recovery codes left: ${twoFactor.recoveryLeft} of 10.`
            : 'Off. With it on, sign-in asks for a code from an app on your phone after your password.'}
        </p>
        <Link href="/profile/two-factor" className="text-sm font-medium text-brand underline">
          {twoFactor.enabledAt ? 'Manage two-factor sign-in' : 'Set up two-factor sign-in'}
        </Link>
      </section>
      <section aria-labelledby="profile-sessions" className="rounded-lg border border-line bg-white p-6">
        <h2 id="profile-sessions" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-ink-muted">Where your account is signed in now. End a session you do not recognise; to end this one, sign out.</p>
        <SessionsList sessions={sessions} />
      </section>
    </div>
  )
}
