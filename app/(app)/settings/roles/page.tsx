import type { Metadata } from 'next'
import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { listRoles } from '@/lib/db/roles'

export const metadata: Metadata = { title: 'Roles & permissions' }

const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })

export default async function RolesPage() {
  const access = await requirePage('roles.view')
  const roles = await listRoles(access.tenantId)
  return (
    <>
      <PageHeader title="Roles & permissions" description="Role templates give members a set of permissions. Changes apply on each member’s next request." />
      <div className="overflow-x-auto rounded-lg border border-line bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
            <tr>
              <th scope="col" className="px-4 py-2">Name</th>
              <th scope="col" className="px-4 py-2">Description</th>
              <th scope="col" className="px-4 py-2">Members</th>
              <th scope="col" className="px-4 py-2">Created</th>
              <th scope="col" className="px-4 py-2">Updated</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {roles.map((r) => (
              <tr key={r.id}>
                <td className="px-4 py-2 font-medium"><Link className="text-brand underline" href={`/settings/roles/${r.id}`}>{r.name}</Link></td>
                <td className="max-w-md px-4 py-2 text-ink-muted">{r.description}</td>
                <td className="px-4 py-2">{r.members}</td>
                <td className="px-4 py-2">{date.format(r.createdAt)}</td>
                <td className="px-4 py-2">{date.format(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {roles.length === 0 && <p className="p-4 text-sm text-ink-muted">No roles yet.</p>}
      </div>
    </>
  )
}
