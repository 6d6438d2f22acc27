import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { requestEmailChange } from '@/app/(app)/settings/users/[memberId]/actions'
import { inviteMembers } from '@/app/(app)/settings/users/invite-actions'
import type { AccessState } from '@/lib/authz/get-access'
import { allows } from '../support/personas'
import { db } from '@/lib/db/client'
import { createPasswordReset } from '@/lib/db/password-resets'
import { getSecuritySettings, settingsVersion } from '@/lib/db/security-settings'
import { PLANS } from '@/lib/db/seed'
import { startSession } from '@/lib/db/sessions'
import { confirmEnrolment, startEnrolment } from '@/lib/db/two-factor'
import { codeAt, encryptSecret, newSecret } from '@/lib/auth/two-factor'
import { newSealedWebhookSecret } from '@/lib/auth/webhook-secret'
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/events'
import { ALL_KEYS, escalations, holdingsOf, viewWorld } from '../support/access-oracle'
import { discoverActions, schemaFields, type AppAction } from '../support/app-actions'
import { accessOf, createWorkspace, PASSWORD, success, type MemberSpec, keepMailInOutbox, seatCounterDrift } from '../support/fixtures'

// No escalation, proven for every action: generated from the action registry like the security
// matrix. Each action is called by every persona its gate lets in, with payloads built from its
// schema that aim at every member, role, team and contact of a workspace laid out to tempt it
// (suspended and invited people with rich roles, CRM off, teams with records the actor cannot
// see, a person invited in another workspace too). Whatever the action answers, the oracle then
// compares every member's effective access before and after: nobody may gain anything the actor
// did not hold. A new action, or a new field of one, fails here until the payload table knows it.

const actions = await discoverActions()

keepMailInOutbox()

const RICH = [
  'users.view',
  'broadcasts.view',
  'broadcasts.create',
  'contacts.view.all_assigned',
  'contacts.view.unassigned',
  'contacts.edit.all_assigned',
  'contacts.edit.unassigned',
]
const DELEGATE = [
  'users.view',
  'users.invite',
  'users.edit',
  'users.edit_status',
  'users.delete',
  'roles.view',
  'roles.create',
  'roles.edit',
  'roles.delete',
  'roles.assign',
  'teams.view',
  'teams.create',
  'teams.edit',
  'teams.delete',
  'contacts.view.own',
  'contacts.view.team',
  'contacts.create',
  'contacts.edit.own',
  'contacts.assign.own',
  'contacts.delete.own',
  'api_keys.view',
  'api_keys.manage',
  'webhooks.view',
  'webhooks.manage',
]
const NO_CRM = ['users.view', 'users.invite', 'users.edit', 'users.edit_status', 'roles.view', 'roles.assign', 'teams.view', 'teams.edit']
const STATUS_ONLY = ['users.view', 'users.edit_status']

/**
 * The workspace: an owner and an admin; people who could be handed more than the actor holds
 * (a suspended admin, a suspended and an invited member with the rich role and CRM, an invited
 * admin, an active member with the rich role but CRM off, someone invited here and elsewhere);
 * teams Alpha (the delegate's) and Beta with contacts owned across them; and three restricted
 * actors: a delegate of users/roles/teams with own/team contact scopes, an editor without CRM,
 * and someone who may only suspend and reactivate.
 */
