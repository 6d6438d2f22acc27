import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { getContact } from '@/lib/db/contacts'
import { listOwnerOptions, listPickers } from '@/lib/db/pickers'
import { AssignContactForm } from './assign-contact-form'
import { DeleteContactButton } from './delete-contact-button'
import { EditContactForm } from './edit-contact-form'
import { focusRing } from '@/components/ui/focus-ring'

export const metadata: Metadata = { title: 'Contact' }

const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default async function ContactPage({ params }: { params: Promise<{ contactId: string }> }) {
  const access = await requirePage('contacts.view')
  const { contactId } = await params
  // Outside the member's scopes, or in another workspace: it does not exist for them.
  const contact = await getContact(access, contactId)
  if (!contact) notFound()
  const { can } = contact
  const [owners, pickers] = can.assign ? await Promise.all([listOwnerOptions(access.tenantId), listPickers(access.tenantId)]) : [[], { teams: [] }]

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/contacts" className={`rounded-sm text-brand underline ${focusRing}`}>
          ← Contacts
        </Link>
      </p>
      <PageHeader
        title={contact.name}
        description={contact.email ?? 'No email address'}
        actions={can.delete ? <DeleteContactButton contactId={contact.id} name={contact.name} /> : undefined}
      />
      <div className="flex max-w-2xl flex-col gap-8">
        <section aria-labelledby="contact-details-heading">
          <h2 id="contact-details-heading" className="mb-2 text-lg font-semibold">
            Details
          </h2>
          <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-ink-muted">Email</dt>
            <dd>{contact.email ?? '—'}</dd>
            <dt className="text-ink-muted">Owner</dt>
            <dd>{contact.owner?.label ?? 'Unassigned'}</dd>
            <dt className="text-ink-muted">Team</dt>
            <dd>{contact.team?.name ?? '—'}</dd>
            <dt className="text-ink-muted">Created</dt>
            <dd>
              <time dateTime={contact.createdAt}>{when.format(new Date(contact.createdAt))}</time>
            </dd>
          </dl>
        </section>
        {can.edit && <EditContactForm contact={{ id: contact.id, name: contact.name, email: contact.email ?? '' }} />}
        {can.assign && (
          <AssignContactForm
            contact={{ id: contact.id, owner: contact.owner, teamId: contact.team?.id ?? null }}
            owners={owners}
            teams={pickers.teams}
            selfId={access.membershipId}
          />
        )}
        {!can.edit && !can.assign && !can.delete && <p className="text-sm text-ink-muted">You can view this contact but not change it.</p>}
      </div>
    </>
  )
}
