'use client'

import { useForm } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { ForgotPasswordInput } from '@/lib/validation/auth'
import { requestPasswordReset } from './actions'

const forgotResolver = lazyZodResolver(() => import('@/lib/validation/auth').then((m) => m.forgotPasswordSchema))

/** The address to send the link to; the answer is the same whether or not an account has it. */
export function ForgotForm() {
  const form = useForm<ForgotPasswordInput>({ resolver: useLazyZodResolver(forgotResolver), defaultValues: { email: '' } })
  const { result, show, clear } = useFormResult(form.setError)
  const onSubmit = form.handleSubmit(async (values) => {
    clear()
    show(await requestPasswordReset(values))
  })
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <ResultMessage result={result} />
      <Field label="Email" type="email" autoComplete="username" autoFocus error={form.formState.errors.email?.message} {...form.register('email')} />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Sending…' : 'Send reset link'}
      </Button>
    </form>
  )
}
