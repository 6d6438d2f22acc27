import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { PageHeader } from '@/components/page-header'
import { formatInstant } from '@/components/data-table/cells'
import { memberAbilities, memberFormPolicy, securityAbilities, type MemberAbilities } from '@/lib/authz/abilities'
import type { Access } from '@/lib/authz/access'
import { requirePage } from '@/lib/authz/guards'
import { judgeMember, type MemberState } from '@/lib/authz/rules'
import { loadAccessInput } from '@/lib/db/access-input'
import { pendingEmailChange } from '@/lib/db/email-changes'
import { getMember, type MemberDetail } from '@/lib/db/member-detail'
import { loadTargets } from '@/lib/db/members'
import { listMemberOptions, listPickers } from '@/lib/db/pickers'
import { listTemplateKeys } from '@/lib/db/roles'
import { emailChangeRefusal } from '@/lib/members/email-change'
import { memberSecurity } from '@/lib/members/security'
import { EffectiveAccess } from './effective-access'
import { EmailChange } from './email-change'
import { MemberForm } from './member-form'
import { SecuritySection } from './security-section'
import { StatusSection } from './status-section'
import { ViewAs } from './view-as'

export const metadata: Metadata = { title: 'Member' }

/** What the status section says besides the status: the invitation's dates, or the last sign-in. */
function statusDetails(m: MemberDetail, now = Date.now()): string[] {
  if (m.status !== 'INVITED') return [m.lastLoginAt ? `Last sign-in ${formatInstant(m.lastLoginAt)}` : 'Never signed in']
  const out: string[] = []
  if (m.invitedBy) out.push(`Invited by ${m.invitedBy.name || m.invitedBy.email}`)
  if (!m.inviteExpiresAt) return [...out, 'No open invitation link: send a new one to let them join.']
  if (m.inviteSentAt) out.push(`Invitation sent ${formatInstant(m.inviteSentAt)}`)
  out.push(Date.parse(m.inviteExpiresAt) < now ? `Link expired ${formatInstant(m.inviteExpiresAt)}` : `Link expires ${formatInstant(m.inviteExpiresAt)}`)
  return out
}

/** Why no status action is offered, when none is: the rules' answer for the action that fits the status. */
function statusNote(access: Access, s: MemberState, can: MemberAbilities): string | null {
  if (can.suspend || can.reactivate || can.resend || can.revoke || can.delete) return null
  const change =
    s.status === 'INVITED'
      ? { before: s, after: s, linkIssued: true, linkVoided: true }
      : { before: s, after: { ...s, status: s.status === 'ACTIVE' ? ('SUSPENDED' as const) : ('ACTIVE' as const) } }
  return judgeMember(access, change)?.message ?? 'You can’t change this member’s status.'
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
  const can = memberAbilities(access, state)
  const active = member.status === 'ACTIVE'
  const joined = member.status !== 'INVITED'
  const [candidates, pending, emailRefusal, security] = await Promise.all([
    can.delete ? listMemberOptions(access.tenantId) : Promise.resolve([]),
    active ? pendingEmailChange(access.tenantId, member.id) : Promise.resolve(null),
    active ? emailChangeRefusal(access, state) : Promise.resolve(null),
    joined ? memberSecurity(state) : Promise.resolve(null),
  ])

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/users" className="text-brand underline">
          ← Users
        </Link>
      </p>
      <PageHeader title={member.name || member.email} description={member.name ? member.email : undefined} />
      <div className="flex flex-col gap-10">
        <StatusSection
          member={{ id: member.id, email: member.email, status: member.status }}
          details={statusDetails(member)}
          can={can}
          note={statusNote(access, state, can)}
          teams={teams}
          candidates={candidates.filter((c) => c.status === 'ACTIVE').map((c) => ({ id: c.id, email: c.email }))}
        />
        {active && (
          <EmailChange
            member={{ id: member.id, email: member.email }}
            pending={
              pending && {
                newEmail: pending.newEmail,
                sent: formatInstant(pending.createdAt),
                expires: formatInstant(pending.expiresAt),
                expired: pending.expired,
              }
            }
            refusal={emailRefusal?.message ?? null}
          />
        )}
        {security && (
          <SecuritySection
            member={{ id: member.id, email: member.email }}
            twoFactorSince={security.twoFactorSince && formatInstant(security.twoFactorSince.toISOString())}
            openSessions={security.openSessions}
            lastSeen={security.lastSeenAt && formatInstant(security.lastSeenAt.toISOString())}
            can={securityAbilities(access, state, security)}
          />
        )}
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
