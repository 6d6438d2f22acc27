'use client'

import { useRouter } from 'next/navigation'
import { useForm } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { ResetPasswordInput } from '@/lib/validation/auth'
import { resetPassword } from './actions'

const resetResolver = lazyZodResolver(() => import('@/lib/validation/auth').then((m) => m.resetPasswordSchema))

/** The new password, twice; once set, on to sign-in with a note that it changed. */
export function ResetForm({ token, email }: { token: string; email: string }) {
  const router = useRouter()
  const form = useForm<ResetPasswordInput>({
    resolver: useLazyZodResolver(resetResolver),
    defaultValues: { token, newPassword: '', confirmPassword: '' },
  })
  const { result, show, clear } = useFormResult(form.setError)
  const errors = form.formState.errors
  const onSubmit = form.handleSubmit(async (values) => {
    clear()
    const r = await resetPassword(values)
    if (r.ok) router.push('/login?reset=1')
    else show(r)
  })
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <ResultMessage result={result} />
      {/* For password managers: the account whose password this is. */}
      <Field label="Email" type="email" value={email} readOnly autoComplete="username" />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        autoFocus
        hint="At least 10 characters."
        error={errors.newPassword?.message}
        {...form.register('newPassword')}
      />
      <Field
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword?.message}
        {...form.register('confirmPassword')}
      />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : 'Set new password'}
      </Button>
    </form>
  )
}
