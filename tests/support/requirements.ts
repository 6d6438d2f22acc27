// The reviewed table of what every action, page and route requires. The security matrices take
// their expectations from HERE, and a test compares the code's own gates with it: a gate changed
// in the code fails until this table is changed in the same commit, by someone who read it.
//
// null: any signed-in active member (their own profile); 'public': nobody needs to be signed in;
// an array: any one of them.

export type Requirement = null | 'public' | string | readonly string[]

/** Server actions, by export name. */
export const ACTION_REQUIREMENTS: Record<string, Requirement> = {
  // API keys
  createApiKey: 'api_keys.manage',
  revokeApiKey: 'api_keys.manage',
  // Webhooks: seeing the endpoints and their log is webhooks.view (pages); every change, the
  // secret, a test event and a redelivery are webhooks.manage.
  createWebhookEndpoint: 'webhooks.manage',
  updateWebhookEndpoint: 'webhooks.manage',
  setWebhookEnabled: 'webhooks.manage',
  deleteWebhookEndpoint: 'webhooks.manage',
  revealWebhookSecret: 'webhooks.manage',
  rollWebhookSecret: 'webhooks.manage',
  sendTestWebhook: 'webhooks.manage',
  redeliverWebhook: 'webhooks.manage',
  // Contacts
  createContact: 'contacts.create',
  updateContact: 'contacts.edit',
  assignContact: 'contacts.assign',
  deleteContact: 'contacts.delete',
  // Profile: oneself only
  updateProfile: null,
  changePassword: null,
  endSession: null,
  startTwoFactor: null,
  confirmTwoFactor: null,
  newRecoveryCodeSet: null,
  disableTwoFactor: null,
  signOutOtherSessions: null,
  // Plan & billing
  changePlan: 'billing.manage',
  // Security settings
  updateSecuritySettings: 'security.edit',
  // Roles
  createRole: 'roles.create',
  duplicateRole: 'roles.create',
  updateRole: 'roles.edit',
  previewRoleImpact: 'roles.edit',
  deleteRole: 'roles.delete',
  setRoleAssignees: 'roles.assign',
  findAssignees: 'roles.assign',
  // Teams
  createTeam: 'teams.create',
  renameTeam: 'teams.edit',
  setTeamMembers: 'teams.edit',
  deleteTeam: 'teams.delete',
  // Users
  updateMember: 'users.edit',
  setMemberStatus: 'users.edit_status',
  deleteMembers: 'users.delete',
  setMembersTemplate: 'roles.assign',
  checkInvites: 'users.invite',
  inviteMembers: 'users.invite',
  resendInvite: 'users.invite',
  resendInvites: 'users.invite',
  revokeInvites: 'users.invite',
  requestEmailChange: 'users.edit',
  cancelEmailChange: 'users.edit',
  sendMemberPasswordReset: 'users.security',
  resetMemberTwoFactor: 'users.security',
  endMemberSessions: 'users.security',
  // The invitee, with their link
  acceptInvite: 'public',
  // The new address, with its confirmation link
  confirmEmailChange: 'public',
  // Anyone who forgot their password (the answer never says whether an account has the address)
  requestPasswordReset: 'public',
  // The account's address, with its reset link
  resetPassword: 'public',
}

/** Pages and route handlers of the signed-in area, by file: every gate on the way (layouts first). */
export const PAGE_REQUIREMENTS: Record<string, readonly Requirement[]> = {
  'app/(app)/page.tsx': [null, null],
  'app/(app)/profile/page.tsx': [null, null],
  'app/(app)/profile/two-factor/page.tsx': [null, null],
  'app/(app)/contacts/page.tsx': [null, 'contacts.view'],
  'app/(app)/contacts/[contactId]/page.tsx': [null, 'contacts.view'],
  'app/(app)/contacts/export/route.ts': ['contacts.export'],
  'app/(app)/dev/mailbox/page.tsx': [null, 'users.invite'],
  // Gated like its menu entry: the catalog module's `nav.anyOf` (e2e/routes.ts CATALOG_SEGMENTS).
  'app/(app)/modules/[moduleId]/page.tsx': [null, 'dynamic'],
  'app/(app)/settings/api-keys/page.tsx': [null, 'api_keys.view'],
  'app/(app)/settings/api-keys/new/page.tsx': [null, 'api_keys.manage'],
  'app/(app)/settings/audit/page.tsx': [null, 'audit.view'],
  'app/(app)/settings/audit/export/route.ts': ['audit.view'],
  'app/(app)/settings/billing/page.tsx': [null, 'billing.view'],
  'app/(app)/settings/roles/page.tsx': [null, 'roles.view'],
  'app/(app)/settings/roles/new/page.tsx': [null, 'roles.create'],
  'app/(app)/settings/roles/[roleId]/page.tsx': [null, 'roles.view'],
  'app/(app)/settings/security/page.tsx': [null, 'security.view'],
  'app/(app)/settings/teams/page.tsx': [null, 'teams.view'],
  'app/(app)/settings/users/page.tsx': [null, 'users.view'],
  'app/(app)/settings/users/[memberId]/page.tsx': [null, 'users.view'],
  'app/(app)/settings/users/export/route.ts': ['users.view'],
  'app/(app)/settings/webhooks/page.tsx': [null, 'webhooks.view'],
  'app/(app)/settings/webhooks/[endpointId]/page.tsx': [null, 'webhooks.view'],
}

