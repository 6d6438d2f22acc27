import type { Metadata } from 'next'
import { exportHref } from '@/components/data-table/export-href'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { loadContactsPage } from '@/lib/db/contacts'
import { parseContactQuery } from '@/lib/validation/contacts'
import { ContactsTable } from './contacts-table'
import { NewContactDialog } from './new-contact-dialog'
import { focusRing } from '@/components/ui/focus-ring'

export const metadata: Metadata = { title: 'Contacts' }

type SearchParams = Record<string, string | string[] | undefined>

export default async function ContactsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requirePage('contacts.view')
  const params = await searchParams
  const query = parseContactQuery(params)
  const { list, owners, teams } = await loadContactsPage(access, query)
  const canCreate = access.can('contacts.create')
  const canExport = access.can('contacts.export')

  return (
    <>
      <PageHeader
        title="Contacts"
        // Scoped: the count of the contacts this member may see (with the filters), never the workspace's.
        description={`${list.total} contact${list.total === 1 ? '' : 's'} you can see`}
        actions={
          canCreate || canExport ? (
            <>
              {canExport && (
                <a
                  href={exportHref('/contacts/export', params)}
                  download
                  className={`inline-flex items-center rounded-md border border-line bg-white px-3.5 py-2 text-sm font-medium text-ink hover:bg-gray-50 ${focusRing}`}
                >
                  Export CSV
                </a>
              )}
              {canCreate && <NewContactDialog owners={owners} teams={teams} selfId={access.membershipId} canAssign={access.can('contacts.assign')} />}
            </>
          ) : undefined
        }
      />
      <ContactsTable
        rows={list.rows}
        total={list.total}
        page={list.page}
        cursors={list.cursors}
        query={{ sort: query.sort, dir: query.dir, size: query.size, q: query.q, owner: query.owner ?? null, team: query.team ?? null }}
        owners={owners}
        teams={teams}
        selfId={access.membershipId}
      />
    </>
  )
}
