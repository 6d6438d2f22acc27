'use client'

import { useRouter } from 'next/navigation'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { assignContactSchema } from '@/lib/validation/contacts'
import { assignContact } from '../actions'
import { AssignmentSelects, orNull, type OwnerOption, type TeamOption } from '../assignment-selects'
import { focusRing } from '@/components/ui/focus-ring'

const assignResolver = lazyZodResolver(() => import('@/lib/validation/contacts').then((m) => m.assignContactSchema))

type Input = z.input<typeof assignContactSchema>
type Output = z.output<typeof assignContactSchema>

/** Owner and team of one contact (assignContact); the server re-checks the assign scope. */
export function AssignContactForm({
  contact,
  owners,
  teams,
  selfId,
}: {
  contact: { id: string; owner: OwnerOption | null; teamId: string | null }
  owners: OwnerOption[]
  teams: TeamOption[]
  selfId: string
}) {
  const router = useRouter()
  const form = useForm<Input, unknown, Output>({
    resolver: useLazyZodResolver(assignResolver),
    defaultValues: { contactId: contact.id, ownerId: contact.owner?.id ?? null, teamId: contact.teamId },
  })
  const { result, show } = useFormResult(form.setError)
  const e = form.formState.errors
  const submitting = form.formState.isSubmitting

  const onSubmit = form.handleSubmit(async (values) => {
    const r = await assignContact(values)
    show(r)
    // Assigned out of the member's view scopes, the contact is gone for them: the page then says so.
    if (r.ok) router.refresh()
  })

  return (
    <section aria-labelledby="assign-contact-heading">
      <h2 id="assign-contact-heading" className="mb-2 text-lg font-semibold">
        Owner and team
      </h2>
      <form onSubmit={onSubmit} noValidate aria-labelledby="assign-contact-heading" className="flex flex-col gap-4">
        <ResultMessage result={result} />
        <div className="flex flex-wrap items-start gap-4">
          <AssignmentSelects
            owners={owners}
            teams={teams}
            selfId={selfId}
            current={contact.owner}
            owner={form.register('ownerId', { setValueAs: orNull })}
            team={form.register('teamId', { setValueAs: orNull })}
            ownerError={e.ownerId?.message}
            teamError={e.teamId?.message}
          />
        </div>
        <div>
          <Button type="submit" className={focusRing} disabled={submitting} aria-busy={submitting || undefined}>
            {submitting ? 'Saving…' : 'Save assignment'}
          </Button>
        </div>
      </form>
    </section>
  )
}