/** Route handlers outside the signed-in area that answer for a session (next-auth's own are not the app's to gate). */
export const API_REQUIREMENTS: Record<string, Requirement> = {
  'app/api/me/access/route.ts': null,
}

/** The routes of the API (/api/v1), by method and path: what the key must hold ('public': no key). */
export const API_ROUTE_REQUIREMENTS: Record<string, Requirement> = {
  'POST /api/v1/authorize': 'users.view',
  'GET /api/v1/key': null,
  'GET /api/v1/openapi.json': 'public',
  'GET /api/v1/members': 'users.view',
  'POST /api/v1/members': 'users.invite',
  'GET /api/v1/members/{memberId}': 'users.view',
  'PATCH /api/v1/members/{memberId}': 'users.edit',
  'DELETE /api/v1/members/{memberId}': 'users.delete',
  'POST /api/v1/members/{memberId}/suspend': 'users.edit_status',
  'POST /api/v1/members/{memberId}/reactivate': 'users.edit_status',
  'POST /api/v1/members/{memberId}/invitation/resend': 'users.invite',
  'DELETE /api/v1/members/{memberId}/invitation': 'users.invite',
  'GET /api/v1/members/{memberId}/access': 'users.view',
  'GET /api/v1/roles': 'roles.view',
  'POST /api/v1/roles': 'roles.create',
  'GET /api/v1/roles/{roleId}': 'roles.view',
  'PATCH /api/v1/roles/{roleId}': 'roles.edit',
  'DELETE /api/v1/roles/{roleId}': 'roles.delete',
  // As the Assignees dialog lists them (findAssignees).
  'GET /api/v1/roles/{roleId}/assignees': 'roles.assign',
  'PATCH /api/v1/roles/{roleId}/assignees': 'roles.assign',
  'GET /api/v1/teams': 'teams.view',
  'POST /api/v1/teams': 'teams.create',
  'GET /api/v1/teams/{teamId}': 'teams.view',
  'PATCH /api/v1/teams/{teamId}': 'teams.edit',
  'DELETE /api/v1/teams/{teamId}': 'teams.delete',
  'GET /api/v1/teams/{teamId}/members': 'teams.view',
  'PATCH /api/v1/teams/{teamId}/members': 'teams.edit',
  'GET /api/v1/audit-events': 'audit.view',
}

/**
 * What a member reaches while their workspace requires two-factor sign-in they have not set up
 * (every other page, route and action sends them to set it up, or answers two_factor_required):
 * the shell, their profile and its actions (their own account: name, password, sessions), setting
 * up two-factor (the page, starting and confirming the enrolment), and
 * the Security settings, so whoever turned the requirement on without having set it up can turn
 * it off again. Public actions need no session at all and are not listed.
 */
export const BEFORE_TWO_FACTOR = {
  /** Layouts, pages and route handlers, by file: their gate says `{ beforeTwoFactor: true }`. */
  files: ['app/(app)/layout.tsx', 'app/(app)/profile/page.tsx', 'app/(app)/profile/two-factor/page.tsx', 'app/(app)/settings/security/page.tsx'],
  /** Server actions, by export name. */
  actions: ['changePassword', 'confirmTwoFactor', 'endSession', 'signOutOtherSessions', 'startTwoFactor', 'updateProfile', 'updateSecuritySettings'],
} as const

const EVERY = (): Requirement[] => [
  ...Object.values(ACTION_REQUIREMENTS),
  ...Object.values(PAGE_REQUIREMENTS).flat(),
  ...Object.values(API_REQUIREMENTS),
  ...Object.values(API_ROUTE_REQUIREMENTS),
]

/** Every distinct requirement that names permissions (of the whole table, or of `some`): what personas must tell apart. */
export function distinctRequirements(some: readonly Requirement[] = EVERY()): string[][] {
  const all = some
  const keyed = new Map<string, string[]>()
  for (const r of all) {
    if (r === null || r === 'public' || r === 'dynamic') continue
    const keys = typeof r === 'string' ? [r] : [...r]
    keyed.set(JSON.stringify(keys), keys)
  }
  return [...keyed.values()]
}

/** Pairs of requirements no persona tells apart: `holds(persona, keys)` answers the same for both, for everyone. */
export function unseparatedPairs(personas: { name: string; holds: (keys: string[]) => boolean }[], some?: readonly Requirement[]): string[] {
  const reqs = distinctRequirements(some)
  const out: string[] = []
  for (let i = 0; i < reqs.length; i++) {
    for (let j = i + 1; j < reqs.length; j++) {
      if (!personas.some((p) => p.holds(reqs[i]) !== p.holds(reqs[j]))) out.push(`${reqs[i].join('|')} ~ ${reqs[j].join('|')}`)
    }
  }
  return out
}
