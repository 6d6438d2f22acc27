import type { Metadata } from 'next'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { getProfile } from '@/lib/db/users'
import { PasswordForm, ProfileForm, SignOutEverywhere } from './profile-forms'

export const metadata: Metadata = { title: 'Profile' }

export default async function ProfilePage() {
  const access = await requirePage()
  const profile = await getProfile(access.userId)
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
      <section aria-labelledby="profile-sessions" className="rounded-lg border border-line bg-white p-6">
        <h2 id="profile-sessions" className="mb-2 text-lg font-semibold">
          Sessions
        </h2>
        <p className="mb-4 text-sm text-ink-muted">End every session of your account, on every device, this one included.</p>
        <SignOutEverywhere />
      </section>
    </div>
  )
}
