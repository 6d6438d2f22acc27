'use client'

import type { RefObject } from 'react'
import { Button } from '@/components/ui/button'
import { AlertDialogShell, DialogCancel } from '@/components/ui/dialog'
import { leafLabel, type PermissionKey } from '@/lib/authz/catalog'
import type { Impact, ImpactLine } from '@/lib/roles/impact'
import { focusRing } from '@/components/ui/focus-ring'

/** What the edit changes in the role itself, against the role as loaded. */
export type RoleChanges = {
  name?: { from: string; to: string }
  description?: { from: string; to: string }
  added: PermissionKey[]
  removed: PermissionKey[]
}

const members = (n: number) => `${n} member${n === 1 ? '' : 's'}`

/**
 * "Review changes to {role}": who gains and loses which permission (the server's preview),
 * and what the role itself changes. Shown before every save, for a role without members too.
 */
export function ReviewDialog({
  open,
  onOpenChange,
  roleName,
  changes,
  impact,
  saving,
  onSave,
  returnFocus,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  roleName: string
  changes: RoleChanges
  impact: Impact
  saving: boolean
  onSave: () => void
  returnFocus: RefObject<HTMLElement | null>
}) {
  const n = impact.members
  const unchanged = !changes.name && !changes.description && !changes.added.length && !changes.removed.length
  return (
    <AlertDialogShell
      open={open}
      onOpenChange={(next) => !saving && onOpenChange(next)}
      title={`Review changes to ${roleName}`}
      description={n === 0 ? 'No members use this role template.' : `${members(n)} ${n === 1 ? 'uses' : 'use'} this role template.`}
      returnFocus={returnFocus}
      wide
      footer={
        <>
          <DialogCancel disabled={saving}>Keep editing</DialogCancel>
          <Button onClick={onSave} disabled={saving} aria-busy={saving || undefined} className={focusRing}>
            {saving ? 'Saving…' : 'Save role template'}
          </Button>
        </>
      }
    >
      <h3 className="font-medium">Members’ access</h3>
      {impact.gained.length === 0 && impact.lost.length === 0 ? (
        <p className="mt-1 text-ink-muted">No member’s access changes.</p>
      ) : (
        <>
          <ImpactList title="Gain" lines={impact.gained} />
          <ImpactList title="Lose" lines={impact.lost} />
        </>
      )}
      <h3 className="mt-4 font-medium">The role template</h3>
      {unchanged ? (
        <p className="mt-1 text-ink-muted">Nothing changed in the role template itself.</p>
      ) : (
        <ul className="mt-1 list-disc space-y-1 pl-5">
          {changes.name && (
            <li>
              Name: “{changes.name.from}” → “{changes.name.to}”
            </li>
          )}
          {changes.description && <li>Description: {changes.description.to ? `“${changes.description.to}”` : 'removed'}</li>}
          {changes.added.length > 0 && <li>Permissions added: {changes.added.map(leafLabel).join(', ')}</li>}
          {changes.removed.length > 0 && <li>Permissions removed: {changes.removed.map(leafLabel).join(', ')}</li>}
        </ul>
      )}
    </AlertDialogShell>
  )
}

function ImpactList({ title, lines }: { title: 'Gain' | 'Lose'; lines: ImpactLine[] }) {
  if (!lines.length) return null
  return (
    <div className="mt-2">
      <h4 className={`text-xs font-semibold uppercase ${title === 'Gain' ? 'text-ok' : 'text-danger'}`}>{title}</h4>
      <ul className="mt-1 divide-y divide-line rounded-md border border-line">
        {lines.map((l) => (
          <li key={l.key} className="flex justify-between gap-4 px-3 py-1.5">
            <span>{l.label}</span>
            <span className="shrink-0 text-ink-muted">{members(l.members)}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
