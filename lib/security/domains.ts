import { inviteDomainsOf } from '@/lib/db/security-settings'
import { domainAllowed, domainList, inviteDomainMessage } from '@/lib/validation/security-constants'

// The workspace's email-domain rule (Security settings → "Invitations may go only to these email
// domains"). It holds wherever an address enters the workspace: an invitation (one, several, a
// CSV), an invitation's address corrected, and a member's sign-in email changed (asked and
// confirmed). Members whose address was outside the domains before the rule was set stay.

export type DomainRule = {
  /** Why an invitation may not go to this address, or null. */
  invite(email: string): string | null
  /** Why a member's email may not change to this address, or null. */
  emailChange(email: string): string | null
}

/** The rule of one workspace, read once (inside a change, under its lock: a concurrent save of the settings waits). */
export async function domainRule(tenantId: string): Promise<DomainRule> {
  const domains = await inviteDomainsOf(tenantId)
  return {
    invite: (email) => (domainAllowed(email, domains) ? null : inviteDomainMessage(domains)),
    emailChange: (email) => (domainAllowed(email, domains) ? null : `This workspace accepts only addresses at ${domainList(domains)}.`),
  }
}