async function world() {
  const ws = await createWorkspace({ plan: 'business', name: 'Escalation' })
  const elsewhere = await createWorkspace({ plan: 'business', name: 'Elsewhere' })
  const t = ws.tenant.id
  const role = (name: string, keys: string[], tenantId = t) =>
    db().roleTemplate.create({ data: { tenantId, name, permissions: { create: keys.map((key) => ({ key })) } } })
  const rich = await role('Campaign manager', RICH)
  const viewer = await role('Viewer', ['users.view', 'contacts.view.own'])
  const teamish = await role('Team scout', ['teams.view', 'contacts.view.team'])
  const delegateRole = await role('Delegate', DELEGATE)
  const noCrmRole = await role('No CRM', NO_CRM)
  const statusRole = await role('Status', STATUS_ONLY)
  const alpha = await db().team.create({ data: { tenantId: t, name: 'Alpha' } })
  const beta = await db().team.create({ data: { tenantId: t, name: 'Beta' } })

  const named = (name: string, spec: MemberSpec) => ws.add({ ...spec, email: `${name}@${ws.tag}.test` })
  const owner = await named('owner', { role: 'OWNER', crmAccess: true })
  const admin = await named('admin', { role: 'ADMIN' })
  const delegate = await named('delegate', { templateId: delegateRole.id, crmAccess: true })
  const noCrm = await named('no-crm', { templateId: noCrmRole.id })
  const statusOnly = await named('status-only', { templateId: statusRole.id })
  await named('suspended-admin', { role: 'ADMIN', status: 'SUSPENDED' })
  await named('suspended-rich', { templateId: rich.id, crmAccess: true, status: 'SUSPENDED' })
  const richNoCrm = await named('rich-no-crm', { templateId: rich.id })
  const plain = await named('plain', { templateId: viewer.id, crmAccess: true })
  const scout = await named('scout', { templateId: teamish.id, crmAccess: true })
  await named('watcher', { permissions: ['contacts.view.unassigned'], crmAccess: true })
  const mate = await named('mate', { templateId: viewer.id, crmAccess: true })
  await db().teamMember.createMany({
    data: [
      { teamId: alpha.id, membershipId: delegate.id },
      { teamId: alpha.id, membershipId: mate.id },
      { teamId: beta.id, membershipId: plain.id },
      { teamId: beta.id, membershipId: scout.id },
    ],
  })

  const ownerState = await accessOf(owner)
  const addr = (name: string) => `${name}-${randomBytes(2).toString('hex')}@${ws.tag}.test`
  success(await inviteMembers.run(ownerState, { rows: [{ email: addr('invited-rich'), roleTemplateId: rich.id }], crmAccess: true }))
  success(
    await inviteMembers.run(ownerState, {
      rows: [
        { email: addr('invited-admin'), baseRole: 'ADMIN' },
        { email: addr('invited-viewer'), roleTemplateId: viewer.id },
      ],
    }),
  )
  // Invited here (plain) and elsewhere (with the rich role): one account behind both.
  const both = addr('invited-twice')
  success(await inviteMembers.run(ownerState, { rows: [{ email: both, roleTemplateId: viewer.id }] }))
  const elsewhereOwner = await elsewhere.add({ role: 'OWNER', crmAccess: true })
  const elsewhereRich = await role('Campaign manager', RICH, elsewhere.tenant.id)
  success(await inviteMembers.run(await accessOf(elsewhereOwner), { rows: [{ email: both, roleTemplateId: elsewhereRich.id }], crmAccess: true }))

  // Email changes waiting for their new address (a member and an admin): what cancelling and confirming act on.
  for (const m of [plain, richNoCrm, admin]) success(await requestEmailChange.run(ownerState, { memberId: m.id, email: addr('moved') }))

  const contact = (name: string, ownerId: string | null, teamId: string | null) => db().contact.create({ data: { tenantId: t, name, ownerId, teamId } })
  await contact('Owned by plain, Beta', plain.id, beta.id)
  await contact('Owned by the owner', owner.id, null)
  await contact('Beta, no owner', null, beta.id)
  await contact('Unassigned', null, null)
  await contact('Owned by the delegate', delegate.id, null)
  await contact('Owned by richNoCrm', richNoCrm.id, null)
  await contact('Alpha, no owner', null, alpha.id)
  await contact('Owned by the scout', scout.id, null)

  // API keys: one with the rich role's permissions (more than the delegate holds), one of the delegate's.
  const key = (name: string, creator: { id: string }, permissions: string[]) =>
    db().apiKey.create({
      data: { tenantId: t, name, prefix: 'tg_live_x', secretHash: randomBytes(32).toString('hex'), permissions, createdById: creator.id },
    })
  await key('Rich backend', owner, RICH)
  await key('Delegate backend', delegate, ['users.view', 'teams.view'])

  // A webhook endpoint that wants every event (so every call's events are written, or rolled back
  // with it), and one delivery of it to redeliver.
  const endpoint = await db().webhookEndpoint.create({
    data: { tenantId: t, url: 'http://127.0.0.1:9/cache', eventTypes: [...WEBHOOK_EVENT_TYPES], secret: newSealedWebhookSecret(), createdById: owner.id },
  })
  const message = await db().webhookMessage.create({ data: { tenantId: t, type: 'role.created', orderingKey: 'role', payload: '{}' } })
  await db().webhookDelivery.create({
    data: { tenantId: t, messageId: message.id, endpointId: endpoint.id, orderingKey: 'role', seq: message.seq, deliveredAt: new Date() },
  })

  return {
    tenantId: t,
    tenantIds: [t, elsewhere.tenant.id],
    personas: { admin, delegate, noCrm, statusOnly, owner },
    addr,
  }
}
type World = Awaited<ReturnType<typeof world>>

