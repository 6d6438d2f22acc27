'use client'

import { signOut } from 'next-auth/react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { changePasswordSchema, profileSchema } from '@/lib/validation/auth'
import { changePassword, updateProfile } from './actions'

const profileResolver = lazyZodResolver(() => import('@/lib/validation/auth').then((m) => m.profileSchema))
const passwordResolver = lazyZodResolver(() => import('@/lib/validation/auth').then((m) => m.changePasswordSchema))

export function ProfileForm({ name }: { name: string }) {
  const form = useForm<z.input<typeof profileSchema>>({ resolver: useLazyZodResolver(profileResolver), defaultValues: { name } })
  const { result, show } = useFormResult(form.setError)
  const onSubmit = form.handleSubmit(async (values) => {
    const r = await updateProfile(values)
    show(r)
  })
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <ResultMessage result={result} />
      <Field label="Name" autoComplete="name" error={form.formState.errors.name?.message} {...form.register('name')} />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Save
        </Button>
      </div>
    </form>
  )
}

export function PasswordForm() {
  const form = useForm<z.input<typeof changePasswordSchema>>({ resolver: useLazyZodResolver(passwordResolver) })
  const { result, show } = useFormResult(form.setError)
  const onSubmit = form.handleSubmit(async (values) => {
    const r = await changePassword(values)
    show(r)
    if (r.ok) setTimeout(() => signOut({ callbackUrl: '/login' }), 1500)
  })
  const e = form.formState.errors
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <ResultMessage result={result} />
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={e.currentPassword?.message}
        {...form.register('currentPassword')}
      />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        error={e.newPassword?.message}
        {...form.register('newPassword')}
      />
      <Field
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        error={e.confirmPassword?.message}
        {...form.register('confirmPassword')}
      />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Change password
        </Button>
      </div>
    </form>
  )
}
