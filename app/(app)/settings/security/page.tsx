import type { Metadata } from 'next'
import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { requirePage, TWO_FACTOR_SETUP_PATH } from '@/lib/authz/guards'
import { securityOverview, settingsVersion } from '@/lib/db/security-settings'
import { SecurityForm } from './security-form'

export const metadata: Metadata = { title: 'Security' }

export default async function SecurityPage() {
  // Reachable before two-factor sign-in is set up, like its action (see actions.ts): whoever turned
  // the requirement on can always turn it off again.
  const access = await requirePage('security.view', { beforeTwoFactor: true })
  const overview = await securityOverview(access.tenantId)
  const { activeMembers, withoutTwoFactor, ...settings } = overview
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Security"
        description="Two-factor sign-in, where invitations may go, and how long sessions last. Changes apply from each member’s next request."
      />
      {access.twoFactorPending && (
        <p className="mb-6 rounded-md border border-amber-200 bg-warn-soft px-3 py-2 text-sm text-warn">
          This workspace requires two-factor sign-in and you have not set it up: until you do, only this page and your profile open.{' '}
          <Link href={TWO_FACTOR_SETUP_PATH} className="font-medium underline">
            Set up two-factor sign-in
          </Link>
        </p>
      )}
      <SecurityForm
        settings={settings}
        version={settingsVersion(settings)}
        canEdit={access.can('security.edit')}
        members={{ active: activeMembers, withoutTwoFactor }}
        youUseTwoFactor={access.member.twoFactorEnabled}
      />
    </div>
  )
}
