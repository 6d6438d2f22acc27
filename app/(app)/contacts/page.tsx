import type { Metadata } from 'next'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { listContacts } from '@/lib/db/contacts'

export const metadata: Metadata = { title: 'Contacts' }

export default async function ContactsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requirePage('contacts.view')
  const sp = await searchParams
  const q = typeof sp.q === 'string' ? sp.q.slice(0, 100) : ''
  const { rows, total } = await listContacts(access, { q })
  return (
    <>
      <PageHeader title="Contacts" description={`${total} contact${total === 1 ? '' : 's'} you can see.`} />
      <form role="search" className="mb-4 flex gap-2">
        <label htmlFor="contact-search" className="sr-only">Search contacts</label>
        <input id="contact-search" name="q" type="search" defaultValue={q} placeholder="Search by name or email" className="w-72 rounded-md border border-gray-300 px-3 py-1.5 text-sm" />
        <button type="submit" className="rounded-md border border-line bg-white px-3 py-1.5 text-sm">Search</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-line bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
            <tr><th scope="col" className="px-4 py-2">Name</th><th scope="col" className="px-4 py-2">Email</th><th scope="col" className="px-4 py-2">Owner</th><th scope="col" className="px-4 py-2">Team</th></tr>
          </thead>
          <tbody className="divide-y divide-line">
            {rows.map((c) => (
              <tr key={c.id}><td className="px-4 py-2 font-medium">{c.name}</td><td className="px-4 py-2">{c.email}</td><td className="px-4 py-2">{c.owner ?? <span className="text-ink-muted">Unassigned</span>}</td><td className="px-4 py-2">{c.team ?? '—'}</td></tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-4 text-sm text-ink-muted">No contacts{q ? ` match “${q}”` : ''}.</p>}
      </div>
    </>
  )
}
