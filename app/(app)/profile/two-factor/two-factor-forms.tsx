'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'
import { useForm } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { TwoFactorCodeInput } from '@/lib/validation/auth'
import { confirmTwoFactor, disableTwoFactor, newRecoveryCodeSet, startTwoFactor, type Enrolment } from './actions'

const codeResolver = lazyZodResolver(() => import('@/lib/validation/auth').then((m) => m.twoFactorCodeSchema))

const box = 'mb-8 rounded-lg border border-line bg-white p-6'

function Required({ requiredBy }: { requiredBy: string[] }) {
  if (!requiredBy.length) return null
  return (
    <p className="mb-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-ink">
      {requiredBy.join(', ')} {requiredBy.length === 1 ? 'requires' : 'require'} two-factor sign-in for every member.
    </p>
  )
}

/** A code field and its button; `onCode` gets the typed code and answers the action's result. */
function CodeForm({
  submit,
  busyText,
  onCode,
}: {
  submit: string
  busyText: string
  onCode: (code: string) => Promise<Awaited<ReturnType<typeof confirmTwoFactor>>>
}) {
  const form = useForm<TwoFactorCodeInput>({ resolver: useLazyZodResolver(codeResolver), defaultValues: { code: '' } })
  const { result, show } = useFormResult(form.setError)
  const onSubmit = form.handleSubmit(async ({ code }) => {
    const r = await onCode(code)
    if (!r.ok) show(r)
  })
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {result && !result.ok && !result.fieldErrors && <ResultMessage result={result} />}
      <Field
        label="Code from your app"
        autoComplete="one-time-code"
        inputMode="numeric"
        hint="6 digits; a new one every 30 seconds."
        error={form.formState.errors.code?.message}
        {...form.register('code')}
      />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? busyText : submit}
        </Button>
      </div>
    </form>
  )
}

