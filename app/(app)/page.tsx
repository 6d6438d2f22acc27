import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { navigationFor } from '@/lib/authz/nav'

export default async function HomePage() {
  const access = await requirePage()
  const sections = navigationFor(access)
  return (
    <>
      <PageHeader
        title={`Welcome, ${access.member.name || access.email}`}
        description={`You are ${access.baseRole === 'MEMBER' ? 'a member' : `an ${access.baseRole.toLowerCase()}`} of ${access.member.tenantName.replace(/\.$/, '')}.`}
      />
      {sections.length === 0 ? (
        <p className="text-ink-muted">Your role doesn’t include any module yet. Ask a workspace admin for access.</p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {sections
            .flatMap((s) => s.items)
            .map((i) => (
              <li key={i.href}>
                <Link href={i.href} className="block rounded-lg border border-line bg-white p-4 hover:border-brand">
                  {i.label}
                </Link>
              </li>
            ))}
        </ul>
      )}
    </>
  )
}
