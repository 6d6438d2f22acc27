import type { AuditAction } from '@/lib/audit-labels'
import type { PermissionKey } from '@/lib/authz/catalog'

// The webhook events a workspace's endpoints may subscribe to, and where each comes from. Events
// are derived in one place, at the end of every change (lib/webhooks/queue.ts): the lifecycle ones
// from the change's audit events through AUDIT_TO_EVENT, `member.access_changed` from the rows the
// change touched. Typed so that a new audit action does not compile until it says which event it
// makes (or none).

export const WEBHOOK_EVENTS = {
  'member.invited': { label: 'Member invited', about: 'member', needs: 'users.view' },
  'member.joined': { label: 'Member joined (accepted the invitation)', about: 'member', needs: 'users.view' },
  'member.updated': { label: 'Member updated (role, template, grants, CRM access, email)', about: 'member', needs: 'users.view' },
  'member.suspended': { label: 'Member suspended', about: 'member', needs: 'users.view' },
  'member.reactivated': { label: 'Member reactivated', about: 'member', needs: 'users.view' },
  'member.deleted': { label: 'Member deleted (or invitation revoked)', about: 'member', needs: 'users.view' },
  'member.access_changed': { label: 'Member’s effective access changed', about: 'member', needs: 'users.view' },
  'role.created': { label: 'Role template created', about: 'role', needs: 'roles.view' },
  'role.updated': { label: 'Role template updated', about: 'role', needs: 'roles.view' },
  'role.deleted': { label: 'Role template deleted', about: 'role', needs: 'roles.view' },
} as const satisfies Record<string, { label: string; about: 'member' | 'role'; needs: PermissionKey }>

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[]

/** The event "Send test event" sends to one endpoint, whatever it subscribes to. */
export const TEST_EVENT = 'webhook.test'

/** The webhook event each audit action makes, or null. Every audit action is listed. */
export const AUDIT_TO_EVENT: Record<AuditAction, WebhookEventType | null> = {
  'api_key.create': null,
  'api_key.revoke': null,
  'contact.assign': null,
  'contact.create': null,
  'contact.delete': null,
  'contact.update': null,
  'member.delete': 'member.deleted',
  'member.email_change_requested': null,
  'member.email_change_cancelled': null,
  'member.email_changed': 'member.updated',
  'member.invite': 'member.invited',
  // A new link for the same invitation: the member is unchanged.
  'member.invite_resend': null,
  // The invited person is removed and the seat freed.
  'member.invite_revoke': 'member.deleted',
  'member.join': 'member.joined',
  'member.password_reset_sent': null,
  'member.reactivate': 'member.reactivated',
  'member.sessions_ended': null,
  'member.suspend': 'member.suspended',
  'member.template': 'member.updated',
  'member.two_factor_reset': null,
  'member.update': 'member.updated',
  // A plan change shows as member.access_changed for everyone whose access it changes.
  'plan.change': null,
  'profile.password': null,
  'profile.password_reset': null,
  'profile.recovery_code_used': null,
  'profile.recovery_codes': null,
  'profile.session_end': null,
  'profile.sign_out_others': null,
  'profile.two_factor_off': null,
  'profile.two_factor_on': null,
  'profile.update': null,
  'role.create': 'role.created',
  'role.delete': 'role.deleted',
  'role.update': 'role.updated',
  'security.update': null,
  'team.create': null,
  'team.delete': null,
  // Who is in a team changes record scopes: member.access_changed carries the member's teams.
  'team.members': null,
  'team.rename': null,
  'webhook.create': null,
  'webhook.delete': null,
  'webhook.redeliver': null,
  'webhook.secret_roll': null,
  'webhook.test': null,
  'webhook.update': null,
}

/** A member as the events carry it (`data.member`). */
export type WebhookMember = {
  id: string
  email: string
  name: string
  baseRole: 'OWNER' | 'ADMIN' | 'MEMBER'
  status: 'INVITED' | 'ACTIVE' | 'SUSPENDED'
  roleTemplateId: string | null
  crmAccess: boolean
}

/** A role template as the events carry it (`data.role`). */
export type WebhookRole = { id: string; name: string; description: string; permissions: string[] }

/** What an event's `data` holds, by type. */
export type WebhookData =
  | { member: WebhookMember }
  /** member.access_changed: what the member holds now (nothing once deleted: `deleted` true). */
  | { member: WebhookMember; permissions: PermissionKey[]; teamIds: string[]; deleted: boolean }
  | { role: WebhookRole }
  | { endpointId: string; message: string }

/** The body an endpoint receives (Standard Webhooks: type, timestamp, data). */
export type WebhookPayload = { type: WebhookEventType | typeof TEST_EVENT; timestamp: string; data: WebhookData }

/** An event to write to the outbox: its workspace, type, what it is about, and its data. */
export type WebhookEvent = { tenantId: string; type: WebhookEventType; orderingKey: string; data: WebhookData }

/** The event types an actor may subscribe an endpoint to: those whose data they may see. */
export function subscribable(can: (p: PermissionKey) => boolean): WebhookEventType[] {
  return WEBHOOK_EVENT_TYPES.filter((t) => can(WEBHOOK_EVENTS[t].needs))
}
