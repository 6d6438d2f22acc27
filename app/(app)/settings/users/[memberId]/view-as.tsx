import { Access, type AccessInput } from '@/lib/authz/access'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { LEAVES, type ScopedActionKey } from '@/lib/authz/catalog'
import { explainRecord } from '@/lib/authz/explain-record'
import { holders, recordReason, type ReasonContext } from '@/lib/authz/explain-reason'
import { navigationFor } from '@/lib/authz/nav'
import { getContactRecord } from '@/lib/db/contact-record'
import { getContact, listContacts } from '@/lib/db/contacts'
import { ViewAsContactPicker } from './view-as-contact-picker'

type SearchParams = Record<string, string | string[] | undefined>
const CHECKS: readonly { action: ScopedActionKey; label: string }[] = [
  { action: 'contacts.view', label: 'View' },
  { action: 'contacts.edit', label: 'Edit' },
  { action: 'contacts.delete', label: 'Delete' },
]
const PICKER_SIZE = 100

/** A menu's entries after its name (": Users, Roles"), or nothing when its one entry repeats the name (Contacts). */
function menuItems(section: { label: string; items: { label: string }[] }): string {
  const labels = section.items.map((i) => i.label)
  return labels.length === 1 && labels[0] === section.label ? '' : `: ${labels.join(', ')}`
}

/**
 * "View as": what this member would see (their menus) and, for a contact the actor picks, whether
 * they may view, edit or delete it and which rule decided. Read only; the member's access is
 * computed from their saved settings exactly as their next request would.
 */
export async function ViewAs({
  input,
  actor,
  teams,
  searchParams,
}: {
  input: AccessInput
  actor: Access
  teams: { id: string; name: string }[]
  searchParams: Promise<SearchParams>
}) {
  const member = new Access(input)
  const name = input.name || input.email
  const raw = (await searchParams).contact
  const contactId = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 64) || null

  const [list, contact] = await Promise.all([
    listContacts(actor, { sort: 'name', dir: 'asc', page: 1, size: PICKER_SIZE }),
    contactId ? getContact(actor, contactId) : null,
  ])
  // Tenant-checked, and only for a contact the actor may see (getContact applied their scope).
  const record = contact ? await getContactRecord(actor.tenantId, contact.id) : null
  const ctx: ReasonContext | null = record && { input, record, teams: new Map(teams.map((t) => [t.id, t.name])), noun: 'contact' }
  const choices = contact && !list.rows.some((c) => c.id === contact.id) ? [contact, ...list.rows] : list.rows

  const nav = navigationFor(member)
  const inactive = input.status === 'SUSPENDED' ? 'suspended' : input.status === 'INVITED' ? 'invited' : null

  return (
    <section id="view-as" aria-labelledby="view-as-heading" className="max-w-3xl scroll-mt-6">
      <h2 id="view-as-heading" className="text-lg font-semibold">
        View as {name}
      </h2>
      <p className="mb-3 text-sm text-ink-muted">What this member sees and may do, from their saved settings.</p>
      {inactive && (
        <p className="mb-3 rounded-md border border-line bg-warn-soft px-3 py-2 text-sm text-warn">
          {inactive === 'suspended'
            ? 'This member is suspended: they get no menus and no permissions until they are reactivated.'
            : 'This member is invited: they get no menus and no permissions until they accept the invitation.'}
        </p>
      )}

      <h3 className="mb-1 font-medium">Menus</h3>
      {nav.length === 0 ? (
        <p className="text-sm text-ink-muted">No menus.</p>
      ) : (
        <ul className="flex flex-col gap-1 text-sm">
          {nav.map((s) => (
            <li key={s.id}>
              <span className="font-medium">{s.label}</span>
              {menuItems(s)}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-sm text-ink-muted">
        {member.keys().length} of {LEAVES.length} permissions held.
      </p>

      <h3 className="mb-1 mt-6 font-medium">Check a contact</h3>
      <ViewAsContactPicker memberId={input.membershipId} contacts={choices} total={Math.max(list.total, choices.length)} chosen={contact?.id ?? null} />
      {contactId && !ctx && (
        <p className="mt-3 text-sm text-danger" role="status">
          Contact not found.
        </p>
      )}
      {contact && ctx && (
        <ScrollRegion label={`Who can reach ${contact.name}`} className="mt-4 rounded-lg border border-line bg-white">
          <table className="w-full text-left text-sm">
            <caption className="px-4 pt-3 text-left text-sm">
              <span className="font-medium">{name}</span> and <span className="font-medium">{contact.name}</span>: the contact {holders(ctx.record)}.
            </caption>
            <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Action
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Allowed?
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Why
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {CHECKS.map((c) => {
                const v = explainRecord(member, c.action, ctx.record)
                return (
                  <tr key={c.action}>
                    <th scope="row" className="px-4 py-2 font-medium">
                      {c.label}
                    </th>
                    <td className={`px-4 py-2 font-medium ${v.allowed ? 'text-ok' : 'text-danger'}`}>{v.allowed ? 'Yes' : 'No'}</td>
                    <td className="px-4 py-2">{recordReason(v, ctx)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  )
}