/** The recovery codes, shown once, with copy and download. */
function RecoveryCodes({ codes, message, onDone }: { codes: string[]; message: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const [copied, setCopied] = useState(false)
  // The form that was there is gone: the focus goes to the codes' heading.
  useEffect(() => heading.current?.focus(), [])
  const text = `Teamgate recovery codes (each works once)\n\n${codes.join('\n')}\n`
  return (
    <section aria-labelledby="recovery-codes" className={box}>
      <FormMessage kind="success">{message}</FormMessage>
      <h2 id="recovery-codes" ref={heading} tabIndex={-1} className="mb-2 mt-4 text-lg font-semibold">
        Your recovery codes
      </h2>
      <p className="mb-4 text-sm text-ink-muted">
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Save them somewhere safe now: they are not shown again.
      </p>
      <ul aria-label="Recovery codes" className="mb-4 grid grid-cols-2 gap-2 font-mono text-sm">
        {codes.map((c) => (
          <li key={c} className="rounded bg-gray-50 px-2 py-1">
            {c}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard?.writeText(text).catch(() => undefined)
            setCopied(true)
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <a
          className="inline-flex items-center rounded-md border border-line bg-white px-3.5 py-2 text-sm font-medium text-ink hover:bg-gray-50"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="teamgate-recovery-codes.txt"
        >
          Download
        </a>
        <Button onClick={onDone}>I saved them</Button>
      </div>
    </section>
  )
}

/** Two-factor is off: set it up (a QR code and the key as text, then a first code). */
export function TwoFactorOff({ requiredBy }: { requiredBy: string[] }) {
  const router = useRouter()
  const [enrolment, setEnrolment] = useState<Enrolment>()
  const [codes, setCodes] = useState<{ codes: string[]; message: string }>()
  const [failure, setFailure] = useState<string>()
  const [starting, setStarting] = useState(false)

  if (codes) {
    // With two-factor on, the whole app opens again (a workspace may require it).
    return <RecoveryCodes codes={codes.codes} message={codes.message} onDone={() => router.push('/profile')} />
  }
  if (!enrolment) {
    return (
      <section aria-labelledby="two-factor-off" className={box}>
        <Required requiredBy={requiredBy} />
        <h2 id="two-factor-off" className="mb-2 text-lg font-semibold">
          Two-factor sign-in is off
        </h2>
        <p className="mb-4 text-sm text-ink-muted">You need an authenticator app on your phone. Setting it up takes a minute.</p>
        <FormMessage kind="error">{failure}</FormMessage>
        <Button
          disabled={starting}
          onClick={async () => {
            setStarting(true)
            setFailure(undefined)
            const r = await startTwoFactor({})
            setStarting(false)
            if (r.ok && r.data) setEnrolment(r.data)
            else setFailure(r.message ?? 'The setup could not start. Try again.')
          }}
        >
          {starting ? 'Starting…' : 'Set up two-factor sign-in'}
        </Button>
      </section>
    )
  }
  const { qr } = enrolment
  return (
    <section aria-labelledby="two-factor-setup" className={box}>
      <Required requiredBy={requiredBy} />
      <h2 id="two-factor-setup" className="mb-4 text-lg font-semibold">
        Set up two-factor sign-in
      </h2>
      <ol className="flex list-decimal flex-col gap-4 pl-5 text-sm">
        <li>
          <p className="mb-2">Scan this QR code with your authenticator app.</p>
          <svg
            role="img"
            aria-label="QR code for your authenticator app"
            viewBox={`-4 -4 ${qr.size + 8} ${qr.size + 8}`}
            className="h-48 w-48 bg-white"
            shapeRendering="crispEdges"
          >
            <path d={qr.path} fill="#000" />
          </svg>
          <p className="mt-2">Or enter this key in the app by hand:</p>
          <p>
            <code data-testid="two-factor-secret" className="break-all rounded bg-gray-50 px-2 py-1 font-mono">
              {enrolment.secret}
            </code>
          </p>
        </li>
        <li>
          <p className="mb-2">Enter the code the app shows for Teamgate.</p>
          <CodeForm
            submit="Turn on two-factor sign-in"
            busyText="Checking…"
            onCode={async (code) => {
              const r = await confirmTwoFactor({ code })
              if (r.ok && r.data) setCodes({ codes: r.data.recoveryCodes, message: r.message ?? 'Two-factor sign-in is on.' })
              return r
            }}
          />
        </li>
      </ol>
    </section>
  )
}

/** Two-factor is on: recovery codes left, new ones, turning it off. */
export function TwoFactorOn({ since, recoveryLeft, requiredBy }: { since: string; recoveryLeft: number; requiredBy: string[] }) {
  const router = useRouter()
  const [codes, setCodes] = useState<{ codes: string[]; message: string }>()
  const [proof, setProof] = useState<'code' | 'password'>('code')
  const [value, setValue] = useState('')
  const [offError, setOffError] = useState<{ field?: string; message?: string }>()
  const [busy, setBusy] = useState(false)
  if (codes)
    return (
      <RecoveryCodes
        codes={codes.codes}
        message={codes.message}
        onDone={() => {
          setCodes(undefined)
          router.refresh()
        }}
      />
    )
  return (
    <>
      <section aria-labelledby="two-factor-on" className={box}>
        <h2 id="two-factor-on" className="mb-2 text-lg font-semibold">
          Two-factor sign-in is on
        </h2>
        <p className="text-sm text-ink-muted">
          On since {since}. Recovery codes left: <strong>{recoveryLeft}</strong> of 10.
        </p>
      </section>
      <section aria-labelledby="two-factor-codes" className={box}>
        <h2 id="two-factor-codes" className="mb-2 text-lg font-semibold">
          New recovery codes
        </h2>
        <p className="mb-4 text-sm text-ink-muted">Makes ten new codes; the ones you have stop working.</p>
        <CodeForm
          submit="Make new recovery codes"
          busyText="Checking…"
          onCode={async (code) => {
            const r = await newRecoveryCodeSet({ code })
            if (r.ok && r.data) setCodes({ codes: r.data.recoveryCodes, message: r.message ?? 'New recovery codes made.' })
            return r
          }}
        />
      </section>
      <section aria-labelledby="two-factor-disable" className={box}>
        <h2 id="two-factor-disable" className="mb-2 text-lg font-semibold">
          Turn off two-factor sign-in
        </h2>
        {requiredBy.length ? (
          <Required requiredBy={requiredBy} />
        ) : (
          <form
            noValidate
            className="flex flex-col gap-4"
            onSubmit={async (e) => {
              e.preventDefault()
              if (!value) return setOffError({ field: proof === 'code' ? 'Enter the 6-digit code from your app.' : 'Enter your password.' })
              setBusy(true)
              const r = await disableTwoFactor(proof === 'code' ? { proof, code: value } : { proof, password: value })
              setBusy(false)
              if (r.ok) return router.push('/profile')
              setOffError({ field: (r.fieldErrors?.code ?? r.fieldErrors?.password)?.join(' '), message: r.fieldErrors ? undefined : r.message })
            }}
          >
            <FormMessage kind="error">{offError?.message}</FormMessage>
            <fieldset className="flex flex-wrap gap-4 text-sm">
              <legend className="mb-1 text-sm font-medium">Confirm with</legend>
              {(['code', 'password'] as const).map((p) => (
                <label key={p} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="proof"
                    value={p}
                    checked={proof === p}
                    onChange={() => {
                      setProof(p)
                      setValue('')
                      setOffError(undefined)
                    }}
                  />
                  {p === 'code' ? 'A code from my app' : 'My password'}
                </label>
              ))}
            </fieldset>
            <Field
              key={proof}
              label={proof === 'code' ? 'Code from your app' : 'Password'}
              type={proof === 'code' ? 'text' : 'password'}
              autoComplete={proof === 'code' ? 'one-time-code' : 'current-password'}
              inputMode={proof === 'code' ? 'numeric' : undefined}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              error={offError?.field}
            />
            <div>
              <Button type="submit" variant="danger" disabled={busy}>
                {busy ? 'Turning off…' : 'Turn off two-factor sign-in'}
              </Button>
            </div>
          </form>
        )}
      </section>
    </>
  )
}
