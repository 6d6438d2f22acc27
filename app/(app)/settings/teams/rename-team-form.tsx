'use client'

import { useEffect, useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { applyResult } from '@/components/form-result'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import type { ActionResult } from '@/lib/authz/result'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { renameTeamSchema } from '@/lib/validation/teams'
import { renameTeam } from './actions'
import { focusRing } from '@/components/ui/focus-ring'

const renameResolver = lazyZodResolver(() => import('@/lib/validation/teams').then((m) => m.renameTeamSchema))

/**
 * Renames a team in place. The name field gets focus when it opens; Escape or Cancel closes it
 * without saving. A clash with another team's name stays here, on the field.
 */
export function RenameTeamForm({
  team,
  onDone,
  onCancel,
}: {
  team: { id: string; name: string }
  onDone: (r: ActionResult<unknown>) => void
  onCancel: () => void
}) {
  const [error, setError] = useState<string>()
  // teamId rides along in the default values: the same schema as the action, no hidden input.
  const form = useForm<z.input<typeof renameTeamSchema>>({ resolver: useLazyZodResolver(renameResolver), defaultValues: { teamId: team.id, name: team.name } })
  const { isSubmitting } = form.formState

  useEffect(() => form.setFocus('name', { shouldSelect: true }), [form])

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined)
    if (values.name.trim() === team.name) return onCancel()
    const r = await renameTeam(values)
    if (r.ok) return onDone(r)
    applyResult(r, form.setError)
    setError(r.message)
    form.setFocus('name')
  })

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Rename ${team.name}`} className="mt-3 flex flex-col gap-3 rounded-md bg-gray-50 p-3">
      <FormMessage kind="error">{error}</FormMessage>
      <div className="flex flex-wrap items-start gap-3">
        <Field
          label={`New name for ${team.name}`}
          autoComplete="off"
          className="w-full max-w-xs"
          error={form.formState.errors.name?.message}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !isSubmitting) onCancel()
          }}
          {...form.register('name')}
        />
        <div className="flex gap-2 sm:mt-6">
          <Button type="submit" className={focusRing} disabled={isSubmitting} aria-busy={isSubmitting || undefined}>
            {isSubmitting ? 'Saving…' : 'Save name'}
          </Button>
          <Button variant="secondary" className={focusRing} disabled={isSubmitting} onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </div>
    </form>
  )
}
