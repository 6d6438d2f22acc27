import type { ContactRow } from '@/lib/db/contacts'
import { focusRing } from '@/components/ui/focus-ring'

/** "Sample Contact 05 — Ada Admin · Support": enough to tell contacts apart by who holds them. */
function optionLabel(c: Pick<ContactRow, 'name' | 'owner' | 'team'>): string {
  const holders = [c.owner?.label ?? 'no owner', c.team?.name ?? 'no team'].join(' · ')
  return `${c.name} — ${holders}`
}

/**
 * "Check a contact": a plain GET form (no script needed) that reloads the member page with
 * ?contact=<id>. It offers the contacts the signed-in actor can see, never more.
 */
export function ViewAsContactPicker({
  memberId,
  contacts,
  total,
  chosen,
}: {
  memberId: string
  contacts: Pick<ContactRow, 'id' | 'name' | 'owner' | 'team'>[]
  total: number
  chosen: string | null
}) {
  if (total === 0) return <p className="text-sm text-ink-muted">There are no contacts you can see to check.</p>
  return (
    <form method="get" action={`/settings/users/${memberId}#view-as`} className="flex flex-wrap items-end gap-3">
      <div className="flex min-w-0 max-w-full flex-col gap-1">
        <label htmlFor="view-as-contact" className="text-sm font-medium text-ink">
          Contact
        </label>
        <select
          id="view-as-contact"
          name="contact"
          defaultValue={chosen && contacts.some((c) => c.id === chosen) ? chosen : ''}
          required
          aria-describedby={total > contacts.length ? 'view-as-contact-hint' : undefined}
          className={`w-full max-w-md rounded-md border border-gray-300 bg-white py-1.5 pl-2 pr-8 text-sm text-ink ${focusRing}`}
        >
          <option value="" disabled>
            Choose a contact…
          </option>
          {contacts.map((c) => (
            <option key={c.id} value={c.id}>
              {optionLabel(c)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={`rounded-md border border-line bg-white px-3.5 py-1.5 text-sm font-medium text-ink hover:bg-gray-50 ${focusRing}`}>
        Check
      </button>
      {total > contacts.length && (
        <p id="view-as-contact-hint" className="w-full text-xs text-ink-muted">
          Only the first {contacts.length} of {total} contacts, by name, are listed.
        </p>
      )}
    </form>
  )
}
