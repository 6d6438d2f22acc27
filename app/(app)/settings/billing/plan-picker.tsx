'use client'

import { useRouter } from 'next/navigation'
import { useId } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import { changePlan } from './actions'

const planResolver = lazyZodResolver(() => import('@/lib/validation/billing').then((m) => m.changePlanSchema))

export type PickerPlan = { id: string; name: string; seatLimit: number; roleLimit: number; tooSmall: string | null }
type Values = { planId: string }

/**
 * Chooses another plan. A plan too small for today's usage can still be chosen: the server
 * refuses it with the numbers, and the hint says so beforehand.
 */
export function PlanPicker({ plans, currentId }: { plans: PickerPlan[]; currentId: string }) {
  const router = useRouter()
  const uid = useId()
  const form = useForm<Values>({ resolver: useLazyZodResolver(planResolver), defaultValues: { planId: currentId } })
  const { result, show, clear } = useFormResult(form.setError)
  const selected = useWatch({ control: form.control, name: 'planId' })
  const error = form.formState.errors.planId?.message
  const errorId = `${uid}-error`

  const onSubmit = form.handleSubmit(async (values) => {
    clear()
    const r = await changePlan(values)
    show(r)
    if (r.ok) router.refresh()
  })

  return (
    <section aria-labelledby={`${uid}-heading`} className="rounded-lg border border-line bg-white p-5">
      <h2 id={`${uid}-heading`} className="text-lg font-semibold text-ink">
        Change plan
      </h2>
      <form onSubmit={onSubmit} noValidate className="mt-3 flex max-w-2xl flex-col gap-4">
        <ResultMessage result={result} />
        <fieldset aria-describedby={error ? errorId : undefined}>
          <legend className="mb-2 text-sm font-medium text-ink">Choose a plan</legend>
          <div className="flex flex-col gap-2">
            {plans.map((p) => {
              const id = `${uid}-${p.id}`
              const isCurrent = p.id === currentId
              const described = [`${id}-limits`, isCurrent && `${id}-current`, p.tooSmall && `${id}-small`].filter(Boolean).join(' ')
              return (
                <label
                  key={p.id}
                  htmlFor={id}
                  className="flex cursor-pointer items-start gap-3 rounded-md border border-gray-300 px-4 py-3 has-checked:border-brand has-checked:bg-brand-soft"
                >
                  <input
                    id={id}
                    type="radio"
                    value={p.id}
                    aria-labelledby={`${id}-name`}
                    aria-describedby={described}
                    className="mt-0.5 size-4 accent-brand"
                    {...form.register('planId')}
                  />
                  <span className="flex flex-col gap-0.5">
                    <span className="flex flex-wrap items-center gap-2">
                      <span id={`${id}-name`} className="font-medium text-ink">
                        {p.name}
                      </span>
                      {isCurrent && (
                        <span id={`${id}-current`} className="rounded-full bg-white px-2 py-0.5 text-xs font-medium text-brand ring-1 ring-brand">
                          Current plan
                        </span>
                      )}
                    </span>
                    <span id={`${id}-limits`} className="text-sm text-ink-muted">
                      {p.seatLimit} seats · {p.roleLimit} role templates
                    </span>
                    {p.tooSmall && (
                      <span id={`${id}-small`} className="text-sm text-warn">
                        Too small for your current usage ({p.tooSmall})
                      </span>
                    )}
                  </span>
                </label>
              )
            })}
          </div>
          {error && (
            <p id={errorId} className="mt-2 text-sm text-danger">
              {error}
            </p>
          )}
        </fieldset>
        <div className="flex items-center gap-3">
          <Button
            type="submit"
            disabled={form.formState.isSubmitting || selected === currentId}
            aria-describedby={selected === currentId ? `${uid}-same` : undefined}
          >
            {form.formState.isSubmitting ? 'Switching…' : 'Switch plan'}
          </Button>
          {selected === currentId && (
            <p id={`${uid}-same`} className="text-sm text-ink-muted">
              This is your current plan: choose another one to switch.
            </p>
          )}
        </div>
      </form>
    </section>
  )
}
