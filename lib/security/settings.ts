import type { AuditSnapshot } from '@/lib/audit-labels'
import { getSecuritySettings, saveSecuritySettings, settingsVersion, type SecuritySettings } from '@/lib/db/security-settings'
import { idleText, lifetimeText, type SecuritySettingsValues } from '@/lib/validation/security'

// Saving the workspace's Security settings, in the action's transaction under the workspace lock.

export const STALE_SETTINGS =
  'The security settings were changed by someone else since you opened this page. Reload to see their changes, then make yours again.'

/** The settings as the audit log shows them: the session limits in words. */
export function settingsSnapshot(s: SecuritySettings) {
  return {
    requireTwoFactor: s.requireTwoFactor,
    inviteDomains: s.inviteDomains,
    sessionLifetime: lifetimeText(s.sessionMaxAgeMinutes),
    sessionIdleTimeout: idleText(s.sessionIdleMinutes),
  } satisfies AuditSnapshot
}

type Snapshot = ReturnType<typeof settingsSnapshot>

const FIELD_WORDS: Record<keyof Snapshot, string> = {
  requireTwoFactor: 'two-factor sign-in',
  inviteDomains: 'invitation domains',
  sessionLifetime: 'session lifetime',
  sessionIdleTimeout: 'idle timeout',
}

export type SaveOutcome =
  | { ok: true; changed: (keyof Snapshot)[]; before: Partial<Snapshot>; after: Partial<Snapshot>; summary: string }
  | { ok: false; code: 'conflict'; message: string }

/**
 * Saves the settings unless someone saved others since the form loaded them (`version`, a
 * fingerprint: lib/db/security-settings.ts). Returns what changed, for the audit event (only the
 * fields that changed, before and after); nothing changed is a success with no fields.
 */
export async function saveSettings(tenantId: string, input: SecuritySettingsValues): Promise<SaveOutcome> {
  const current = await getSecuritySettings(tenantId)
  if (settingsVersion(current) !== input.version) return { ok: false, code: 'conflict', message: STALE_SETTINGS }
  const next: SecuritySettings = {
    requireTwoFactor: input.requireTwoFactor,
    inviteDomains: input.inviteDomains,
    sessionMaxAgeMinutes: input.sessionMaxAgeMinutes,
    sessionIdleMinutes: input.sessionIdleMinutes,
  }
  const before = settingsSnapshot(current)
  const after = settingsSnapshot(next)
  const changed = (Object.keys(after) as (keyof Snapshot)[]).filter((k) => comparable(before[k]) !== comparable(after[k]))
  if (changed.length === 0) return { ok: true, changed, before: {}, after: {}, summary: '' }
  await saveSecuritySettings(tenantId, next)
  const pick = (s: Snapshot) => Object.fromEntries(changed.map((k) => [k, s[k]])) as Partial<Snapshot>
  return { ok: true, changed, before: pick(before), after: pick(after), summary: `Changed the ${joinWords(changed.map((k) => FIELD_WORDS[k]))}` }
}

/** A value to compare: a list as a set (the domains' order is the admin's, not a change). */
const comparable = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...v].sort() : v)

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
}