/** The workspace's ids, read now (earlier calls may have deleted or added some). */
async function ids(w: World) {
  const t = w.tenantId
  const [members, roles, teams, contacts, apiKeys, endpoints, deliveries] = await Promise.all([
    db().membership.findMany({
      where: { tenantId: t },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        version: true,
        status: true,
        baseRole: true,
        crmAccess: true,
        roleTemplateId: true,
        user: { select: { email: true, passwordHash: true } },
        permissions: { select: { key: true } },
        teams: { select: { teamId: true } },
      },
    }),
    db().roleTemplate.findMany({
      where: { tenantId: t },
      orderBy: { name: 'asc' },
      select: { id: true, version: true, name: true, permissions: { select: { key: true } }, _count: { select: { members: true } } },
    }),
    db().team.findMany({ where: { tenantId: t }, orderBy: { name: 'asc' }, select: { id: true } }),
    db().contact.findMany({ where: { tenantId: t }, orderBy: { name: 'asc' }, select: { id: true } }),
    db().apiKey.findMany({ where: { tenantId: t }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db().webhookEndpoint.findMany({ where: { tenantId: t }, orderBy: { createdAt: 'asc' }, select: { id: true, url: true } }),
    db().webhookDelivery.findMany({ where: { tenantId: t }, orderBy: { seq: 'asc' }, take: 3, select: { id: true } }),
  ])
  return {
    members,
    roles,
    teams: teams.map((x) => x.id),
    contacts: contacts.map((x) => x.id),
    apiKeys,
    endpoints,
    deliveries: deliveries.map((d) => d.id),
  }
}
type Ids = Awaited<ReturnType<typeof ids>>
type Member = Ids['members'][number]
type Role = Ids['roles'][number]

// ─── Payloads ─────────────────────────────────────────────────────────────────────────────
// An action's payloads: for each thing it can aim at (a member, a role, a team, a contact, an
// invitation link), a base payload (what its form sends unchanged) and one variation per value
// of every other field. Each field of every action's schema must be known here.

type Ctx = { w: World; ids: Ids; actor: { id: string } }
/** The members an action aims at: everyone but the caller (changing oneself has rules of its own, tested elsewhere). */
const others = (c: Ctx) => c.ids.members.filter((m) => m.id !== c.actor.id)
type Target = { label: string; base: Record<string, unknown>; vary: Record<string, unknown[]> }
const userIdOf = async (m: Member) => (await db().user.findUniqueOrThrow({ where: { email: m.user.email }, select: { id: true } })).id

const reassignments = (c: Ctx, exclude: string) => [
  { reassignTo: 'unassigned', reassignId: null },
  { reassignTo: 'member', reassignId: c.actor.id },
  ...c.ids.members
    .filter((m) => m.id !== exclude && m.id !== c.actor.id)
    .slice(0, 3)
    .map((m) => ({ reassignTo: 'member', reassignId: m.id })),
  ...c.ids.teams.map((id) => ({ reassignTo: 'team', reassignId: id })),
]
const memberForm = (m: Member) => ({
  memberId: m.id,
  version: m.version,
  baseRole: m.baseRole,
  roleTemplateId: m.roleTemplateId,
  crmAccess: m.crmAccess,
  teamIds: m.teams.map((x) => x.teamId),
  permissions: m.permissions.map((p) => p.key),
})
const roleSets = (c: Ctx, r: Role | null, actorKeys: string[]) => [
  ...(r ? [r.permissions.map((p) => p.key)] : [[]]),
  [...new Set([...(r?.permissions.map((p) => p.key) ?? []), ...actorKeys])],
  RICH,
  ALL_KEYS,
]

/** Targets per action: the fields it aims with, and the other fields' values. */
/** Turns two-factor on for the actor (if a member) and answers a code their app shows now. */
async function actorWithTwoFactor(c: Ctx): Promise<string> {
  const me = c.ids.members.find((m) => m.id === c.actor.id)
  const secret = newSecret()
  if (!me) return codeAt(secret)
  const userId = await userIdOf(me)
  const stored = encryptSecret(secret)
  await db().user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null } })
  await startEnrolment(userId, stored)
  await confirmEnrolment(userId, stored, 0, [])
  return codeAt(secret)
}

