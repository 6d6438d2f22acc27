import { Access, type AccessInput } from '@/lib/authz/access'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { LEAVES, type Scope, type ScopedActionKey } from '@/lib/authz/catalog'
import type { AccessBlock, AccessSource } from '@/lib/authz/explain'
import { explainRecord, type RecordVerdict } from '@/lib/authz/explain-record'
import { navigationFor } from '@/lib/authz/nav'
import { getContactRecord, type ContactRecord } from '@/lib/db/contact-record'
import { getContact, listContacts } from '@/lib/db/contacts'
import { ViewAsContactPicker } from './view-as-contact-picker'

type SearchParams = Record<string, string | string[] | undefined>
const CHECKS: readonly { action: ScopedActionKey; label: string; verb: string }[] = [
  { action: 'contacts.view', label: 'View', verb: 'view' },
  { action: 'contacts.edit', label: 'Edit', verb: 'edit' },
  { action: 'contacts.delete', label: 'Delete', verb: 'delete' },
]
const PICKER_SIZE = 100

/** What the reasons read: the member, the contact's assignment, and team names. */
type Ctx = { input: AccessInput; record: ContactRecord; teams: ReadonlyMap<string, string> }

/** A menu's entries after its name (": Users, Roles"), or nothing when its one entry repeats the name (Contacts). */
function menuItems(section: { label: string; items: { label: string }[] }): string {
  const labels = section.items.map((i) => i.label)
  return labels.length === 1 && labels[0] === section.label ? '' : `: ${labels.join(', ')}`
}

/** "is owned by Ada Admin in team Sales", "has no owner and is in team Support" … */
function holders({ ownerLabel, teamName }: ContactRecord): string {
  if (ownerLabel && teamName) return `is owned by ${ownerLabel} in team ${teamName}`
  if (ownerLabel) return `is owned by ${ownerLabel} and has no team`
  if (teamName) return `has no owner and is in team ${teamName}`
  return 'has no owner and no team'
}

/** Why a scope reaches the record (the same tests as matchingScope, in words). */
function scopeReason(scope: Scope, { input, record, teams }: Ctx): string {
  const mine = new Set(input.teamIds)
  if (record.ownerId === input.membershipId && (scope === 'own' || scope === 'team')) return 'they own the contact'
  if (scope === 'team') {
    if (record.teamId && mine.has(record.teamId)) return `the contact’s team ${record.teamName} is one of their teams`
    const shared = record.ownerTeamIds.filter((t) => mine.has(t)).map((t) => teams.get(t) ?? t)
    return `the contact’s owner ${record.ownerLabel} is in their team${shared.length > 1 ? 's' : ''} ${shared.join(', ')}`
  }
  if (scope === 'all_assigned') return `the contact is assigned (it ${holders(record)})`
  if (scope === 'unassigned_team') return `the contact has no owner and its team ${record.teamName} is one of their teams`
  return 'the contact has no owner and no team'
}

function grantedBy(sources: AccessSource[], input: AccessInput): string {
  const text: Record<AccessSource, string> = {
    owner: 'owner role',
    admin: 'admin role',
    template: `template ${input.roleTemplateName ?? '(role template)'}`,
    direct: 'a direct grant',
  }
  return sources.map((s) => text[s]).join(' and ')
}

/** The whole answer for one action: "Yes — …" or "No — …", naming the rule that decided. */
function reason(v: RecordVerdict, verb: string, ctx: Ctx): string {
  const { input } = ctx
  if (input.status === 'SUSPENDED') return 'No — member is suspended'
  if (input.status === 'INVITED') return 'No — invitation not accepted yet'
  if (v.allowed && v.scope) {
    if (v.sources.includes('owner') || v.sources.includes('admin')) return `Yes — ${grantedBy(v.sources, input)}`
    return `Yes — scope “${v.scope}”: ${scopeReason(v.scope, ctx)} (granted by ${grantedBy(v.sources, input)})`
  }
  const block: Record<AccessBlock, string> = {
    plan: `not in the ${input.planName} plan`,
    crm: 'CRM access is off',
    owner_only: 'owners only',
    inactive: 'member is not active',
  }
  if (v.blockedBy.length) return `No — ${v.blockedBy.map((b) => block[b]).join('; ')}`
  if (v.held.length === 0) return `No — no permission to ${verb} contacts`
  return `No — holds scope${v.held.length > 1 ? 's' : ''} ${v.held.join(', ')}, but the contact ${holders(ctx.record)}`
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
  const ctx: Ctx | null = record && { input, record, teams: new Map(teams.map((t) => [t.id, t.name])) }
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
                    <td className="px-4 py-2">{reason(v, c.verb, ctx)}</td>
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
