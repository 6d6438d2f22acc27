'use client'

import { PermissionTree } from '@/components/permission-tree/permission-tree'
import { getLeaf, type PermissionKey } from '@/lib/authz/catalog'

type Props = {
  /** The member's direct grants as edited (may include keys the template also gives). */
  direct: ReadonlySet<PermissionKey>
  onDirectChange: (next: Set<PermissionKey>) => void
  /** The keys of the currently selected role template: shown checked, not editable here. */
  inherited: ReadonlySet<PermissionKey>
  templateName: string | null
  readOnly: boolean
  grantable: ReadonlySet<PermissionKey>
  enabledModules: ReadonlySet<string>
  error?: string
}

export const PERMISSIONS_ERROR_ID = 'member-permissions-error'

/**
 * The member's direct grants in the permission tree, over the selected template's permissions
 * (inherited). The tree sees direct ∪ inherited; what it hands back is split again, keeping a
 * direct grant the template also gives, so switching templates never loses it.
 */
export function MemberPermissions({ direct, onDirectChange, inherited, templateName, readOnly, grantable, enabledModules, error }: Props) {
  const checked = new Set<PermissionKey>([...direct, ...inherited])
  const onChange = (next: Set<PermissionKey>) => {
    onDirectChange(new Set([...next].filter((k) => !inherited.has(k) || direct.has(k))))
  }
  // Like the role editor: read only, not in the plan, or not held by you (no escalation).
  const disabledReason = (k: PermissionKey) => {
    if (readOnly) return 'read only'
    if (inherited.has(k)) return `included in the role template${templateName ? ` ${templateName}` : ''}`
    const leaf = getLeaf(k)
    if (leaf && !enabledModules.has(leaf.moduleId)) return 'not in your plan'
    if (!grantable.has(k)) return 'you don’t hold this permission'
    return null
  }

  return (
    <section aria-labelledby="member-permissions-heading" aria-describedby={error ? PERMISSIONS_ERROR_ID : undefined}>
      <h2 id="member-permissions-heading" className="mb-1 text-lg font-semibold">Permissions</h2>
      <p className="mb-2 text-sm text-ink-muted">
        {templateName
          ? `Permissions marked “from role” come from the role template ${templateName} and are changed there. Check more to grant them directly.`
          : 'Direct grants, added to what a role template gives.'}
      </p>
      {error && <p id={PERMISSIONS_ERROR_ID} className="mb-2 text-sm text-danger">{error}</p>}
      <PermissionTree label="Member permissions" checked={checked} onChange={onChange} disabledReason={disabledReason} inherited={inherited} />
    </section>
  )
}
