import 'server-only'
import type { Access } from '@/lib/authz/access'
import { judgeMember } from '@/lib/authz/rules'
import { loadTargets } from '@/lib/db/members'
import type { OutboxEntry } from '@/lib/db/outbox'
import { countWorkspaces } from '@/lib/db/workspaces'

// The dev mailbox (/dev/mailbox) shows mail the app kept because no SMTP server is set, so a local
// trial can follow an invitation link. Those links are live: whoever reads one may accept it. So:
// - it is on only for a local trial: no SMTP_URL, the embedded database, one workspace, and a
//   request from this machine (the peer address, with no proxy trusted); DEV_MAILBOX=1 turns it on
//   regardless (an explicit choice for a shared test instance), DEV_MAILBOX=0 off;
// - a link is shown only to a viewer who may hold what it grants (the rule every change obeys:
//   judgeMember, as if the viewer were sending that invitation); otherwise it is hidden.

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export async function mailboxOpen(ip: string | null): Promise<boolean> {
  const setting = process.env.DEV_MAILBOX
  if (setting === '1') return true
  if (setting === '0' || process.env.SMTP_URL || process.env.DATABASE_URL) return false
  if (setting !== 'demo' && process.env.NODE_ENV === 'production') return false
  return !!ip && LOOPBACK.has(ip) && (await countWorkspaces()) <= 1
}

export type MailboxEntry = OutboxEntry & { hiddenBecause: string | null }

/** Each mail as the viewer may read it: a link that grants more than they hold is hidden. */
export async function forViewer(viewer: Access, mails: OutboxEntry[]): Promise<MailboxEntry[]> {
  const ids = mails.flatMap((m) => (m.membershipId ? [m.membershipId] : []))
  const invitees = new Map((await loadTargets(viewer.tenantId, ids)).map((t) => [t.membershipId, t]))
  return mails.map((m) => {
    const invitee = m.membershipId ? invitees.get(m.membershipId) : undefined
    // A link of a membership that is gone, or has joined, no longer works.
    const refusal = invitee?.status === 'INVITED' ? judgeMember(viewer, { before: null, after: invitee, linkIssued: true }) : null
    if (!refusal) return { ...m, hiddenBecause: null }
    const hidden = '[link hidden]'
    return { ...m, text: m.text.replace(/https?:\/\/\S+\/invite\/\S+/g, hidden), html: '', hiddenBecause: refusal.message }
  })
}
