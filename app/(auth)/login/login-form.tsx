'use client'

import { signIn } from 'next-auth/react'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { focusRing } from '@/components/ui/focus-ring'
import { TWO_FACTOR_NEEDED } from '@/lib/auth/sign-in-messages'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { SignInInput } from '@/lib/validation/auth'

const signInResolver = lazyZodResolver(() => import('@/lib/validation/auth').then((m) => m.signInSchema))

/**
 * Email and password; then, for an account with two-factor sign-in, a second step asking for the
 * code from the app (or a recovery code). The second step sends the password again with the
 * code: nothing about a half-finished sign-in is kept on the server.
 */
export function LoginForm({ next, notice }: { next: string; notice?: string }) {
  const [error, setError] = useState<string | undefined>(notice)
  const [step, setStep] = useState<'password' | 'code'>('password')
  const [recovery, setRecovery] = useState(false)
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [credentials, setCredentials] = useState<SignInInput | null>(null)
  const { register, handleSubmit, formState } = useForm<SignInInput>({ resolver: useLazyZodResolver(signInResolver) })

  async function send(values: SignInInput, second?: { code: string; recovery: boolean }) {
    const res = await signIn('credentials', { ...values, ...(second && { code: second.code, recovery: String(second.recovery) }), redirect: false })
    if (res && !res.error) {
      // A full navigation, so the whole app renders with the new session.
      window.location.assign(next)
      return null
    }
    return res?.error && res.error !== 'CredentialsSignin' ? res.error : 'Email or password is incorrect.'
  }

  const onPassword = handleSubmit(async (values) => {
    setError(undefined)
    const failure = await send(values)
    if (failure === TWO_FACTOR_NEEDED) {
      setCredentials(values)
      setStep('code')
      return
    }
    if (failure) setError(failure)
  })

  async function onCode(e: React.FormEvent) {
    e.preventDefault()
    if (!credentials) return setStep('password')
    const typed = code.trim()
    if (!typed) return setCodeError(recovery ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code from your app.')
    setCodeError(undefined)
    setBusy(true)
    const failure = await send(credentials, { code: typed, recovery })
    setBusy(false)
    if (failure) setCodeError(failure === TWO_FACTOR_NEEDED ? 'Enter the code.' : failure)
  }

  if (step === 'code') {
    return (
      <form onSubmit={onCode} noValidate className="flex flex-col gap-4" aria-labelledby="two-factor-step">
        <h2 id="two-factor-step" className="text-lg font-semibold">
          Two-factor sign-in
        </h2>
        <p className="text-sm text-ink-muted">
          {recovery
            ? 'Enter one of the recovery codes you saved when you set up two-factor sign-in. Each works once.'
            : 'Open your authenticator app and enter the 6-digit code it shows for Teamgate.'}
        </p>
        <Field
          key={recovery ? 'recovery' : 'code'}
          label={recovery ? 'Recovery code' : 'Code'}
          autoComplete="one-time-code"
          inputMode={recovery ? 'text' : 'numeric'}
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={codeError}
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Verify and sign in'}
        </Button>
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          <button
            type="button"
            className={`font-medium text-brand underline ${focusRing}`}
            onClick={() => {
              setRecovery(!recovery)
              setCode('')
              setCodeError(undefined)
            }}
          >
            {recovery ? 'Use a code from your app' : 'Use a recovery code'}
          </button>
          <button
            type="button"
            className={`font-medium text-brand underline ${focusRing}`}
            onClick={() => {
              setCredentials(null)
              setStep('password')
              setCode('')
              setCodeError(undefined)
            }}
          >
            Start over
          </button>
        </div>
      </form>
    )
  }

  return (
    <form onSubmit={onPassword} noValidate className="flex flex-col gap-4">
      <FormMessage kind="error">{error}</FormMessage>
      <Field label="Email" type="email" autoComplete="username" autoFocus error={formState.errors.email?.message} {...register('email')} />
      <Field label="Password" type="password" autoComplete="current-password" error={formState.errors.password?.message} {...register('password')} />
      <Button type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  )
}
