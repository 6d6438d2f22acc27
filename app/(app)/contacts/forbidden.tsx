import Link from 'next/link'
import Forbidden from '@/app/forbidden'
import { getAccess } from '@/lib/authz/get-access'
import { crmWithheld } from '@/lib/authz/home'

/**
 * The 403 of the contacts pages (their gate, requirePage('contacts.view'), is unchanged): a
 * member whose only missing piece is CRM access reads that, and who can turn it on.
 */
export default async function ContactsForbidden() {
  const state = await getAccess()
  if (state.status !== 'ok' || !crmWithheld(state.access)) return <Forbidden />
  return (
    <div className="mx-auto max-w-lg px-6 py-24 text-center">
      <p className="text-sm font-semibold text-brand">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Your account doesn’t have CRM access</h1>
      <p className="mt-3 text-ink-muted">
        Contacts are part of the CRM, and CRM access is turned on per member. Workspace admins (owners and admins) can grant it to you in Settings → Users.
      </p>
      <Link href="/" className="mt-6 inline-block text-brand underline">
        Go to the home page
      </Link>
    </div>
  )
}
