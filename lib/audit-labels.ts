import { auditDiff, type AuditChange } from './audit-diff'
import { getLeaf, leafLabel, MODULES } from '@/lib/authz/catalog'
import type { BaseRole, MembershipStatus } from '@/lib/authz/access'
import type { deleteMembersSchema } from '@/lib/validation/members'
import type { z } from 'zod'

// What the audit log says in words: every action a writer may record, every field its
// before/after snapshots may hold and every value of an enum field. The writers are typed
// against these maps (AuditAction, AuditSnapshot in lib/db/audit.ts), so a new action or field
// without a label is a type error, and audit-labels.test.ts checks the words are there.

/** Every audit action, as the Action column and its filter show it. */
export const ACTION_LABELS = {
  'api_key.create': 'API key created',
  'api_key.revoke': 'API key revoked',
  'contact.assign': 'Contact assigned',
  'contact.create': 'Contact created',
  'contact.delete': 'Contact deleted',
  'contact.update': 'Contact updated',
  'member.delete': 'Member deleted',
  'member.email_change_requested': 'Email change requested',
  'member.email_change_cancelled': 'Email change cancelled',
  'member.email_changed': 'Email changed',
  'member.invite': 'Member invited',
  'member.invite_resend': 'Invitation resent',
  'member.invite_revoke': 'Invitation revoked',
  'member.join': 'Invitation accepted',
  'member.password_reset_sent': 'Password reset link sent',
  'member.reactivate': 'Member reactivated',
  'member.sessions_ended': 'All sessions ended',
  'member.suspend': 'Member suspended',
  'member.template': 'Role template changed',
  'member.two_factor_reset': 'Two-factor sign-in reset',
  'member.update': 'Member updated',
  'plan.change': 'Plan changed',
  'profile.password': 'Password changed',
  'profile.password_reset': 'Password reset by email',
  'profile.recovery_code_used': 'Signed in with a recovery code',
  'profile.recovery_codes': 'New recovery codes',
  'profile.session_end': 'Session ended',
  'profile.sign_out_others': 'Other sessions ended',
  'profile.two_factor_off': 'Two-factor sign-in turned off',
  'profile.two_factor_on': 'Two-factor sign-in turned on',
  'profile.update': 'Name changed',
  'role.create': 'Role template created',
  'role.delete': 'Role template deleted',
  'role.update': 'Role template updated',
  'security.update': 'Security settings changed',
  'team.create': 'Team created',
  'team.delete': 'Team deleted',
  'team.members': 'Team members changed',
  'team.rename': 'Team renamed',
  'webhook.create': 'Webhook endpoint added',
  'webhook.delete': 'Webhook endpoint deleted',
  'webhook.redeliver': 'Webhook event redelivered',
  'webhook.secret_roll': 'Webhook secret rolled',
  'webhook.test': 'Webhook test event sent',
  'webhook.update': 'Webhook endpoint changed',
} as const satisfies Record<string, string>

export type AuditAction = keyof typeof ACTION_LABELS
export const AUDIT_ACTIONS = Object.keys(ACTION_LABELS) as AuditAction[]

/** An action's words; an action this version does not know (an older event) as its code. */
/**
 * Actions no writer records any more, still found in older events: named so the log reads the
 * same for them. (Not in AuditAction: nothing new may be written with them.)
 */
export const RETIRED_ACTION_LABELS: Readonly<Record<string, string>> = {
  'profile.sign_out_everywhere': 'Signed out everywhere',
}

export const actionLabel = (action: string) => (ACTION_LABELS as Record<string, string>)[action] ?? RETIRED_ACTION_LABELS[action] ?? action

const ROLE_WORDS = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' } as const satisfies Record<BaseRole, string>
const STATUS_WORDS = { INVITED: 'Invited', ACTIVE: 'Active', SUSPENDED: 'Suspended' } as const satisfies Record<MembershipStatus, string>
/** Where a deleted member's contacts went (deleteMembersSchema's reassignTo). */
const CONTACTS_WORDS = { unassigned: 'Left without an owner', member: 'Moved to a member', team: 'Moved to a team' } as const satisfies Record<
  z.output<typeof deleteMembersSchema>['reassignTo'],
  string
>
const YES_NO = { true: 'Yes', false: 'No' } as const
const REQUIRED_WORDS = { true: 'Required of every member', false: 'Not required' } as const

/** What a field's values are: words for an enum, a name for an id, catalog labels for permission keys. */
type FieldKind =
  { label: string } | { label: string; words: Readonly<Record<string, string>> } | { label: string; ref: string } | { label: string; permissions: true }

