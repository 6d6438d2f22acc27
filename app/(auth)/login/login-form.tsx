'use client'

import { signIn } from 'next-auth/react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { SignInInput } from '@/lib/validation/auth'

const signInResolver = lazyZodResolver(() => import('@/lib/validation/auth').then((m) => m.signInSchema))

export function LoginForm({ next, notice }: { next: string; notice?: string }) {
  const [error, setError] = useState<string | undefined>(notice)
  const { register, handleSubmit, formState } = useForm<SignInInput>({ resolver: useLazyZodResolver(signInResolver) })

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined)
    const res = await signIn('credentials', { ...values, redirect: false })
    if (!res || res.error) {
      setError(res?.error && res.error !== 'CredentialsSignin' ? res.error : 'Email or password is incorrect.')
      return
    }
    // A full navigation, so the whole app renders with the new session.
    window.location.assign(next)
  })

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormMessage kind="error">{error}</FormMessage>
      <Field label="Email" type="email" autoComplete="username" autoFocus error={formState.errors.email?.message} {...register('email')} />
      <Field label="Password" type="password" autoComplete="current-password" error={formState.errors.password?.message} {...register('password')} />
      <Button type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  )
}
