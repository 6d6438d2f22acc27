import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { PageHeader } from '@/components/page-header'
import { leafLabel, LEAVES, MODULES } from '@/lib/authz/catalog'
import { requirePage } from '@/lib/authz/guards'

export const metadata: Metadata = { title: 'Module' }

// The landing page of a catalog module that has no screens of its own in this app (the demo
// catalog's Inbox, Broadcasts, Workflows…). It is gated exactly like its menu entry and lists
// what the member may do there: where a host product mounts its own screens.
export default async function ModulePage({ params }: { params: Promise<{ moduleId: string }> }) {
  const { moduleId } = await params
  const mod = MODULES.find((m) => m.id === moduleId && m.nav.some((n) => n.href === `/modules/${moduleId}`))
  if (!mod) notFound()
  const access = await requirePage(mod.nav[0].anyOf)
  const held = LEAVES.filter((l) => l.moduleId === mod.id && access.can(l.key))
  return (
    <>
      <PageHeader title={mod.label} description={mod.description} />
      <section aria-labelledby="can-do" className="rounded-lg border border-line bg-white p-6">
        <h2 id="can-do" className="mb-3 text-lg font-semibold">
          What you can do here
        </h2>
        <ul className="list-disc pl-5 text-sm">
          {held.map((l) => (
            <li key={l.key}>{leafLabel(l.key)}</li>
          ))}
        </ul>
      </section>
    </>
  )
}
