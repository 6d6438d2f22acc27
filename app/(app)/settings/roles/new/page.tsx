import type { Metadata } from 'next'
import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { RoleMeter } from '@/components/usage-meter'
import { permissionLocks } from '@/lib/authz/grants'
import { requirePage } from '@/lib/authz/guards'
import { navigationFor } from '@/lib/authz/nav'
import { STARTER_ROLES, getStarterRole } from '@/lib/authz/starter-roles'
import { listRoles, roleUsage } from '@/lib/db/roles'
import { NewRoleForm } from './new-role-form'

export const metadata: Metadata = { title: 'New role template' }

type SearchParams = Record<string, string | string[] | undefined>

const REASON_ID = 'roles-reason'
const link = 'rounded-sm text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

/** The starter's name, or the first free "Name 2", "Name 3"… when a role already has it. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name
  for (let i = 2; ; i++) if (!taken.has(`${name} ${i}`)) return `${name} ${i}`
}

/** One "Start from" choice: a link (so choosing works without JavaScript) drawn as a radio card. */
function StartCard({ href, selected, title, detail, count }: { href: string; selected: boolean; title: string; detail: string; count: string }) {
  return (
    <li>
      <Link
        href={href}
        scroll={false}
        aria-current={selected ? 'true' : undefined}
        className={`flex h-full gap-3 rounded-lg border bg-white p-3 text-sm hover:border-brand focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1 ${selected ? 'border-brand ring-1 ring-brand' : 'border-line'}`}
      >
        {/* The dot is drawn, not coloured only: filled when chosen, hollow otherwise. */}
        <span aria-hidden="true" className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border-2 border-brand">
          {selected && <span className="size-2 rounded-full bg-brand" />}
        </span>
        <span className="flex flex-col gap-1">
          <span className="font-medium text-ink">{title}</span>
          <span className="text-ink-muted">{detail}</span>
          <span className="text-xs text-ink-muted">{count}</span>
        </span>
      </Link>
    </li>
  )
}

export default async function NewRolePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requirePage('roles.create')
  const params = await searchParams
  const from = typeof params.from === 'string' ? params.from : ''
  const starter = from ? getStarterRole(from) : undefined
  const [usage, roles] = await Promise.all([roleUsage(access.tenantId), listRoles(access.tenantId)])
  const planHref = navigationFor(access).find((s) => s.id === 'billing')?.items[0]?.href ?? null
  const atLimit = usage.used >= usage.limit
  const name = starter ? freeName(starter.name, new Set(roles.map((r) => r.name))) : ''

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/roles" className={link}>
          ← Role templates
        </Link>
      </p>
      <PageHeader title="New role template" description="Start from a blank role template or one of the starters, then adjust its name and permissions." />
      {atLimit ? (
        <RoleMeter used={usage.used} limit={usage.limit} planName={usage.planName} planHref={planHref} upgradable={usage.upgradable} reasonId={REASON_ID} />
      ) : (
        <div className="flex flex-col gap-8">
          <section aria-labelledby="start-from">
            <h2 id="start-from" className="mb-1 text-lg font-semibold text-ink">
              Start from
            </h2>
            <p className="mb-3 text-sm text-ink-muted">Choosing a template fills in the form below; nothing is saved until you create the role template.</p>
            <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
              <StartCard
                href="/settings/roles/new"
                selected={!starter}
                title="Blank role template"
                detail="No permissions: check the ones the role template should give."
                count="0 permissions"
              />
              {STARTER_ROLES.map((t) => (
                <StartCard
                  key={t.id}
                  href={`/settings/roles/new?from=${t.id}`}
                  selected={starter?.id === t.id}
                  title={t.name}
                  detail={t.description}
                  count={`${t.permissions.length} permission${t.permissions.length === 1 ? '' : 's'}`}
                />
              ))}
            </ul>
          </section>
          <section aria-labelledby="role-details">
            <h2 id="role-details" className="mb-3 text-lg font-semibold text-ink">
              Role template details{starter && <span className="font-normal text-ink-muted"> · from {starter.name}</span>}
            </h2>
            <NewRoleForm
              key={starter?.id ?? 'blank'}
              starter={starter ? { name: starter.name, description: starter.description, permissions: [...starter.permissions] } : null}
              name={name}
              locks={permissionLocks(access)}
            />
          </section>
        </div>
      )}
    </>
  )
}
