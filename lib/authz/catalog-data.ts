import type { ModuleDef } from './catalog-types'

// The demo permission catalog, taken from the permission tables of the products we model.
// Keys are stable: rename a label freely, never a key (stored grants refer to it).
// A team adopting the app adds its own modules here; nothing else needs to be edited.

const RECORD_SCOPES = ['own', 'team', 'all_assigned', 'unassigned_team', 'unassigned'] as const
const CONTACT_SCOPES = ['own', 'team', 'all_assigned', 'unassigned'] as const

export const MODULES = [
  {
    id: 'contacts',
    label: 'Contacts',
    description: 'Contacts (CRM), contact lists and import/export.',
    crm: true,
    nav: [{ label: 'Contacts', href: '/contacts', anyOf: ['contacts.view'] }],
    groups: [
      {
        key: 'contacts',
        label: 'Contact records',
        actions: [
          { id: 'view', label: 'View contacts', description: 'See contacts and their details.', scopes: CONTACT_SCOPES },
          { id: 'create', label: 'Create contacts', description: 'Add new contacts to the workspace.', requires: ['contacts.view'] },
          { id: 'edit', label: 'Edit contacts', description: 'Change the details of contacts.', scopes: CONTACT_SCOPES, requires: ['contacts.view'] },
          { id: 'assign', label: 'Assign contacts', description: 'Set the owner and team of contacts.', scopes: CONTACT_SCOPES, requires: ['contacts.view'] },
          { id: 'delete', label: 'Delete contacts', description: 'Delete contacts permanently.', scopes: CONTACT_SCOPES, requires: ['contacts.view'] },
          { id: 'import', label: 'Import contacts', description: 'Bulk import contacts from a file.', requires: ['contacts.create'] },
          { id: 'export', label: 'Export contacts', description: 'Download the contacts you can see as CSV.', requires: ['contacts.view'] },
        ],
      },
      {
        key: 'contact_lists',
        label: 'Contact lists',
        actions: [
          { id: 'view', label: 'View contact lists', description: 'See the contact lists of the workspace.', requires: ['contacts.view'] },
          { id: 'create', label: 'Create contact lists', description: 'Create new contact lists.', requires: ['contact_lists.view'] },
          { id: 'edit', label: 'Edit contact lists', description: 'Rename lists and add or remove contacts.', requires: ['contact_lists.view'] },
          { id: 'delete', label: 'Delete contact lists', description: 'Delete contact lists (contacts stay).', requires: ['contact_lists.view'] },
        ],
      },
      {
        key: 'contact_settings',
        label: 'Contact settings',
        actions: [
          { id: 'labels', label: 'Manage contact labels', description: 'Create, edit and delete contact labels.', requires: ['contacts.view'] },
          { id: 'properties', label: 'Manage contact properties', description: 'Create, edit and delete custom contact fields.', requires: ['contacts.view'] },
        ],
      },
    ],
  },
  {
    id: 'inbox',
    label: 'Inbox',
    description: 'Conversations with customers over every channel.',
    nav: [{ label: 'Inbox', href: '/modules/inbox', anyOf: ['inbox.view'] }],
    groups: [
      {
        key: 'inbox',
        label: 'Conversations',
        actions: [
          {
            id: 'view',
            label: 'View conversations',
            description: 'Read conversations and their history.',
            scopes: RECORD_SCOPES,
          },
          {
            id: 'send',
            label: 'Send messages',
            description: 'Reply in conversations.',
            scopes: RECORD_SCOPES,
            requires: ['inbox.view'],
          },
          {
            id: 'assign',
            label: 'Assign conversations',
            description: 'Assign or unassign conversations.',
            scopes: ['own', 'all_assigned'],
            scopeLabels: { own: 'To themselves', all_assigned: 'To any user' },
            requires: ['inbox.view'],
          },
          { id: 'send_payment_links', label: 'Send payment links', description: 'Create and send payment links to contacts.', requires: ['inbox.send'] },
        ],
      },
      {
        key: 'saved_replies',
        label: 'Saved replies',
        actions: [
          { id: 'view', label: 'View saved replies', description: 'Use the saved reply templates.' },
          { id: 'create', label: 'Create saved replies', description: 'Add saved reply templates.', requires: ['saved_replies.view'] },
          { id: 'edit', label: 'Edit saved replies', description: 'Change saved reply templates.', requires: ['saved_replies.view'] },
          { id: 'delete', label: 'Delete saved replies', description: 'Delete saved reply templates.', requires: ['saved_replies.view'] },
          { id: 'settings', label: 'Manage inbox settings', description: 'Configure how the inbox behaves for everyone.' },
        ],
      },
    ],
  },
  {
    id: 'broadcasts',
    label: 'Broadcasts',
    description: 'One-off and scheduled campaigns to many contacts.',
    nav: [{ label: 'Broadcasts', href: '/modules/broadcasts', anyOf: ['broadcasts.view'] }],
    groups: [
      {
        key: 'broadcasts',
        label: 'Broadcasts',
        actions: [
          { id: 'view', label: 'View broadcasts', description: 'See broadcasts and their results.' },
          { id: 'create', label: 'Create broadcasts', description: 'Draft and edit broadcasts.', requires: ['broadcasts.view'] },
          { id: 'schedule', label: 'Schedule broadcasts', description: 'Schedule a broadcast for later.', requires: ['broadcasts.create'] },
          { id: 'publish', label: 'Publish broadcasts', description: 'Send a broadcast to its audience.', requires: ['broadcasts.create'] },
          { id: 'delete', label: 'Delete broadcasts', description: 'Delete broadcasts, published ones included.', requires: ['broadcasts.view'] },
        ],
      },
      {
        key: 'templates',
        label: 'Message templates',
        actions: [
          { id: 'view', label: 'View message templates', description: 'See email and messaging templates.' },
          { id: 'manage', label: 'Manage message templates', description: 'Create, edit and delete templates.', requires: ['templates.view'] },
        ],
      },
    ],
  },
  {
    id: 'workflows',
    label: 'Workflows',
    description: 'Automations triggered by events.',
    nav: [{ label: 'Workflows', href: '/modules/workflows', anyOf: ['workflows.view'] }],
    groups: [
      {
        key: 'workflows',
        label: 'Workflows',
        actions: [
          { id: 'view', label: 'View workflows', description: 'See workflows and their details.' },
          { id: 'create', label: 'Create workflows', description: 'Create new workflows.', requires: ['workflows.view'] },
          { id: 'edit', label: 'Edit workflows', description: 'Change existing workflows.', requires: ['workflows.view'] },
          { id: 'publish', label: 'Publish workflows', description: 'Turn workflows on and off.', requires: ['workflows.view'] },
          { id: 'delete', label: 'Delete workflows', description: 'Delete workflows.', requires: ['workflows.view'] },
        ],
      },
    ],
  },
  {
    id: 'analytics',
    label: 'Analytics',
    description: 'Dashboards and reports.',
    nav: [{ label: 'Analytics', href: '/modules/analytics', anyOf: ['analytics.view'] }],
    groups: [
      {
        key: 'analytics',
        label: 'Analytics',
        actions: [
          { id: 'view', label: 'View dashboards', description: 'See conversation and sales dashboards.' },
          { id: 'export', label: 'Export reports', description: 'Download report data.', requires: ['analytics.view'] },
          { id: 'segments', label: 'Manage segments', description: 'Create, edit and delete report segments.', requires: ['analytics.view'] },
        ],
      },
    ],
  },
  {
    id: 'integrations',
    label: 'Integrations',
    description: 'Connections to third-party services.',
    nav: [{ label: 'Integrations', href: '/modules/integrations', anyOf: ['integrations.view'] }],
    groups: [
      {
        key: 'integrations',
        label: 'Integrations',
        actions: [
          { id: 'view', label: 'View integrations', description: 'See connected services.' },
          { id: 'manage', label: 'Manage integrations', description: 'Connect, disconnect and configure services.', requires: ['integrations.view'] },
        ],
      },
    ],
  },
  {
    id: 'settings',
    label: 'Company settings',
    description: 'Users, teams, role templates, security, the audit log, API keys and webhooks.',
    // Users, Teams and Audit log screens join this list as they are built.
    nav: [
      { label: 'Users', href: '/settings/users', anyOf: ['users.view'] },
      { label: 'Teams', href: '/settings/teams', anyOf: ['teams.view'] },
      { label: 'Role templates', href: '/settings/roles', anyOf: ['roles.view'] },
      { label: 'Security', href: '/settings/security', anyOf: ['security.view'] },
      { label: 'Audit log', href: '/settings/audit', anyOf: ['audit.view'] },
      { label: 'API keys', href: '/settings/api-keys', anyOf: ['api_keys.view'] },
      { label: 'Webhooks', href: '/settings/webhooks', anyOf: ['webhooks.view'] },
    ],
    groups: [
      {
        key: 'users',
        label: 'Users',
        actions: [
          { id: 'view', label: 'View users', description: 'See the members of the workspace.' },
          { id: 'invite', label: 'Invite users', description: 'Invite new members and resend invitations.', requires: ['users.view'] },
          { id: 'edit', label: 'Edit users', description: 'Change members’ roles, templates and permissions.', requires: ['users.view'] },
          { id: 'edit_status', label: 'Suspend and reactivate users', description: 'Change whether members can sign in.', requires: ['users.view'] },
          { id: 'delete', label: 'Delete users', description: 'Remove members from the workspace.', requires: ['users.view'] },
          {
            id: 'security',
            label: 'Edit user security settings',
            description: 'Send password resets, reset two-factor sign-in and end sessions of members.',
            requires: ['users.view'],
          },
        ],
      },
      {
        key: 'teams',
        label: 'Teams',
        actions: [
          { id: 'view', label: 'View teams', description: 'See teams and their members.' },
          { id: 'create', label: 'Create teams', description: 'Create new teams.', requires: ['teams.view'] },
          { id: 'edit', label: 'Edit teams', description: 'Rename teams and change their members.', requires: ['teams.view'] },
          { id: 'delete', label: 'Delete teams', description: 'Delete teams.', requires: ['teams.view'] },
        ],
      },
      {
        key: 'roles',
        label: 'Role templates',
        actions: [
          { id: 'view', label: 'View role templates', description: 'See role templates and their permissions.' },
          { id: 'create', label: 'Create role templates', description: 'Create and duplicate role templates.', requires: ['roles.view'] },
          { id: 'edit', label: 'Edit role templates', description: 'Change role templates’ names and permissions.', requires: ['roles.view'] },
          { id: 'delete', label: 'Delete role templates', description: 'Delete role templates.', requires: ['roles.view'] },
          {
            id: 'assign',
            label: 'Assign role templates',
            description: 'Give members a role template or take it away.',
            requires: ['roles.view', 'users.view'],
          },
        ],
      },
      {
        key: 'security',
        label: 'Security',
        actions: [
          { id: 'view', label: 'View security settings', description: 'See the workspace’s security settings.' },
          { id: 'edit', label: 'Edit security settings', description: 'Change the workspace’s security settings.', requires: ['security.view'] },
        ],
      },
      {
        key: 'audit',
        label: 'Audit log',
        actions: [{ id: 'view', label: 'View the audit log', description: 'See who changed what, and export it.' }],
      },
      {
        key: 'api_keys',
        label: 'API keys',
        actions: [
          { id: 'view', label: 'View API keys', description: 'See the workspace’s API keys and when they were last used.' },
          {
            id: 'manage',
            label: 'Create and revoke API keys',
            description: 'Create API keys with permissions you hold, and revoke any key.',
            requires: ['api_keys.view'],
          },
        ],
      },
      {
        key: 'webhooks',
        label: 'Webhooks',
        actions: [
          { id: 'view', label: 'View webhooks', description: 'See the workspace’s webhook endpoints and their delivery log.' },
          {
            id: 'manage',
            label: 'Manage webhooks',
            description: 'Add, change and delete webhook endpoints, see and roll their signing secrets, and redeliver events.',
            requires: ['webhooks.view'],
          },
        ],
      },
    ],
  },
  {
    id: 'billing',
    label: 'Plan & billing',
    description: 'The workspace’s plan, seats and invoices.',
    ownerOnly: true,
    nav: [{ label: 'Plan & billing', href: '/settings/billing', anyOf: ['billing.view'] }],
    groups: [
      {
        key: 'billing',
        label: 'Plan & billing',
        actions: [
          { id: 'view', label: 'View plan summary', description: 'See the plan, its limits and usage.' },
          { id: 'manage', label: 'Manage plan and billing', description: 'Change the plan and billing details.', requires: ['billing.view'] },
        ],
      },
    ],
  },
] as const satisfies readonly ModuleDef[]
