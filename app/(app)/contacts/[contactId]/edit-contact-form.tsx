'use client'

import { useRouter } from 'next/navigation'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { updateContactSchema } from '@/lib/validation/contacts'
import { updateContact } from '../actions'
import { focusRing } from '@/components/ui/focus-ring'

const editResolver = lazyZodResolver(() => import('@/lib/validation/contacts').then((m) => m.updateContactSchema))

type Input = z.input<typeof updateContactSchema>
type Output = z.output<typeof updateContactSchema>

/** The contact's name and email, with the action's own schema; the server re-checks the edit scope. */
export function EditContactForm({ contact }: { contact: { id: string; name: string; email: string } }) {
  const router = useRouter()
  const form = useForm<Input, unknown, Output>({
    resolver: useLazyZodResolver(editResolver),
    defaultValues: { contactId: contact.id, name: contact.name, email: contact.email },
  })
  const { result, show } = useFormResult(form.setError)
  const e = form.formState.errors
  const submitting = form.formState.isSubmitting

  const onSubmit = form.handleSubmit(async (values) => {
    const r = await updateContact(values)
    show(r)
    if (r.ok) {
      form.reset({ contactId: contact.id, name: values.name, email: values.email })
      router.refresh()
    }
  })

  return (
    <section aria-labelledby="edit-contact-heading">
      <h2 id="edit-contact-heading" className="mb-2 text-lg font-semibold">
        Edit details
      </h2>
      <form onSubmit={onSubmit} noValidate aria-labelledby="edit-contact-heading" className="flex flex-col gap-4">
        <ResultMessage result={result} />
        <Field label="Name" autoComplete="off" error={e.name?.message} {...form.register('name')} />
        <Field
          label="Email"
          type="email"
          autoComplete="off"
          hint="Leave empty for a contact without email."
          error={e.email?.message}
          {...form.register('email')}
        />
        <div>
          <Button type="submit" className={focusRing} disabled={submitting} aria-busy={submitting || undefined}>
            {submitting ? 'Saving…' : 'Save details'}
          </Button>
        </div>
      </form>
    </section>
  )
}
