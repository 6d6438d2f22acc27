import type { AccessInput } from '@/lib/authz/access'
import { explainAccess, explainSummary, type AccessBlock, type AccessSource, type ExplainedLeaf } from '@/lib/authz/explain'

/**
 * What the member can do on their next request, and why: per module a count of held
 * permissions, and (in a disclosure) each held leaf with where it comes from and each grant
 * that does not apply with the reason. Every meaning is in text, never in colour alone.
 */
export function EffectiveAccess({ input }: { input: AccessInput }) {
  const leaves = explainAccess(input)
  const summary = explainSummary(input, leaves)
  const sourceText: Record<AccessSource, string> = {
    owner: 'Owner',
    admin: 'Admin',
    template: `Template: ${input.roleTemplateName ?? 'role template'}`,
    direct: 'Direct',
  }
  const blockText: Record<AccessBlock, string> = {
    plan: `not in the ${input.planName} plan`,
    crm: 'CRM access is off',
    owner_only: 'owners only',
    inactive: input.status === 'INVITED' ? 'invitation not accepted yet' : 'member is suspended',
  }

  return (
    <section aria-labelledby="effective-access-heading" className="max-w-3xl">
      <h2 id="effective-access-heading" className="text-lg font-semibold">
        Effective access
      </h2>
      <p className="mb-3 text-sm text-ink-muted">
        What this member can do on their next request, from the saved settings: base role, role template, direct grants, CRM access, the plan and their status.
      </p>
      <ul className="divide-y divide-line rounded-lg border border-line bg-white">
        {summary.map((m) => {
          const own = leaves.filter((l) => l.moduleId === m.moduleId)
          const held = own.filter((l) => l.held)
          const blocked = own.filter((l) => !l.held && l.blockedBy.length > 0)
          return (
            <li key={m.moduleId} className="px-3 py-2">
              <details>
                <summary className="cursor-pointer rounded text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand">
                  <span className="font-medium">{m.label}</span> — {m.held} of {m.total}
                  {!m.enabledByPlan && <span className="text-ink-muted"> (not in the {input.planName} plan)</span>}
                </summary>
                <div className="ml-4 mt-2 flex flex-col gap-3 text-sm">
                  <LeafList
                    title={`Held (${held.length})`}
                    empty="No permission held in this module."
                    leaves={held}
                    describe={(l) => l.sources.map((s) => sourceText[s])}
                  />
                  {blocked.length > 0 && (
                    <LeafList title={`Granted but not applied (${blocked.length})`} leaves={blocked} describe={(l) => l.blockedBy.map((b) => blockText[b])} />
                  )}
                </div>
              </details>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function LeafList({ title, leaves, describe, empty }: { title: string; leaves: ExplainedLeaf[]; describe: (l: ExplainedLeaf) => string[]; empty?: string }) {
  return (
    <div>
      <h3 className="mb-1 font-medium">{title}</h3>
      {leaves.length === 0 ? (
        <p className="text-ink-muted">{empty}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {leaves.map((l) => (
            <li key={l.key} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <span>{l.label}</span>
              <span className="sr-only">:</span>
              {describe(l).map((text, i) => (
                <span key={text} className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-ink-muted">
                  {i > 0 && <span className="sr-only">, </span>}
                  {text}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
