'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, notFoundResult, ok } from '@/lib/authz/result'
import * as teamsDb from '@/lib/db/teams'
import { createTeamSchema, renameTeamSchema, setTeamMembersSchema, teamIdSchema } from '@/lib/validation/teams'

const TAKEN = { name: ['Another team already has this name.'] }

function refresh() {
  revalidatePath('/settings/teams')
  revalidatePath('/settings/users')
}

export const createTeam = defineAction(
  { audits: ['team.create'], permission: 'teams.create', schema: createTeamSchema },
  async ({ name }, { access, audit }) => {
    const r = await teamsDb.createTeam(access.tenantId, name)
    if (!r.ok) return fail('Check the highlighted fields.', TAKEN, 'conflict')
    audit({ action: 'team.create', targetType: 'team', targetId: r.team.id, summary: `Created team ${name}`, after: { name } })
    refresh()
    return ok(`Created ${name}.`, { id: r.team.id })
  },
)

export const renameTeam = defineAction(
  { audits: ['team.rename'], permission: 'teams.edit', schema: renameTeamSchema },
  async ({ teamId, name }, { access, audit }) => {
    const r = await teamsDb.renameTeam(access.tenantId, teamId, name)
    if (!r.ok) return r.reason === 'not_found' ? notFoundResult('That team') : fail('Check the highlighted fields.', TAKEN, 'conflict')
    audit({
      action: 'team.rename',
      targetType: 'team',
      targetId: teamId,
      summary: `Renamed team ${r.before} to ${name}`,
      before: { name: r.before ?? null },
      after: { name },
    })
    refresh()
    return ok(`Renamed to ${name}.`)
  },
)

export const deleteTeam = defineAction({ audits: ['team.delete'], permission: 'teams.delete', schema: teamIdSchema }, async ({ teamId }, { access, audit }) => {
  const r = await teamsDb.deleteTeam(access.tenantId, teamId)
  if (!r) return notFoundResult('That team')
  audit({
    action: 'team.delete',
    targetType: 'team',
    targetId: teamId,
    summary: `Deleted team ${r.name}`,
    before: { name: r.name, members: r.members, contacts: r.contacts },
  })
  refresh()
  return ok(`Deleted ${r.name}. Its ${r.contacts} contact${r.contacts === 1 ? '' : 's'} kept their owners and have no team now.`)
})

/** Team membership decides the "team" record scopes: members see the change on their next request. */
export const setTeamMembers = defineAction(
  { audits: ['team.members'], permission: 'teams.edit', schema: setTeamMembersSchema },
  async ({ teamId, add, remove }, { access, audit }) => {
    const r = await teamsDb.setTeamMembers(access.tenantId, teamId, add, remove)
    if (!r) return notFoundResult('That team or one of those members')
    if (r.added.length || r.removed.length) {
      audit({
        action: 'team.members',
        targetType: 'team',
        targetId: teamId,
        summary: `Changed the members of ${r.team}`,
        before: { removed: r.removed },
        after: { added: r.added },
      })
    }
    refresh()
    const parts = [r.added.length && `added ${r.added.join(', ')}`, r.removed.length && `removed ${r.removed.join(', ')}`].filter(Boolean)
    return ok(parts.length ? `${r.team}: ${parts.join('; ')}.` : 'Nothing changed.')
  },
)
