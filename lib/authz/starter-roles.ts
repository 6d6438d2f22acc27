import { LEAVES, normalizePermissions, type PermissionKey } from './catalog'

// Starter role templates: the example profiles of the products we model. An admin creates a
// role template from one of them (Role templates → New role template), and the demo workspace is seeded with some.
export type StarterRole = { id: string; name: string; description: string; permissions: PermissionKey[] }

const every = (prefix: string) => LEAVES.filter((l) => l.key.startsWith(prefix)).map((l) => l.key)

const starters: StarterRole[] = [
  {
    id: 'basic',
    name: 'Basic access',
    description: 'Minimal access for viewing and basic operations: own contacts, lists, broadcasts and broadcast statistics.',
    permissions: ['contacts.view.own', 'contact_lists.view', 'broadcasts.view', 'analytics.view'],
  },
  {
    id: 'campaign_manager',
    name: 'Campaign manager',
    description: 'Runs campaigns without administrative access: contact lists, contacts (all but delete), broadcasts, templates, workflows and statistics.',
    permissions: [
      ...every('contact_lists.'),
      ...every('contacts.view.'),
      'contacts.create',
      ...every('contacts.edit.'),
      ...every('contacts.assign.'),
      'contacts.import',
      'contacts.export',
      ...every('broadcasts.'),
      ...every('templates.'),
      ...every('workflows.'),
      ...every('analytics.'),
    ],
  },
  {
    id: 'full_access',
    name: 'Full access',
    description: 'Every permission of the catalog except plans and billing.',
    permissions: LEAVES.filter((l) => !l.ownerOnly).map((l) => l.key),
  },
  {
    id: 'read_only',
    name: 'Read only',
    description:
      'View-only access for monitoring: contacts, lists, broadcasts, workflows, all statistics, members, roles, teams, the audit log, API keys and webhooks. No create, edit or delete.',
    permissions: [
      ...every('contacts.view.'),
      'contact_lists.view',
      'broadcasts.view',
      'templates.view',
      'workflows.view',
      ...every('analytics.'),
      'users.view',
      'roles.view',
      'teams.view',
      'audit.view',
      'api_keys.view',
      'webhooks.view',
    ],
  },
  {
    id: 'support_agent',
    name: 'Support agent',
    description:
      'Works conversations: their own, their teams’ and their teams’ unassigned ones, with saved replies; sees the teams. No campaigns or integrations.',
    permissions: [
      'inbox.view.own',
      'inbox.view.team',
      'inbox.view.unassigned_team',
      'inbox.send.own',
      'inbox.send.team',
      'inbox.send.unassigned_team',
      'inbox.assign.own',
      'saved_replies.view',
      'contacts.view.own',
      'contacts.view.team',
      'contacts.edit.own',
      'teams.view',
    ],
  },
  {
    id: 'marketing',
    name: 'Marketing team member',
    description:
      'Email campaigns, templates and contacts; sees who is in the workspace and its teams, and keeps the API keys of the marketing tools. No other settings.',
    permissions: [
      ...every('broadcasts.'),
      ...every('templates.'),
      ...every('contacts.view.'),
      'contacts.create',
      'contacts.edit.own',
      'contacts.edit.team',
      'contacts.export',
      ...every('contact_lists.'),
      'users.view',
      'teams.view',
      'api_keys.manage',
    ],
  },
  {
    id: 'operations_manager',
    name: 'Operations manager',
    description: 'Workflows, campaigns and contacts, with analytics and teams; invites people and reads the audit log. No billing.',
    permissions: [
      ...every('workflows.'),
      ...every('broadcasts.'),
      ...every('templates.'),
      ...every('contacts.view.'),
      'contacts.create',
      ...every('contacts.edit.'),
      ...every('contacts.assign.'),
      'contacts.export',
      ...every('contact_lists.'),
      'analytics.view',
      'teams.view',
      'users.invite',
      'audit.view',
    ],
  },
]

export const STARTER_ROLES: readonly StarterRole[] = starters.map((s) => ({ ...s, permissions: normalizePermissions(s.permissions) }))

export function getStarterRole(id: string) {
  return STARTER_ROLES.find((t) => t.id === id)
}
