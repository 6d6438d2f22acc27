import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { PageHeader } from '@/components/page-header'
import { LEAVES } from '@/lib/authz/catalog'
import { requirePage } from '@/lib/authz/guards'
import { getRole } from '@/lib/db/roles'
import { RoleEditor } from './role-editor'

export const metadata: Metadata = { title: 'Edit role' }

export default async function RolePage({ params }: { params: Promise<{ roleId: string }> }) {
  const access = await requirePage('roles.view')
  const { roleId } = await params
  const role = await getRole(access.tenantId, roleId)
  if (!role) notFound()
  const canEdit = access.can('roles.edit')
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/settings/roles" className="text-brand underline">← Roles</Link></p>
      <PageHeader title={canEdit ? `Edit role: ${role.name}` : role.name} description={`${role.members} member${role.members === 1 ? '' : 's'} use this role.`} />
      <RoleEditor
        role={{ id: role.id, name: role.name, description: role.description, version: role.version, permissions: role.permissions }}
        canEdit={canEdit}
        grantable={LEAVES.filter((l) => access.can(l.key)).map((l) => l.key)}
        enabledModules={[...access.member.enabledModules]}
      />
    </>
  )
}
