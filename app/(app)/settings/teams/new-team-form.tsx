'use client'

import { useRouter } from 'next/navigation'
import { useId } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { createTeamSchema } from '@/lib/validation/teams'
import { createTeam } from './actions'
import { focusRing } from '@/components/ui/focus-ring'

const createResolver = lazyZodResolver(() => import('@/lib/validation/teams').then((m) => m.createTeamSchema))

/** "New team": one name; a clash with another team's name lands on the field. */
export function NewTeamForm() {
  const router = useRouter()
  const headingId = useId()
  const form = useForm<z.input<typeof createTeamSchema>>({ resolver: useLazyZodResolver(createResolver), defaultValues: { name: '' } })
  const { result, show } = useFormResult(form.setError)

  const onSubmit = form.handleSubmit(async (values) => {
    const r = await createTeam(values)
    show(r)
    if (r.ok) {
      form.reset()
      router.refresh()
    } else if (r.fieldErrors?.name) form.setFocus('name')
  })

  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-lg border border-line bg-white p-4">
      <h2 id={headingId} className="text-base font-semibold text-ink">
        New team
      </h2>
      <form onSubmit={onSubmit} noValidate className="mt-3 flex flex-col gap-3">
        <ResultMessage result={result} />
        <div className="flex flex-wrap items-start gap-3">
          <Field label="Team name" autoComplete="off" className="w-full max-w-xs" error={form.formState.errors.name?.message} {...form.register('name')} />
          <Button type="submit" className={`sm:mt-6 ${focusRing}`} disabled={form.formState.isSubmitting} aria-busy={form.formState.isSubmitting || undefined}>
            {form.formState.isSubmitting ? 'Creating…' : 'Create team'}
          </Button>
        </div>
      </form>
    </section>
  )
}
