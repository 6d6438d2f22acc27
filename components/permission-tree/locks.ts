import type { PermissionKey } from '@/lib/authz/catalog'
import type { LockReason } from '@/lib/authz/grants'

/** Why each permission's checkbox is locked, as the server worked it out (lib/authz/grants.ts permissionLocks). */
export type PermissionLocks = Partial<Record<PermissionKey, LockReason>>

/**
 * The tree's `disabledReason` for a form: the whole form read only, then a reason of the form's
 * own (a key its role template gives), then the server's lock for the key. One definition for
 * the role editor, the new-role form and the member page.
 */
export function lockReasons(locks: PermissionLocks, opts: { readOnly?: string | null; own?: (key: PermissionKey) => string | null } = {}) {
  return (key: PermissionKey): string | null => (opts.readOnly ? 'read only' : null) ?? opts.own?.(key) ?? locks[key] ?? null
}
