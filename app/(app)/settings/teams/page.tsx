import type { Metadata } from 'next'
import { PageHeader } from '@/components/page-header'
import { requirePage } from '@/lib/authz/guards'
import { listMemberOptions, MEMBER_OPTIONS_LIMIT } from '@/lib/db/pickers'
import { listTeams } from '@/lib/db/teams'
import { NewTeamForm } from './new-team-form'
import { TeamList } from './team-list'

export const metadata: Metadata = { title: 'Teams' }

export default async function TeamsPage() {
  const access = await requirePage('teams.view')
  const can = { create: access.can('teams.create'), edit: access.can('teams.edit'), delete: access.can('teams.delete') }
  const [teams, people] = await Promise.all([
    listTeams(access.tenantId),
    // Every member, for "Manage members"; only loaded for those who may change a team's members.
    can.edit ? listMemberOptions(access.tenantId) : Promise.resolve([]),
  ])

  return (
    <>
      <PageHeader
        title="Teams"
        description="Group members into teams; a member can be in several. Team membership decides which contacts the “team” record scopes reach, so changes apply on each member’s next request."
      />
      {can.create && <NewTeamForm />}
      <TeamList teams={teams} people={people} peopleTruncated={people.length >= MEMBER_OPTIONS_LIMIT} can={can} />
    </>
  )
}
