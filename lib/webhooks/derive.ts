import { bothSides, effectiveKeys, entries, group, loadMembers, stateOf, str, touchedMembers, type Log } from '@/lib/authz/change-log'
import { currentRows, type Row } from '@/lib/db/access-changes'
import type { WrittenAudit } from '@/lib/db/audit'
import { enabledModulesOf } from '@/lib/db/plans'
import { AUDIT_TO_EVENT, WEBHOOK_EVENTS, type WebhookEvent, type WebhookEventType, type WebhookMember } from './events'

// A change's webhook events, from what it wrote and what it did: the lifecycle events from its
// audit events (AUDIT_TO_EVENT), in the order they were written, then `member.access_changed`
// for every member whose effective access differs after the change from before it, by whatever
// path (their own row, grants, teams, their template edited or deleted, the plan). The
// before/after states are the ones checkChange judges (lib/authz/change-log.ts).

const memberOf = (r: Row): WebhookMember => ({
  id: r.id as string,
  email: (r.email as string) ?? '',
  name: (r.name as string) ?? '',
  baseRole: r.baseRole as WebhookMember['baseRole'],
  status: r.status as WebhookMember['status'],
  roleTemplateId: str(r.roleTemplateId),
  crmAccess: r.crmAccess === true,
})

/** `accessChanged`: whether anyone wants member.access_changed (else the members are not rebuilt). */
export async function deriveWebhookEvents(audits: readonly WrittenAudit[], log: Log, wants: { accessChanged: boolean }): Promise<WebhookEvent[]> {
  const lifecycle = audits.flatMap((a) => {
    const type = (AUDIT_TO_EVENT as Record<string, WebhookEventType | null>)[a.action] ?? null
    return type && a.targetId ? [{ tenantId: a.tenantId, type, id: a.targetId }] : []
  })
  const roleIds = new Set(lifecycle.filter((e) => WEBHOOK_EVENTS[e.type].about === 'role').map((e) => e.id))
  const touched = wants.accessChanged ? await touchedMembers(log) : { ids: new Set<string>(), changedTemplates: new Set<string>() }
  // A new plan changes what everyone in the workspace holds: the plan each workspace had before.
  const planBefore = new Map<string, string>()
  for (const e of wants.accessChanged ? entries(log, 'Tenant') : []) {
    const tenantId = e.old!.id as string
    if (planBefore.has(tenantId)) continue
    planBefore.set(tenantId, e.old!.planId as string)
    for (const m of await currentRows('Membership', 'tenantId', [tenantId])) touched.ids.add(m.id as string)
  }
  const memberIds = new Set([...touched.ids, ...lifecycle.filter((e) => WEBHOOK_EVENTS[e.type].about === 'member').map((e) => e.id)])
  if (memberIds.size === 0 && roleIds.size === 0) return []

  const { now, before } = await loadMembers(log, memberIds, touched.changedTemplates)
  const roles = await bothSides(log, 'RoleTemplate', 'id', roleIds, (r) => r.id as string)
  const roleKeys = await bothSides(log, 'RoleTemplatePermission', 'roleTemplateId', roleIds, (r) => `${r.roleTemplateId} ${r.key}`)
  const events: WebhookEvent[] = []

  for (const e of lifecycle) {
    if (WEBHOOK_EVENTS[e.type].about === 'member') {
      const row = (e.type === 'member.deleted' ? null : now.members.get(e.id)) ?? before.members.get(e.id)
      if (row) events.push({ tenantId: e.tenantId, type: e.type, orderingKey: e.id, data: { member: memberOf(row) } })
      continue
    }
    const side = e.type === 'role.deleted' ? 'before' : 'now'
    const row = roles[side].find((r) => r.id === e.id) ?? roles.before.find((r) => r.id === e.id)
    if (!row) continue
    const keys = group(roleKeys[side], 'roleTemplateId', 'key').get(e.id) ?? []
    const role = { id: e.id, name: row.name as string, description: (row.description as string) ?? '', permissions: [...keys].sort() }
    events.push({ tenantId: e.tenantId, type: e.type, orderingKey: e.id, data: { role } })
  }

  if (touched.ids.size === 0) return events
  const tenantIds = new Set([...now.members.values(), ...before.members.values()].map((m) => m.tenantId as string))
  const modules = await enabledModulesOf([...tenantIds], planBefore)
  const accessOf = (id: string, side: 'now' | 'before') => {
    const s = stateOf(side === 'now' ? now : before, id)
    const permissions = s ? effectiveKeys(s, modules.get(s.tenantId)?.[side] ?? []) : []
    const teamIds = s?.status === 'ACTIVE' ? [...s.teamIds].sort() : []
    return { permissions, teamIds }
  }
  for (const id of touched.ids) {
    const was = accessOf(id, 'before')
    const is = accessOf(id, 'now')
    if (JSON.stringify(was) === JSON.stringify(is)) continue
    const row = now.members.get(id) ?? before.members.get(id)!
    events.push({
      tenantId: row.tenantId as string,
      type: 'member.access_changed',
      orderingKey: id,
      data: { member: memberOf(row), ...is, deleted: !now.members.has(id) },
    })
  }
  return events
}
