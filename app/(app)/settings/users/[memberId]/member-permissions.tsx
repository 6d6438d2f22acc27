'use client'

import { lockReasons, type PermissionLocks } from '@/components/permission-tree/locks'
import { PermissionTree } from '@/components/permission-tree/permission-tree'
import type { PermissionKey } from '@/lib/authz/catalog'

type Props = {
  /** The member's direct grants as edited (may include keys the template also gives). */
  direct: ReadonlySet<PermissionKey>
  onDirectChange: (next: Set<PermissionKey>) => void
  /** The keys of the currently selected role template: shown checked, not editable here. */
  inherited: ReadonlySet<PermissionKey>
  templateName: string | null
  /** Why the permissions may not be changed at all, or null. */
  readOnly: string | null
  locks: PermissionLocks
  error?: string
}

export const PERMISSIONS_ERROR_ID = 'member-permissions-error'

/**
 * The member's direct grants in the permission tree, over the selected template's permissions
 * (inherited). The tree sees direct ∪ inherited; what it hands back is split again, keeping a
 * direct grant the template also gives, so switching templates never loses it.
 */
export function MemberPermissions({ direct, onDirectChange, inherited, templateName, readOnly, locks, error }: Props) {
  const checked = new Set<PermissionKey>([...direct, ...inherited])
  const onChange = (next: Set<PermissionKey>) => {
    onDirectChange(new Set([...next].filter((k) => !inherited.has(k) || direct.has(k))))
  }
  // Like the role editor: read only, given by the template, not in the plan, or not held by you.
  const disabledReason = lockReasons(locks, {
    readOnly,
    own: (k) => (inherited.has(k) ? `included in the role template${templateName ? ` ${templateName}` : ''}` : null),
  })

  return (
    <section aria-labelledby="member-permissions-heading" aria-describedby={error ? PERMISSIONS_ERROR_ID : undefined}>
      <h2 id="member-permissions-heading" className="mb-1 text-lg font-semibold">
        Permissions
      </h2>
      <p className="mb-2 text-sm text-ink-muted">
        {templateName
          ? `Permissions marked “from role” come from the role template ${templateName} and are changed there. Check more to grant them directly.`
          : 'Direct grants, added to what a role template gives.'}
      </p>
      {error && (
        <p id={PERMISSIONS_ERROR_ID} className="mb-2 text-sm text-danger">
          {error}
        </p>
      )}
      <PermissionTree label="Member permissions" checked={checked} onChange={onChange} disabledReason={disabledReason} inherited={inherited} />
    </section>
  )
}
