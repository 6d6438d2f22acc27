// The workspace's Security settings (/settings/security) without zod: the session choices the
// form offers and the email-domain rule invitations obey. Client components import them from
// here; lib/validation/security.ts (the schema) re-exports them for server code.

/** The longest a session may live, and what it lives without a workspace limit: the cookie's 30 days. */
export const MAX_SESSION_LIFETIME_MINUTES = 30 * 24 * 60
/**
 * How often a session's last use is written (lib/db/sessions.ts): an idle timeout is measured to
 * within this, so it must be well above it.
 */
export const SESSION_SEEN_EVERY_MINUTES = 5
export const MIN_SESSION_LIFETIME_MINUTES = 60
export const MIN_SESSION_IDLE_MINUTES = 15
export const MAX_INVITE_DOMAINS = 50

export type Choice = { minutes: number | null; label: string }

/** The lifetimes the form offers (null: the default, 30 days). */
export const SESSION_LIFETIME_CHOICES: readonly Choice[] = [
  { minutes: null, label: '30 days (the default)' },
  { minutes: 14 * 24 * 60, label: '14 days' },
  { minutes: 7 * 24 * 60, label: '7 days' },
  { minutes: 24 * 60, label: '1 day' },
  { minutes: 12 * 60, label: '12 hours' },
  { minutes: 8 * 60, label: '8 hours' },
  { minutes: 60, label: '1 hour' },
]

/** The idle timeouts the form offers (null: none). */
export const SESSION_IDLE_CHOICES: readonly Choice[] = [
  { minutes: null, label: 'No idle timeout' },
  { minutes: 7 * 24 * 60, label: '7 days' },
  { minutes: 24 * 60, label: '1 day' },
  { minutes: 8 * 60, label: '8 hours' },
  { minutes: 2 * 60, label: '2 hours' },
  { minutes: 60, label: '1 hour' },
  { minutes: 30, label: '30 minutes' },
  { minutes: 15, label: '15 minutes' },
]

/** A number of minutes in words: "8 hours", "14 days", "90 minutes". */
export function minutesText(minutes: number): string {
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`
  if (minutes % (24 * 60) === 0) return unit(minutes / (24 * 60), 'day')
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour')
  return unit(minutes, 'minute')
}

/** A session lifetime as the form and the audit log say it. */
export const lifetimeText = (minutes: number | null) => (minutes === null ? '30 days (the default)' : minutesText(minutes))
/** An idle timeout as the form and the audit log say it. */
export const idleText = (minutes: number | null) => (minutes === null ? 'No idle timeout' : minutesText(minutes))

// ─── Email domains ────────────────────────────────────────────────────────────────────────

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

/** Whether `d` (lowercase) is a domain name: letter-digit-hyphen labels, at least two, a real-looking TLD. */
export function isDomain(d: string): boolean {
  if (d.length > 253) return false
  const labels = d.split('.')
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TLD.test(labels.at(-1)!)
}

/** The domains of a text as typed: split at commas, semicolons and white space; a leading @ dropped; lowercase; each once. */
export function splitDomains(text: string): string[] {
  const out: string[] = []
  for (const raw of text.split(/[\s,;]+/)) {
    const d = raw.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '')
    if (d && !out.includes(d)) out.push(d)
  }
  return out
}

/** The part of an address after its last @, lowercase. */
export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase()

/** Whether an address may be used under these domains (none listed: any). Exact domains only: a subdomain is listed on its own. */
export const domainAllowed = (email: string, domains: readonly string[]) => domains.length === 0 || domains.includes(domainOf(email))

/** The list as a sentence's end: "example.com, acme.io". */
export const domainList = (domains: readonly string[]) => domains.join(', ')

/** What an invitation to an address outside the domains is told (a field message and a CSV row's). */
export const inviteDomainMessage = (domains: readonly string[]) => `Invitations can go only to addresses at ${domainList(domains)}.`
