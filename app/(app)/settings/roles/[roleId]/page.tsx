import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { PageHeader } from '@/components/page-header'
import { permissionLocks } from '@/lib/authz/grants'
import { requirePage } from '@/lib/authz/guards'
import { getRole, listRoles, roleUsage } from '@/lib/db/roles'
import { NoticeProvider, NoticeSlot } from './notice'
import { RoleActions } from './role-actions'
import { RoleEditor } from './role-editor'

export const metadata: Metadata = { title: 'Edit role template' }

const link = 'rounded-sm text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

export default async function RolePage({
  params,
  searchParams,
}: {
  params: Promise<{ roleId: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const access = await requirePage('roles.view')
  const { roleId } = await params
  const role = await getRole(access.tenantId, roleId)
  if (!role) notFound()
  const can = { edit: access.can('roles.edit'), duplicate: access.can('roles.create'), assign: access.can('roles.assign'), delete: access.can('roles.delete') }
  const [others, usage] = await Promise.all([can.delete ? listRoles(access.tenantId) : [], can.duplicate ? roleUsage(access.tenantId) : null])
  const otherRoles = others.filter((r) => r.id !== role.id).map(({ id, name }) => ({ id, name }))
  const n = role.members
  const uses = `${n === 0 ? 'No' : n} member${n === 1 ? ' uses' : 's use'} this role template`

  return (
    <NoticeProvider
      initial={
        (await searchParams).copied === '1'
          ? { kind: 'success', text: `Duplicated. This is the copy, “${role.name}”: the same permissions, no members yet. Rename it and save.` }
          : null
      }
    >
      <p className="mb-2 text-sm">
        <Link href="/settings/roles" className={link}>
          ← Role templates
        </Link>
      </p>
      <PageHeader
        title={can.edit ? `Edit role template: ${role.name}` : role.name}
        actions={
          <RoleActions
            role={{ id: role.id, name: role.name, members: n }}
            otherRoles={otherRoles}
            can={can}
            atLimit={usage !== null && usage.used >= usage.limit}
          />
        }
      />
      <p className="-mt-4 mb-6 text-sm text-ink-muted">
        {n > 0 && access.can('users.view') ? (
          <Link href={`/settings/users?template=${encodeURIComponent(role.id)}`} className={link}>
            {uses}
          </Link>
        ) : (
          uses
        )}
        .
      </p>
      <NoticeSlot />
      <RoleEditor
        key={role.version}
        role={{ id: role.id, name: role.name, description: role.description, version: role.version, permissions: role.permissions }}
        canEdit={can.edit}
        // The server's answer per permission (not in the plan, not held): "grant only what you hold".
        locks={permissionLocks(access)}
      />
    </NoticeProvider>
  )
}
