'use client'

import { signIn } from 'next-auth/react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { applyResult } from '@/components/form-result'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { AcceptInvitationInput } from '@/lib/validation/invitations'
import { acceptInvite } from './actions'

const acceptResolver = lazyZodResolver(() => import('@/lib/validation/invitations').then((m) => m.acceptInvitationSchema))

type Props = { token: string; email: string; hasAccount: boolean; defaultName: string }

export function AcceptForm({ token, email, hasAccount, defaultName }: Props) {
  const [error, setError] = useState<string>()
  const form = useForm<AcceptInvitationInput>({
    resolver: useLazyZodResolver(acceptResolver),
    defaultValues: hasAccount ? { mode: 'existing', token, password: '' } : { mode: 'new', token, name: defaultName, password: '', confirmPassword: '' },
  })
  const errors = form.formState.errors as Partial<Record<'name' | 'password' | 'confirmPassword', { message?: string }>>

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined)
    const r = await acceptInvite(values)
    if (!r.ok) {
      applyResult(r, form.setError)
      setError(r.message)
      return
    }
    const data = r.data as { email: string; tenantId: string }
    // Signed in straight into the workspace just joined.
    const res = await signIn('credentials', { email, password: values.password, tenantId: data.tenantId, redirect: false })
    window.location.assign(res && !res.error ? '/' : '/login')
  })

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage kind="error">{error}</FormMessage>
      <Field label="Email" type="email" value={email} readOnly autoComplete="username" />
      {!hasAccount && <Field label="Your name" autoComplete="name" autoFocus error={errors.name?.message} {...form.register('name')} />}
      <Field
        label={hasAccount ? 'Password' : 'Choose a password'}
        type="password"
        autoComplete={hasAccount ? 'current-password' : 'new-password'}
        autoFocus={hasAccount}
        hint={hasAccount ? undefined : 'At least 10 characters.'}
        error={errors.password?.message}
        {...form.register('password')}
      />
      {!hasAccount && (
        <Field
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          error={errors.confirmPassword?.message}
          {...form.register('confirmPassword')}
        />
      )}
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Joining…' : hasAccount ? 'Sign in and join' : 'Create account and join'}
      </Button>
    </form>
  )
}