const PAYLOADS: Record<string, (c: Ctx, actorKeys: string[]) => Promise<Target[]> | Target[]> = {
  setMemberStatus: (c) =>
    others(c).map((m) => ({ label: m.user.email, base: { memberIds: [m.id], status: m.status === 'SUSPENDED' ? 'ACTIVE' : 'SUSPENDED' }, vary: {} })),
  deleteMembers: (c) =>
    others(c).map((m) => ({
      label: m.user.email,
      base: { memberIds: [m.id], reassignTo: 'unassigned', reassignId: null },
      vary: { $reassign: reassignments(c, m.id) },
    })),
  setMembersTemplate: (c) =>
    others(c).map((m) => ({ label: m.user.email, base: { memberIds: [m.id], roleTemplateId: null }, vary: { roleTemplateId: c.ids.roles.map((r) => r.id) } })),
  checkInvites: (c) => invites(c),
  inviteMembers: (c) => invites(c),
  resendInvite: (c) => others(c).map((m) => ({ label: m.user.email, base: { memberId: m.id }, vary: {} })),
  resendInvites: (c) => others(c).map((m) => ({ label: m.user.email, base: { memberIds: [m.id] }, vary: {} })),
  requestEmailChange: (c) => others(c).map((m) => ({ label: m.user.email, base: { memberId: m.id, email: c.w.addr('moved') }, vary: {} })),
  cancelEmailChange: (c) => others(c).map((m) => ({ label: m.user.email, base: { memberId: m.id }, vary: {} })),
  sendMemberPasswordReset: (c) => others(c).map((m) => ({ label: m.user.email, base: { memberId: m.id }, vary: {} })),
  // Each target signs in with two-factor (what the reset acts on), and has a session open.
  resetMemberTwoFactor: (c) =>
    Promise.all(
      others(c).map(async (m) => {
        await db().user.update({ where: { email: m.user.email }, data: { totpSecret: 'secret', totpEnabledAt: new Date() } })
        return { label: m.user.email, base: { memberId: m.id }, vary: {} }
      }),
    ),
  endMemberSessions: (c) =>
    Promise.all(
      others(c).map(async (m) => {
        await startSession(await userIdOf(m), null, 'test')
        return { label: m.user.email, base: { memberId: m.id }, vary: {} }
      }),
    ),
  revokeInvites: (c) => others(c).map((m) => ({ label: m.user.email, base: { memberIds: [m.id] }, vary: {} })),
  updateMember: (c, actorKeys) =>
    others(c).map((m) => ({
      label: m.user.email,
      base: memberForm(m),
      vary: {
        email: [c.w.addr('corrected')],
        baseRole: (['MEMBER', 'ADMIN', 'OWNER'] as const).filter((r) => r !== m.baseRole),
        roleTemplateId: [null, ...c.ids.roles.map((r) => r.id)],
        crmAccess: [!m.crmAccess],
        // Removing never widens anyone's access: the variations add.
        teamIds: [...c.ids.teams.map((id) => [id]), c.ids.teams],
        permissions: [actorKeys, RICH],
      },
    })),
  createRole: (c, actorKeys) => [
    { label: 'a new role', base: { name: 'New role', description: '', permissions: [] }, vary: { permissions: roleSets(c, null, actorKeys) } },
  ],
  duplicateRole: (c) => c.ids.roles.map((r) => ({ label: r.name, base: { roleId: r.id }, vary: {} })),
  updateRole: (c, actorKeys) =>
    c.ids.roles.map((r) => ({
      label: r.name,
      base: { roleId: r.id, name: r.name, description: '', version: r.version, permissions: r.permissions.map((p) => p.key) },
      vary: { permissions: roleSets(c, r, actorKeys) },
    })),
  previewRoleImpact: (c) => c.ids.roles.map((r) => ({ label: r.name, base: { roleId: r.id, permissions: ALL_KEYS }, vary: {} })),
  deleteRole: (c) =>
    c.ids.roles.map((r) => ({
      label: r.name,
      base: { roleId: r.id, replacementId: null, removeFromMembers: r._count.members },
      vary: { $replacement: c.ids.roles.filter((x) => x.id !== r.id).map((x) => ({ replacementId: x.id, removeFromMembers: null })) },
    })),
  setRoleAssignees: (c) =>
    c.ids.roles.flatMap((r) =>
      others(c).map((m) => ({
        label: `${r.name} / ${m.user.email}`,
        base: { roleId: r.id, add: [m.id], remove: [] },
        vary: { $remove: m.roleTemplateId === r.id ? [{ add: [], remove: [m.id] }] : [] },
      })),
    ),
  findAssignees: (c) => c.ids.roles.map((r) => ({ label: r.name, base: { roleId: r.id, q: '' }, vary: {} })),
  createTeam: () => [{ label: 'a new team', base: { name: `Team ${randomBytes(2).toString('hex')}` }, vary: {} }],
  renameTeam: (c) => c.ids.teams.map((id) => ({ label: id, base: { teamId: id, name: `Renamed ${randomBytes(2).toString('hex')}` }, vary: {} })),
  deleteTeam: (c) => c.ids.teams.map((id) => ({ label: id, base: { teamId: id }, vary: {} })),
  setTeamMembers: (c) =>
    c.ids.teams.flatMap((id) =>
      c.ids.members.map((m) => ({
        label: `${id} / ${m.user.email}`,
        base: { teamId: id, add: [m.id], remove: [] },
        vary: { $remove: m.teams.some((t) => t.teamId === id) ? [{ add: [], remove: [m.id] }] : [] },
      })),
    ),
  createContact: (c) => [
    {
      label: 'a new contact',
      base: { name: 'New contact', email: '', ownerId: c.actor.id, teamId: null },
      vary: { ownerId: [null, ...c.ids.members.map((m) => m.id)], teamId: c.ids.teams },
    },
  ],
  updateContact: (c) => c.ids.contacts.map((id) => ({ label: id, base: { contactId: id, name: 'Renamed contact', email: '' }, vary: {} })),
  assignContact: (c) =>
    c.ids.contacts.map((id) => ({
      label: id,
      base: { contactId: id, ownerId: c.actor.id, teamId: null },
      // Whoever a contact goes to sees it; the actor had to reach it to move it (a few owners show that).
      vary: {
        ownerId: [
          null,
          ...others(c)
            .slice(0, 5)
            .map((m) => m.id),
        ],
        teamId: c.ids.teams,
      },
    })),
  deleteContact: (c) => c.ids.contacts.map((id) => ({ label: id, base: { contactId: id }, vary: {} })),
  createApiKey: (_c, actorKeys) => [
    {
      label: 'a new key',
      base: { name: 'New key', expiresOn: '', permissions: ['users.view'] },
      vary: { permissions: [actorKeys, RICH, ALL_KEYS], expiresOn: [new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)] },
    },
  ],
  revokeApiKey: (c) => c.ids.apiKeys.map((k) => ({ label: k.name, base: { keyId: k.id }, vary: {} })),
  createWebhookEndpoint: () => [
    {
      label: 'a new endpoint',
      base: { url: 'http://127.0.0.1:9/new', description: '', eventTypes: ['role.created'] },
      vary: { eventTypes: [[...WEBHOOK_EVENT_TYPES]], description: ['Cache'] },
    },
  ],
  updateWebhookEndpoint: (c) =>
    c.ids.endpoints.map((e) => ({
      label: e.url,
      base: { endpointId: e.id, url: e.url, description: '', eventTypes: ['role.created'] },
      vary: { url: ['http://127.0.0.1:9/moved'], eventTypes: [[...WEBHOOK_EVENT_TYPES]], description: ['Cache'] },
    })),
  setWebhookEnabled: (c) => c.ids.endpoints.map((e) => ({ label: e.url, base: { endpointId: e.id, enabled: false }, vary: { enabled: [true] } })),
  deleteWebhookEndpoint: (c) => c.ids.endpoints.map((e) => ({ label: e.url, base: { endpointId: e.id }, vary: {} })),
  revealWebhookSecret: (c) => c.ids.endpoints.map((e) => ({ label: e.url, base: { endpointId: e.id }, vary: {} })),
  rollWebhookSecret: (c) => c.ids.endpoints.map((e) => ({ label: e.url, base: { endpointId: e.id }, vary: {} })),
  sendTestWebhook: (c) => c.ids.endpoints.map((e) => ({ label: e.url, base: { endpointId: e.id }, vary: {} })),
  redeliverWebhook: (c) => c.ids.deliveries.map((id) => ({ label: id, base: { deliveryId: id }, vary: {} })),
  changePlan: () => PLANS.map((p) => ({ label: p.id, base: { planId: p.id }, vary: {} })),
  // The settings as loaded, then each field changed (after the first save the rest are stale: refused as conflicts).
  updateSecuritySettings: async (c) => {
    const s = await getSecuritySettings(c.w.tenantId)
    return [
      {
        label: 'the security settings',
        base: {
          version: settingsVersion(s),
          requireTwoFactor: s.requireTwoFactor,
          inviteDomains: s.inviteDomains.join('\n'),
          sessionMaxAgeMinutes: s.sessionMaxAgeMinutes,
          sessionIdleMinutes: s.sessionIdleMinutes,
        },
        vary: { requireTwoFactor: [!s.requireTwoFactor], inviteDomains: ['example.com'], sessionMaxAgeMinutes: [60], sessionIdleMinutes: [15] },
      },
    ]
  },
  updateProfile: () => [{ label: 'own name', base: { name: 'Renamed' }, vary: {} }],
  changePassword: () => [
    {
      label: 'own password',
      base: { currentPassword: 'not the password', newPassword: 'a new password 123', confirmPassword: 'a new password 123' },
      vary: { currentPassword: [PASSWORD] },
    },
  ],
  signOutOtherSessions: async (c) => {
    const me = c.ids.members.find((m) => m.id === c.actor.id)
    if (me) await startSession(await userIdOf(me), null, 'test')
    return [{ label: 'own sessions', base: {}, vary: {} }]
  },
  // Two-factor: one's own only. The enrolment is confirmed with its right first code.
  startTwoFactor: () => [{ label: 'own enrolment', base: {}, vary: {} }],
  confirmTwoFactor: async (c) => {
    const me = c.ids.members.find((m) => m.id === c.actor.id)
    const secret = newSecret()
    if (me) await startEnrolment(await userIdOf(me), encryptSecret(secret))
    return [{ label: 'first code', base: { code: codeAt(secret) }, vary: {} }]
  },
  newRecoveryCodeSet: async (c) => [{ label: 'own codes', base: { code: await actorWithTwoFactor(c) }, vary: {} }],
  disableTwoFactor: async (c) => {
    await actorWithTwoFactor(c)
    return [{ label: 'own two-factor', base: { proof: 'password', password: PASSWORD }, vary: {} }]
  },
  // Aimed at one's own session and at the sessions of other people.
  endSession: (c) =>
    Promise.all(
      [...c.ids.members.filter((m) => m.id === c.actor.id), ...others(c).slice(0, 3)].map(async (m) => ({
        label: m.user.email,
        base: { sessionId: await startSession(await userIdOf(m), null, 'test') },
        vary: {},
      })),
    ),
  confirmEmailChange: async (c) => {
    const mails = await db().outboxMail.findMany({ where: { tenantId: c.w.tenantId }, select: { to: true, text: true } })
    return mails.flatMap((m) => {
      const token = /\/confirm-email\/([\w-]+)/.exec(m.text)?.[1]
      return token ? [{ label: m.to, base: { token }, vary: {} }] : []
    })
  },
  requestPasswordReset: async (c) => {
    const m = await db().membership.findUniqueOrThrow({ where: { id: c.actor.id }, select: { user: { select: { email: true } } } })
    return [{ label: m.user.email, base: { email: m.user.email }, vary: {} }]
  },
  // A fresh link of the caller's own account (a newer one voids the last persona's).
  resetPassword: async (c) => {
    const m = await db().membership.findUniqueOrThrow({ where: { id: c.actor.id }, select: { userId: true } })
    const { token } = await createPasswordReset(m.userId, null)
    return [{ label: 'own link', base: { token, newPassword: PASSWORD, confirmPassword: PASSWORD }, vary: {} }]
  },
  acceptInvite: async (c) => {
    const mails = await db().outboxMail.findMany({ where: { tenantId: c.w.tenantId }, select: { to: true, text: true } })
    return mails.flatMap((m) => {
      const token = /\/invite\/([\w-]+)/.exec(m.text)?.[1]
      return token
        ? [
            {
              label: m.to,
              base: { mode: 'new', token, name: 'Taker', password: 'a password 12345', confirmPassword: 'a password 12345' },
              vary: { $existing: [{ mode: 'existing', token, password: PASSWORD }] },
            },
          ]
        : []
    })
  },
}

