import { z } from 'zod'
import {
  isDomain,
  MAX_INVITE_DOMAINS,
  MAX_SESSION_LIFETIME_MINUTES,
  MIN_SESSION_IDLE_MINUTES,
  MIN_SESSION_LIFETIME_MINUTES,
  minutesText,
  splitDomains,
} from './security-constants'

export * from './security-constants'

// The workspace's Security settings form's schema (/settings/security), which its action uses too.

/** A number of minutes from `min` to 30 days, or null. `what` with its article: "a session lifetime". */
const minutes = (min: number, what: string) => {
  const What = what[0].toUpperCase() + what.slice(1)
  return z
    .number({ error: `Choose ${what}.` })
    .int({ error: `Choose ${what}.` })
    .min(min, `${What} is at least ${minutesText(min)}.`)
    .max(MAX_SESSION_LIFETIME_MINUTES, `${What} is at most ${minutesText(MAX_SESSION_LIFETIME_MINUTES)}.`)
    .nullable()
}

export const securitySettingsSchema = z
  .object({
    /** What the form loaded (lib/db/security-settings.ts settingsVersion): a save over someone else's change is refused. */
    version: z.string().min(1).max(64),
    requireTwoFactor: z.boolean(),
    /** As typed: domains separated by commas, spaces or lines. Out: the domains, lowercase, each once; none = any address. */
    inviteDomains: z
      .string()
      .max(10_000, 'That is too much text for a list of domains.')
      .transform((text, ctx) => {
        const domains = splitDomains(text)
        const bad = domains.filter((d) => !isDomain(d))
        if (bad.length)
          ctx.addIssue({
            code: 'custom',
            message: `${bad.length === 1 ? `“${bad[0]}” is not a domain name` : `These are not domain names: ${bad.map((b) => `“${b}”`).join(', ')}`}. Write domains like example.com.`,
          })
        if (domains.length > MAX_INVITE_DOMAINS) ctx.addIssue({ code: 'custom', message: `List at most ${MAX_INVITE_DOMAINS} domains.` })
        return domains
      }),
    /** null: the default lifetime (30 days). */
    sessionMaxAgeMinutes: minutes(MIN_SESSION_LIFETIME_MINUTES, 'a session lifetime'),
    /** null: no idle timeout. */
    sessionIdleMinutes: minutes(MIN_SESSION_IDLE_MINUTES, 'an idle timeout'),
  })
  .refine((v) => v.sessionIdleMinutes === null || v.sessionIdleMinutes < (v.sessionMaxAgeMinutes ?? MAX_SESSION_LIFETIME_MINUTES), {
    path: ['sessionIdleMinutes'],
    error: 'The idle timeout must be shorter than the session lifetime.',
    // Also when another field failed (every field error at once), as long as both limits are numbers or null.
    when: ({ issues }) => !issues.some((i) => !i.path?.length || i.path[0] === 'sessionIdleMinutes' || i.path[0] === 'sessionMaxAgeMinutes'),
  })
export type SecuritySettingsInput = z.input<typeof securitySettingsSchema>
export type SecuritySettingsValues = z.output<typeof securitySettingsSchema>
