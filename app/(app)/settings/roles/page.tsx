import type { Metadata } from 'next'
import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { RoleMeter } from '@/components/usage-meter'
import { requirePage } from '@/lib/authz/guards'
import { navigationFor } from '@/lib/authz/nav'
import { listRoles, listRolesPage, roleUsage } from '@/lib/db/roles'
import { parseRoleQuery } from '@/lib/validation/roles'
import { RolesTable } from './roles-table'
import type { RoleListRow } from './types'

export const metadata: Metadata = { title: 'Role templates' }

type SearchParams = Record<string, string | string[] | undefined>

const ROLES_REASON_ID = 'roles-reason'
const button =
  'inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

export default async function RolesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requirePage('roles.view')
  const query = parseRoleQuery(await searchParams)
  const can = {
    create: access.can('roles.create'),
    edit: access.can('roles.edit'),
    delete: access.can('roles.delete'),
    assign: access.can('roles.assign'),
  }
  const [list, usage, all] = await Promise.all([
    listRolesPage(access.tenantId, query),
    roleUsage(access.tenantId),
    // Every role (id, name) for the delete dialog's "move them to" select; only needed to delete.
    can.delete ? listRoles(access.tenantId) : Promise.resolve([]),
  ])

  const atLimit = usage.used >= usage.limit
  const planHref = navigationFor(access).find((s) => s.id === 'billing')?.items[0]?.href ?? null
  const rows: RoleListRow[] = list.rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    members: r.members,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }))

  return (
    <>
      <PageHeader
        title="Role templates"
        description="Role templates give members a set of permissions. Changes apply on each member’s next request."
        actions={
          can.create ? (
            atLimit ? (
              // aria-disabled, not disabled: the button stays focusable, so its reason is read out.
              <button type="button" aria-disabled="true" aria-describedby={ROLES_REASON_ID} className={`${button} cursor-not-allowed bg-gray-400 text-white`}>
                New role template
              </button>
            ) : (
              <Link href="/settings/roles/new" className={`${button} bg-brand text-white hover:bg-brand-hover`}>
                New role template
              </Link>
            )
          ) : undefined
        }
      />
      <RoleMeter used={usage.used} limit={usage.limit} planName={usage.planName} planHref={planHref} upgradable={usage.upgradable} reasonId={ROLES_REASON_ID} />
      <RolesTable
        rows={rows}
        total={list.total}
        page={list.page}
        query={{ q: query.q, sort: query.sort, dir: query.dir, size: query.size }}
        allRoles={all.map((r) => ({ id: r.id, name: r.name }))}
        can={can}
        atLimit={atLimit}
      />
    </>
  )
}
