'use client'

import { useRouter } from 'next/navigation'
import { Dialog } from 'radix-ui'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { applyResult } from '@/components/form-result'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { createContactSchema } from '@/lib/validation/contacts'
import { createContact } from './actions'
import { AssignmentSelects, orNull, type OwnerOption, type TeamOption } from './assignment-selects'
import { focusRing } from '@/components/ui/focus-ring'

const createResolver = lazyZodResolver(() => import('@/lib/validation/contacts').then((m) => m.createContactSchema))

type Input = z.input<typeof createContactSchema>
type Output = z.output<typeof createContactSchema>

/**
 * "New contact": name and email, plus owner and team for those who may assign contacts. Without
 * that permission the contact is the actor's own (the action decides that too).
 */
export function NewContactDialog({ owners, teams, selfId, canAssign }: { owners: OwnerOption[]; teams: TeamOption[]; selfId: string; canAssign: boolean }) {
  const router = useRouter()
  const [open, setOpen] = useState(false)
  const [message, setMessage] = useState<string>()
  const defaults: Input = { name: '', email: '', ownerId: canAssign ? selfId : undefined, teamId: null }
  const form = useForm<Input, unknown, Output>({ resolver: useLazyZodResolver(createResolver), defaultValues: defaults })
  const e = form.formState.errors
  const submitting = form.formState.isSubmitting

  function changeOpen(next: boolean) {
    if (!next && submitting) return
    setOpen(next)
    if (!next) {
      form.reset(defaults)
      setMessage(undefined)
    }
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setMessage(undefined)
    const r = await createContact(canAssign ? values : { name: values.name, email: values.email })
    if (!r.ok) {
      applyResult(r, form.setError)
      setMessage(r.message)
      return
    }
    setOpen(false)
    form.reset(defaults)
    if (r.data?.id) router.push(`/contacts/${r.data.id}`)
    else router.refresh()
  })

  return (
    <Dialog.Root open={open} onOpenChange={changeOpen}>
      <Dialog.Trigger asChild>
        <Button className={focusRing}>New contact</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-ink">New contact</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-ink-muted">
            {canAssign
              ? 'Add a person to the workspace’s contacts and choose who looks after them.'
              : 'Add a person to the workspace’s contacts. You will be their owner.'}
          </Dialog.Description>
          <form onSubmit={onSubmit} noValidate aria-label="New contact" className="mt-4 flex flex-col gap-4">
            <FormMessage kind="error">{message}</FormMessage>
            <Field label="Name" autoComplete="off" error={e.name?.message} {...form.register('name')} />
            <Field label="Email (optional)" type="email" autoComplete="off" error={e.email?.message} {...form.register('email')} />
            {canAssign && (
              <AssignmentSelects
                owners={owners}
                teams={teams}
                selfId={selfId}
                owner={form.register('ownerId', { setValueAs: orNull })}
                team={form.register('teamId', { setValueAs: orNull })}
                ownerError={e.ownerId?.message}
                teamError={e.teamId?.message}
              />
            )}
            <div className="mt-2 flex flex-wrap justify-end gap-2">
              <Dialog.Close asChild>
                <Button variant="secondary" className={focusRing} disabled={submitting}>
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" className={focusRing} disabled={submitting} aria-busy={submitting || undefined}>
                {submitting ? 'Creating…' : 'Create contact'}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
