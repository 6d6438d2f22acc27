import { memberAbilities } from '@/lib/authz/abilities'
import type { Access } from '@/lib/authz/access'
import type { Metadata } from 'next'
import { exportHref } from '@/components/data-table/export-href'
import Link from 'next/link'
import { PageHeader } from '@/components/page-header'
import { SeatMeter } from '@/components/usage-meter'
import { requirePage } from '@/lib/authz/guards'
import { navigationFor } from '@/lib/authz/nav'
import { headers } from 'next/headers'
import { clientIp } from '@/lib/auth/client-ip'
import { mailboxOpen } from '@/lib/mail/mailbox'
import { loadMembersPage } from '@/lib/db/member-list'
import type { MemberListRow } from '@/lib/db/member-list'
import { parseMemberQuery } from '@/lib/validation/members'
import { FlashNotice } from './flash-notice'
import { InviteDialog } from './invite-dialog'
import type { UsersRow } from './types'
import { UndeliveredNotice } from './undelivered-notice'
import { UsersTable } from './users-table'

export const metadata: Metadata = { title: 'Users' }

type SearchParams = Record<string, string | string[] | undefined>

const SEATS_REASON_ID = 'seats-reason'

/** Marks invitations whose newest link has expired, as of this request. */
/** Each row with whether its link expired, and what this actor may do to that member: the rules' answers, as data. */
function forTable(access: Access, rows: MemberListRow[], now = Date.now()): UsersRow[] {
  return rows.map((r) => ({
    ...r,
    inviteExpired: r.inviteExpiresAt !== null && Date.parse(r.inviteExpiresAt) < now,
    can: memberAbilities(
      access,
      {
        ...r,
        membershipId: r.id,
        tenantId: access.tenantId,
        userId: '',
        roleTemplateId: r.roleTemplate?.id ?? null,
        templateKeys: [],
        directKeys: [],
        teamIds: r.teams.map((t) => t.id),
      },
      { shallow: true },
    ),
  }))
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await requirePage('users.view')
  const params = await searchParams
  const query = parseMemberQuery(params)
  const { list, seats, pickers } = await loadMembersPage(access.tenantId, query)

  // The plan page is the billing module's menu entry, present only when the actor may view billing.
  const planHref = navigationFor(access).find((s) => s.id === 'billing')?.items[0]?.href ?? null
  const full = seats.used >= seats.limit
  const canInvite = access.can('users.invite')

  return (
    <>
      <PageHeader
        title="Users"
        description="Invite teammates, choose what they can do, and manage their access."
        actions={
          canInvite ? (
            <InviteDialog
              templates={pickers.templates}
              canInviteAdmins={access.isOwner}
              disabledReason={full ? 'All seats are taken.' : null}
              seatsLeft={Math.max(0, seats.limit - seats.used)}
              reasonId={SEATS_REASON_ID}
            />
          ) : undefined
        }
      />
      {canInvite && (await mailboxOpen(clientIp(await headers()))) && (
        <p className="mb-4 text-sm text-ink-muted">
          No mail server is set up (SMTP_URL), so invitation emails are kept in the{' '}
          <Link href="/dev/mailbox" className="font-medium text-brand underline">
            dev mailbox
          </Link>
          .
        </p>
      )}
      <FlashNotice />
      {canInvite && <UndeliveredNotice tenantId={access.tenantId} />}
      <SeatMeter used={seats.used} limit={seats.limit} planName={seats.planName} planHref={planHref} upgradable={seats.upgradable} reasonId={SEATS_REASON_ID} />
      <UsersTable
        rows={forTable(access, list.rows)}
        total={list.total}
        page={list.page}
        cursors={list.cursors}
        query={{
          sort: query.sort,
          dir: query.dir,
          size: query.size,
          q: query.q,
          role: query.role ?? null,
          status: query.status ?? null,
          template: query.template ?? null,
          signin: query.signin ?? null,
          twofactor: query.twofactor ?? null,
        }}
        templates={pickers.templates}
        teams={pickers.teams}
        can={{
          edit: access.can('users.edit'),
          editStatus: access.can('users.edit_status'),
          delete: access.can('users.delete'),
          invite: canInvite,
          assign: access.can('roles.assign'),
        }}
        exportHref={exportHref('/settings/users/export', params)}
      />
    </>
  )
}
