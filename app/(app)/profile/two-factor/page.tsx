import type { Metadata } from 'next'
import Link from 'next/link'
import { formatInstant } from '@/components/data-table/cells'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { twoFactorState, workspacesRequiringTwoFactor } from '@/lib/db/two-factor'
import { TwoFactorOff, TwoFactorOn } from './two-factor-forms'

export const metadata: Metadata = { title: 'Two-factor sign-in' }

export default async function TwoFactorPage() {
  // Where a workspace that requires two-factor sends a member who has not set it up.
  const access = await requirePage(null, { beforeTwoFactor: true })
  const [state, requiredBy] = await Promise.all([twoFactorState(access.userId), workspacesRequiringTwoFactor(access.userId)])
  return (
    <div className="max-w-xl">
      <p className="mb-2 text-sm">
        <Link href="/profile" className="text-brand underline">
          Profile
        </Link>
      </p>
      <PageHeader
        title="Two-factor sign-in"
        description="After your password, sign-in asks for a code from an authenticator app on your phone (Google Authenticator, 1Password, Authy…), so a stolen password alone does not open your account."
      />
      {state.enabledAt ? (
        <TwoFactorOn since={formatInstant(state.enabledAt.toISOString())} recoveryLeft={state.recoveryLeft} requiredBy={requiredBy} />
      ) : (
        <TwoFactorOff requiredBy={requiredBy} />
      )}
    </div>
  )
}
