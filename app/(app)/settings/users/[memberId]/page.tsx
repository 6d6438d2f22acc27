import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { PageHeader } from '@/components/page-header'
import { formatInstant } from '@/components/data-table/cells'
import { memberFormPolicy } from '@/lib/authz/abilities'
import { requirePage } from '@/lib/authz/guards'
import { loadAccessInput } from '@/lib/db/access-input'
import { getMember, type MemberDetail } from '@/lib/db/member-detail'
import { loadTargets } from '@/lib/db/members'
import { listPickers } from '@/lib/db/pickers'
import { listTemplateKeys } from '@/lib/db/roles'
import { EffectiveAccess } from './effective-access'
import { MemberForm } from './member-form'
import { ViewAs } from './view-as'

export const metadata: Metadata = { title: 'Member' }

const STATUS: Record<MemberDetail['status'], string> = { ACTIVE: 'Active', INVITED: 'Invited', SUSPENDED: 'Suspended' }

/** "email · status · Last sign-in …", or who invited them and when the link expires. */
function describe(m: MemberDetail) {
  const parts = [m.email, STATUS[m.status]]
  if (m.status === 'INVITED') {
    if (m.invitedBy) parts.push(`Invited by ${m.invitedBy.name || m.invitedBy.email}`)
    if (m.inviteExpiresAt) {
      const expires = new Date(m.inviteExpiresAt)
      parts.push(`${expires.getTime() < Date.now() ? 'link expired' : 'link expires'} ${formatInstant(m.inviteExpiresAt)}`)
    } else parts.push('no open invitation link')
  } else {
    parts.push(m.lastLoginAt ? `Last sign-in ${formatInstant(m.lastLoginAt)}` : 'Never signed in')
  }
  return parts.join(' · ')
}

export default async function MemberPage({
  params,
  searchParams,
}: {
  params: Promise<{ memberId: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const access = await requirePage('users.view')
  const { memberId } = await params
  const member = await getMember(access.tenantId, memberId)
  if (!member) notFound()
  const [{ templates, teams }, templateKeys] = await Promise.all([listPickers(access.tenantId), listTemplateKeys(access.tenantId)])

  // The member's access as their next request will compute it (the same one query), and what
  // this actor may change on them (the same rules that judge the save).
  const [input, [state]] = await Promise.all([loadAccessInput(member.userId, access.tenantId), loadTargets(access.tenantId, [member.id])])
  if (!input || !state) notFound()

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/users" className="text-brand underline">
          ← Users
        </Link>
      </p>
      <PageHeader title={member.name || member.email} description={describe(member)} />
      <div className="flex flex-col gap-10">
        <MemberForm
          member={{
            version: member.version,
            id: member.id,
            email: member.email,
            baseRole: member.baseRole,
            status: member.status,
            crmAccess: member.crmAccess,
            roleTemplateId: member.roleTemplate?.id ?? null,
            teamIds: member.teams.map((t) => t.id),
            directKeys: member.directKeys,
          }}
          templates={templates}
          templateKeys={templateKeys}
          teams={teams}
          policy={memberFormPolicy(access, state)}
        />
        <EffectiveAccess input={input} />
        <ViewAs input={input} actor={access} teams={teams} searchParams={searchParams} />
      </div>
    </>
  )
}
