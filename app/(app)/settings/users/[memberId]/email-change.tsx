'use client'

import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { useForm } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import type { ActionResult } from '@/lib/authz/result'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { RequestEmailChangeInput } from '@/lib/validation/members'
import { cancelEmailChange, requestEmailChange } from './actions'

const resolver = lazyZodResolver(() => import('@/lib/validation/members').then((m) => m.requestEmailChangeSchema))

export type EmailChangeProps = {
  member: { id: string; email: string }
  /** The open request, if any (dates as ISO strings, already formatted for display). */
  pending: { newEmail: string; sent: string; expires: string; expired: boolean } | null
  /** Why this actor may not change the address (the rules' answer), or null. */
  refusal: string | null
}

/**
 * An active member's sign-in email, changed only once the new address confirms it: the admin
 * asks here, a link goes to the new address and a notice to the old one. The server judges the
 * request with the same rules as every change of the member.
 */
export function EmailChange({ member, pending, refusal }: EmailChangeProps) {
  const router = useRouter()
  const form = useForm<RequestEmailChangeInput>({ resolver: useLazyZodResolver(resolver), defaultValues: { memberId: member.id, email: '' } })
  const { result, show } = useFormResult(form.setError)
  const [cancelResult, setCancelResult] = useState<ActionResult<unknown>>()
  const [cancelling, startCancel] = useTransition()

  const onSubmit = form.handleSubmit(async (values) => {
    setCancelResult(undefined)
    const r = show(await requestEmailChange({ memberId: member.id, email: values.email }))
    if (r.ok) {
      form.reset({ memberId: member.id, email: '' })
      router.refresh()
    }
  })
  const cancel = () =>
    startCancel(async () => {
      const r = await cancelEmailChange({ memberId: member.id })
      setCancelResult(r)
      if (r.ok) router.refresh()
    })
  const error = form.formState.errors.email?.message

  return (
    <section aria-labelledby="member-email-heading" className="flex max-w-3xl flex-col gap-3">
      <h2 id="member-email-heading" className="text-lg font-semibold">
        Email
      </h2>
      <p className="text-sm">
        Signs in as <strong className="font-medium break-all">{member.email}</strong>
      </p>
      <ResultMessage result={cancelResult ?? result} />
      {pending && (
        <div className="flex flex-wrap items-center gap-3 rounded-md border border-line bg-gray-50 px-3 py-2 text-sm">
          <p className="min-w-0 break-words">
            Change to <strong className="font-medium">{pending.newEmail}</strong> waiting for confirmation · sent {pending.sent} ·{' '}
            {pending.expired ? `link expired ${pending.expires}` : `link expires ${pending.expires}`}
          </p>
          {refusal === null && (
            <Button variant="secondary" onClick={cancel} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel change'}
            </Button>
          )}
        </div>
      )}
      <form onSubmit={onSubmit} noValidate className="flex flex-col items-start gap-3" aria-label="Change email">
        <div className="w-full max-w-md min-w-0">
          <Field
            label="New email"
            type="email"
            autoComplete="off"
            disabled={refusal !== null}
            hint={refusal ?? 'Nothing changes until the new address confirms it with the link we send there. The current address is told.'}
            error={error}
            {...form.register('email')}
          />
        </div>
        {refusal === null && (
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Sending…' : 'Send confirmation link'}
          </Button>
        )}
      </form>
    </section>
  )
}