function invites(c: Ctx): Target[] {
  const row = (baseRole: string, roleTemplateId: string | null) => ({ email: c.w.addr('new'), baseRole, roleTemplateId })
  return [
    {
      label: 'new people',
      base: { rows: [row('MEMBER', null)], crmAccess: false },
      vary: {
        rows: [[row('ADMIN', null)], [row('OWNER', null)], ...c.ids.roles.map((r) => [row('MEMBER', r.id)])],
        crmAccess: [true],
      },
    },
  ]
}

/** The base payload, then each variation of one field (a `$name` entry sets several fields at once). */
function payloads(t: Target): Record<string, unknown>[] {
  const out = [t.base]
  for (const [field, values] of Object.entries(t.vary)) {
    for (const v of values) out.push(field.startsWith('$') ? { ...t.base, ...(v as object) } : { ...t.base, [field]: v })
  }
  return out
}

describe('the payload table', () => {
  it('knows every action, and builds payloads with every field of its schema', () => {
    const missing = actions.filter((a) => !PAYLOADS[a.name]).map((a) => a.id)
    expect(missing).toEqual([])
  })
})

type Persona = keyof World['personas']
const PERSONAS: Persona[] = ['delegate', 'noCrm', 'statusOnly', 'admin', 'owner']

/** Audit events and mails of these workspaces from now on: call the result after the action. */
async function sideEffects(tenantIds: string[]) {
  const [events, mails, webhooks] = await Promise.all([
    db().auditEvent.count({ where: { tenantId: { in: tenantIds } } }),
    db().outboxMail.count(),
    db().webhookMessage.count({ where: { tenantId: { in: tenantIds } } }),
  ])
  return async () => {
    const n = (await db().auditEvent.count({ where: { tenantId: { in: tenantIds } } })) - events
    const newest =
      n > 0
        ? await db().auditEvent.findMany({ where: { tenantId: { in: tenantIds } }, orderBy: [{ createdAt: 'desc' }], take: n, select: { action: true } })
        : []
    return {
      events: newest.map((e) => e.action),
      mails: (await db().outboxMail.count()) - mails,
      webhooks: (await db().webhookMessage.count({ where: { tenantId: { in: tenantIds } } })) - webhooks,
    }
  }
}