/** Every field an audit snapshot may hold (the diff's field names). */
export const FIELDS = {
  name: { label: 'Name' },
  email: { label: 'Email' },
  /** An email change waiting for the new address to confirm it. */
  pendingEmail: { label: 'Pending email' },
  /** When an emailed link stops working (an ISO instant). */
  expiresAt: { label: 'Link expires' },
  /** When an API key stops working (an ISO instant; none: never). */
  keyExpiresAt: { label: 'Key expires' },
  /** The first characters of an API key's secret, which tell keys apart. */
  prefix: { label: 'Key prefix' },
  description: { label: 'Description' },
  owner: { label: 'Owner' },
  team: { label: 'Team' },
  teams: { label: 'Teams' },
  plan: { label: 'Plan' },
  baseRole: { label: 'Role', words: ROLE_WORDS },
  status: { label: 'Status', words: STATUS_WORDS },
  crmAccess: { label: 'CRM access', words: YES_NO },
  /** The member's role template by name (member.update writes the name). */
  roleTemplate: { label: 'Role template' },
  roleTemplateId: { label: 'Role template', ref: 'a deleted role template' },
  copiedFrom: { label: 'Copied from', ref: 'a deleted role template' },
  permissions: { label: 'Permissions', permissions: true },
  /** A team's or a deleted role template's members (a count or their emails). */
  members: { label: 'Members' },
  membersMovedTo: { label: 'Members moved to' },
  contacts: { label: 'Their contacts', words: CONTACTS_WORDS },
  contactsTo: { label: 'Contacts given to', ref: 'a deleted member or team' },
  /** Whether the user signs in with a second factor. */
  twoFactor: { label: 'Two-factor sign-in', words: YES_NO },
  /** How many sessions of the user were open. */
  openSessions: { label: 'Open sessions' },
  /** The workspace's Security settings (security.update); the session limits as words ("8 hours"). */
  requireTwoFactor: { label: 'Two-factor sign-in', words: REQUIRED_WORDS },
  inviteDomains: { label: 'Invitation domains' },
  sessionLifetime: { label: 'Session lifetime' },
  sessionIdleTimeout: { label: 'Idle timeout' },
  /** A webhook endpoint's address, the event types it receives, and whether it is on. */
  url: { label: 'URL' },
  eventTypes: { label: 'Events' },
  enabled: { label: 'Enabled', words: YES_NO },
  /** A webhook event (redelivered, or sent as a test). */
  eventType: { label: 'Event' },
  /** A snapshot that is a bare value rather than an object (auditDiff's name for it). */
  value: { label: 'Value' },
} as const satisfies Record<string, FieldKind>

export type AuditField = keyof typeof FIELDS
/** The snapshot keys merged into a list field by auditDiff: `permissionsAdded`, and bare `added` / `removed` (team members). */
export const LIST_KEYS = { permissionsAdded: 'permissions', permissionsRemoved: 'permissions', added: 'members', removed: 'members' } as const
export type AuditSnapshotKey = AuditField | keyof typeof LIST_KEYS
export type AuditValue = string | number | boolean | null | readonly string[]
/** What a writer may put in an event's `before` / `after`. */
export type AuditSnapshot = { readonly [K in AuditSnapshotKey]?: AuditValue }

/** The enum words, for the tests: field → (value → word). */
export const ENUM_WORDS = Object.fromEntries(Object.entries(FIELDS).flatMap(([f, k]) => ('words' in k ? [[f, k.words]] : []))) as Record<
  string,
  Readonly<Record<string, string>>
>

/** The fields holding the id of a role template, member or team: the page looks their names up for its rows. */
export const REF_FIELDS = Object.entries(FIELDS).flatMap(([f, k]) => ('ref' in k ? [f] : [])) as AuditField[]

const kindOf = (field: string): FieldKind | undefined => (FIELDS as Record<string, FieldKind>)[field === '' ? 'members' : field]

/** A field's label: bare `added` / `removed` lists (field '') are team members; an unknown field as itself. */
export const fieldLabel = (field: string) => kindOf(field)?.label ?? field

/** A permission key as the catalog names it: "Contacts › View contacts (assigned to themselves)". */
export function permissionLabel(key: string): string {
  const leaf = getLeaf(key)
  if (!leaf) return key
  const mod = MODULES.find((m) => m.id === leaf.moduleId)
  return `${mod ? `${mod.label} › ` : ''}${leafLabel(key)}`
}

/** Names of the things an event refers to by id (role templates, members, teams), for the page's rows. */
export type AuditNames = ReadonlyMap<string, string>

/**
 * One scalar of a field as words: an enum's word, the name behind an id (or "a deleted …" when it
 * is gone), a permission's catalog label. Null is "none"; anything unknown is shown as it is.
 */
export function formatField(field: string, value: unknown, names: AuditNames = new Map()): string {
  if (value === null || value === undefined) return 'none'
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)
  const kind = kindOf(field)
  if (!kind) return text
  if ('words' in kind) return kind.words[text] ?? text
  if ('ref' in kind) return names.get(text) ?? kind.ref
  if ('permissions' in kind) return permissionLabel(text)
  return text
}

/** An event's changes as an admin reads them: field labels, enum words, names for ids, permission labels. */
export function describeChanges(before: unknown, after: unknown, names: AuditNames = new Map()): AuditChange[] {
  return auditDiff(before, after, (field, v) => formatField(field, v, names)).map((c) => ({ ...c, field: fieldLabel(c.field) }))
}
