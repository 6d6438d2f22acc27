import type { Metadata } from 'next'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { PageHeader } from '@/components/page-header'
import { MeterBar } from '@/components/usage-meter'
import { MODULES } from '@/lib/authz/catalog'
import { requirePage } from '@/lib/authz/guards'
import { seatUsage } from '@/lib/db/seats'
import { listPlans } from '@/lib/db/plans'
import { roleUsage } from '@/lib/db/roles'
import { PlanPicker, type PickerPlan } from './plan-picker'

export const metadata: Metadata = { title: 'Plan & billing' }

/** A plan's modules as the catalog names them, in catalog order (ids the catalog lacks are ignored). */
const moduleLabels = (enabled: readonly string[]) => MODULES.filter((m) => enabled.includes(m.id)).map((m) => m.label)
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** What keeps the workspace from fitting a plan today, or null when it fits. */
function tooSmallFor(plan: { seatLimit: number; roleLimit: number }, seats: number, roles: number): string | null {
  const over = [seats > plan.seatLimit && `${plural(seats, 'seat')} used`, roles > plan.roleLimit && `${plural(roles, 'role template')} exist`].filter(Boolean)
  return over.length ? over.join(', ') : null
}

export default async function BillingPage() {
  const access = await requirePage('billing.view')
  const [plans, seats, roles] = await Promise.all([listPlans(), seatUsage(access.tenantId), roleUsage(access.tenantId)])
  const currentId = access.member.planId
  const current = plans.find((p) => p.id === currentId)
  const canManage = access.can('billing.manage')
  const modules = moduleLabels(current?.enabledModules ?? access.member.enabledModules)
  const picker: PickerPlan[] = plans.map((p) => ({
    id: p.id,
    name: p.name,
    seatLimit: p.seatLimit,
    roleLimit: p.roleLimit,
    tooSmall: tooSmallFor(p, seats.used, roles.used),
  }))

  return (
    <>
      <PageHeader title="Plan & billing" description="No payment is taken: switching applies at once." />

      <section aria-labelledby="current-plan-heading" className="mb-6 rounded-lg border border-line bg-white p-5">
        <h2 id="current-plan-heading" className="text-lg font-semibold text-ink">
          Current plan: <span className="text-brand">{current?.name ?? access.member.planName}</span>
        </h2>
        <dl className="mt-4 grid gap-4 sm:grid-cols-2">
          <Usage label="Seats" used={seats.used} limit={seats.limit} text={`${seats.used} of ${seats.limit} seats used`} />
          <Usage label="Role templates" used={roles.used} limit={roles.limit} text={`${roles.used} of ${roles.limit} role templates`} />
        </dl>
        <h3 className="mt-5 text-sm font-semibold text-ink">Modules included</h3>
        <ul className="mt-2 flex flex-wrap gap-2" aria-label={`Modules of the ${current?.name ?? access.member.planName} plan`}>
          {modules.map((label) => (
            <li key={label} className="rounded-full border border-line bg-gray-50 px-3 py-1 text-sm text-ink">
              {label}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="compare-heading" className="mb-6">
        <h2 id="compare-heading" className="mb-3 text-lg font-semibold text-ink">
          Compare plans
        </h2>
        <ScrollRegion label="Plans compared" className="rounded-lg border border-line bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Seats, role templates and modules of each plan</caption>
            <thead className="border-b border-line bg-gray-50 text-ink">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium text-ink-muted">
                  Included
                </th>
                {plans.map((p) => (
                  <th key={p.id} scope="col" className={`px-4 py-2 font-semibold ${p.id === currentId ? 'bg-brand-soft' : ''}`}>
                    {p.name}
                    {p.id === currentId && (
                      <span className="ml-2 rounded-full bg-white px-2 py-0.5 text-xs font-medium text-brand ring-1 ring-brand">Current</span>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              <tr>
                <th scope="row" className="px-4 py-2 font-medium">
                  Seats
                </th>
                {plans.map((p) => (
                  <td key={p.id} className={cell(p.id === currentId)}>
                    {p.seatLimit}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row" className="px-4 py-2 font-medium">
                  Role templates
                </th>
                {plans.map((p) => (
                  <td key={p.id} className={cell(p.id === currentId)}>
                    {p.roleLimit}
                  </td>
                ))}
              </tr>
              {MODULES.map((m) => (
                <tr key={m.id}>
                  <th scope="row" className="px-4 py-2 font-medium">
                    {m.label}
                  </th>
                  {plans.map((p) => (
                    <td key={p.id} className={cell(p.id === currentId)}>
                      {p.enabledModules.includes(m.id) ? (
                        <>
                          <span aria-hidden className="font-semibold text-ok">
                            ✓
                          </span>
                          <span className="sr-only">Included</span>
                        </>
                      ) : (
                        <>
                          <span aria-hidden className="text-ink-muted">
                            —
                          </span>
                          <span className="sr-only">Not included</span>
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      {canManage ? (
        <PlanPicker plans={picker} currentId={currentId} />
      ) : (
        <p className="text-sm text-ink-muted">Changing the plan needs the “Manage plan and billing” permission. Ask a workspace owner.</p>
      )}
    </>
  )
}

const cell = (current: boolean) => `px-4 py-2 ${current ? 'bg-brand-soft' : ''}`

function Usage({ label, used, limit, text }: { label: string; used: number; limit: number; text: string }) {
  return (
    <div>
      <dt className="text-sm font-medium text-ink-muted">{label}</dt>
      <dd className="mt-1 text-sm text-ink">
        <strong className="text-base">{text}</strong>
        <MeterBar label={`${label} used`} used={used} limit={limit} valueText={text} tone={used >= limit ? 'bg-danger' : 'bg-brand'} />
      </dd>
    </div>
  )
}