async function stateOf(w: World, p: Persona): Promise<AccessState> {
  return accessOf(w.personas[p])
}

describe.each(actions.map((a) => [a.id, a] as const))('%s', (_id, a: AppAction) => {
  it('gives nobody access its caller did not hold', { timeout: 240_000 }, async () => {
    const w = await world()
    const fields = new Set(schemaFields(a.action.schema).filter((f) => !f.includes('.')))
    const problems: string[] = []
    let runs = 0
    let allowed = 0
    const audited = new Set<string>()
    const mayCall = async (p: Persona) => {
      const s = await stateOf(w, p)
      return a.action.permission === 'public' || (s.status === 'ok' && allows(s.access, a.action.permission))
    }
    // An owner holds every permission of their workspace (another's is refused in holes.test.ts
    // and rules.test.ts): they call only what nobody else may (the plan).
    const othersMayCall = (await Promise.all(PERSONAS.filter((p) => p !== 'owner').map(mayCall))).some(Boolean)
    let before = await viewWorld(w.tenantIds)
    for (const p of PERSONAS) {
      if (p === 'owner' && othersMayCall) continue
      const first = await stateOf(w, p)
      if (!(await mayCall(p))) continue
      const actorKeys = first.status === 'ok' ? first.access.keys() : []
      const targets = await PAYLOADS[a.name]({ w, ids: await ids(w), actor: w.personas[p] }, actorKeys)
      for (const target of targets) {
        for (const payload of payloads(target)) {
          for (const f of Object.keys(payload)) if (!fields.has(f)) problems.push(`payload field ${f} is not in the schema`)
          const state = a.action.permission === 'public' ? ({ status: 'anonymous' } as const) : await stateOf(w, p)
          if (state.status !== 'ok' && a.action.permission !== 'public') continue // the persona was suspended by an earlier call
          const actor = a.action.permission === 'public' ? null : (before.members.get(w.personas[p].id) ?? null)
          const written = await sideEffects(w.tenantIds)
          const r = await a.action.run(state, payload)
          runs++
          if (r.ok) allowed++
          const after = await viewWorld(w.tenantIds)
          const call = `${p} → ${target.label} ${JSON.stringify(payload)}`
          for (const e of escalations(before, after, holdingsOf(actor))) problems.push(`${call}: ${e}`)
          before = after // nothing else writes between two calls
          // What the call left behind: only declared audit events, none when refused; mail as declared.
          const { events, mails, webhooks } = await written()
          for (const e of events) if (!(a.action.audits as readonly string[]).includes(e)) problems.push(`${call}: wrote the undeclared audit event ${e}`)
          if (!r.ok && (events.length || mails || webhooks))
            problems.push(`${call}: refused (${r.message}), yet wrote ${events.join(', ') || 'no event'}, ${mails} mail(s) and ${webhooks} webhook event(s)`)
          if (r.ok && !a.action.mails && mails) problems.push(`${call}: queued ${mails} mail(s) but declares none`)
          if (r.ok && a.action.mails === 'always' && !mails) problems.push(`${call}: declares mail on every success, queued none`)
          if (r.ok) for (const e of events) audited.add(e)
          // The seat counters on the workspace row move with every membership the call wrote.
          for (const d of await seatCounterDrift(w.tenantIds)) problems.push(`${call}: seat counter ${d}`)
        }
      }
    }
    expect(runs, 'the action was called').toBeGreaterThan(0)
    expect(problems).toEqual([])
    // Every declared audit event is written by some successful call (the declaration is not a guess).
    expect([...audited].sort(), 'audit events written').toEqual([...a.action.audits].sort())
    // Not vacuous: the generated calls do something (read-only actions aside).
    if (!['checkInvites', 'previewRoleImpact', 'findAssignees'].includes(a.name)) expect(allowed, 'some calls succeeded').toBeGreaterThan(0)
  })
})
