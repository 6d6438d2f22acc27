import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { SeatMeter } from '@/components/usage-meter'
import { MODULES } from '@/lib/authz/catalog'
import { requirePage } from '@/lib/authz/guards'
import { homePanels } from '@/lib/authz/home'
import { navigationFor } from '@/lib/authz/nav'
import { loadHome } from '@/lib/db/home'
import { ChangesPanel, PeoplePanel } from './home-panels'

/** A module's one-line description from the catalog, on its card when the module has one entry (Settings has several). */
function cardsFor(sections: ReturnType<typeof navigationFor>) {
  return sections.flatMap((s) => {
    const mod = MODULES.find((m) => m.id === s.id)
    return s.items.map((i) => ({ ...i, note: mod && mod.nav.length === 1 ? mod.description : s.label }))
  })
}

export default async function HomePage() {
  const access = await requirePage()
  const sections = navigationFor(access)
  const show = homePanels(access)
  const home = await loadHome(access)
  const cards = cardsFor(sections)

  return (
    <>
      <PageHeader
        title={`Welcome, ${access.member.name || access.email}`}
        description={`You are ${access.baseRole === 'MEMBER' ? 'a member' : `an ${access.baseRole.toLowerCase()}`} of ${access.member.tenantName.replace(/\.$/, '')}.`}
      />
      {home.seats && (
        <SeatMeter
          used={home.seats.used}
          limit={home.seats.limit}
          planName={home.seats.planName}
          planHref={show.planHref}
          upgradable={home.seats.upgradable}
          reasonId="home-seats"
        />
      )}
      {home.seats && show.planHref && (
        <p className="-mt-4 mb-6 text-sm">
          <Link href={show.planHref} className="font-medium text-brand underline">
            See the plan and its seats
          </Link>
        </p>
      )}
      {(home.members || home.changes) && (
        <div className="mb-6 grid min-w-0 gap-4 lg:grid-cols-2">
          {home.members && <PeoplePanel counts={home.members} />}
          {home.changes && <ChangesPanel changes={home.changes} />}
        </div>
      )}
      <section aria-labelledby="home-modules">
        <h2 id="home-modules" className="mb-3 text-lg font-semibold text-ink">
          Your modules
        </h2>
        {show.crmWithheld && (
          <p className="mb-3 text-sm text-ink-muted">Contacts isn’t listed because your account doesn’t have CRM access. Workspace admins can grant it.</p>
        )}
        {cards.length === 0 ? (
          <p className="text-ink-muted">Your role doesn’t include any module yet. Ask a workspace admin for access.</p>
        ) : (
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {cards.map((i) => (
              <li key={i.href}>
                <Link href={i.href} className="block h-full rounded-lg border border-line bg-white p-4 hover:border-brand">
                  <span className="block font-medium text-ink">{i.label}</span>
                  <span className="mt-1 block text-sm text-ink-muted">{i.note}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
