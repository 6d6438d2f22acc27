'use client'

import Link from 'next/link'
import { useRef, useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { lockReasons, type PermissionLocks } from '@/components/permission-tree/locks'
import { PermissionTree } from '@/components/permission-tree/permission-tree'
import { Button } from '@/components/ui/button'
import { CancelLink } from '@/components/ui/cancel-link'
import { Field } from '@/components/ui/field'
import { focusRing } from '@/components/ui/focus-ring'
import { differs, UnsavedNote, useUnsavedChanges } from '@/components/use-unsaved-changes'
import type { PermissionKey } from '@/lib/authz/catalog'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import { utcDay } from '@/lib/validation/api-key-days'
import type { ApiKeyFields } from '@/lib/validation/api-keys'
import { createApiKey } from '../actions'

const keyResolver = lazyZodResolver(() => import('@/lib/validation/api-keys').then((m) => m.apiKeyFieldsSchema))

type Created = { id: string; name: string; prefix: string; secret: string }

/**
 * The new key's name, optional last day and permissions (the tree, with what the actor cannot
 * grant locked: the server's permissionLocks). Once created, the form gives way to the secret,
 * shown this once with a copy button.
 */
export function NewApiKeyForm({ locks }: { locks: PermissionLocks }) {
  const disabledReason = lockReasons(locks)
  const [checked, setChecked] = useState<Set<PermissionKey>>(() => new Set())
  const [created, setCreated] = useState<Created | null>(null)
  const form = useForm<ApiKeyFields>({ resolver: useLazyZodResolver(keyResolver), defaultValues: { name: '', expiresOn: '' } })
  const { result, show } = useFormResult<ApiKeyFields, Created>(form.setError)
  const [name, expiresOn] = useWatch({ control: form.control, name: ['name', 'expiresOn'] })
  const dirty = useUnsavedChanges(!created && (differs({ name, expiresOn }, { name: '', expiresOn: '' }) || checked.size > 0))

  const onSubmit = form.handleSubmit(async (values) => {
    const r = show(await createApiKey({ ...values, permissions: [...checked] }))
    if (r.ok && r.data) setCreated(r.data)
  })

  if (created) return <SecretPanel created={created} />

  const e = form.formState.errors
  const busy = form.formState.isSubmitting
  const permissionError = result && !result.ok ? result.fieldErrors?.permissions?.join(' ') : undefined
  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-3xl flex-col gap-5">
      <ResultMessage result={result} />
      <Field
        label="Name"
        error={e.name?.message}
        hint="What the key is for, e.g. “Billing service”. The audit log shows it as the actor."
        {...form.register('name')}
      />
      <Field
        label="Expires after (optional)"
        type="date"
        min={utcDay()}
        error={e.expiresOn?.message}
        hint="The key stops working at the end of this day (UTC). Leave it empty for a key that does not expire."
        className="max-w-xs"
        {...form.register('expiresOn')}
      />
      <div>
        <h2 className="mb-2 text-base font-semibold">Permissions</h2>
        {permissionError && (
          <p id="permissions-error" className="mb-2 text-sm text-danger">
            {permissionError}
          </p>
        )}
        <PermissionTree label="API key permissions" checked={checked} onChange={setChecked} disabledReason={disabledReason} />
        <p className="mt-2 text-sm text-ink-muted" aria-live="polite">
          {checked.size} permission{checked.size === 1 ? '' : 's'} checked.
        </p>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={busy} aria-busy={busy || undefined} className={focusRing}>
          {busy ? 'Creating…' : 'Create API key'}
        </Button>
        <CancelLink href="/settings/api-keys" />
        <UnsavedNote dirty={dirty} />
      </div>
    </form>
  )
}

/** The secret, this once: a read-only field to select, a copy button, and the way back. */
function SecretPanel({ created }: { created: Created }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const input = useRef<HTMLInputElement>(null)
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.secret)
      setCopied('yes')
    } catch {
      input.current?.select()
      setCopied('failed')
    }
  }
  return (
    <section aria-labelledby="secret-heading" className="flex max-w-3xl flex-col gap-4 rounded-lg border border-line bg-white p-5">
      <h2 id="secret-heading" className="text-lg font-semibold">
        Copy the secret of {created.name} now
      </h2>
      <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        This is the only time the secret is shown: Teamgate keeps only a hash of it. Store it where your backend reads its secrets. If it is lost, revoke the
        key and create a new one.
      </p>
      <div className="flex flex-col gap-1">
        <label htmlFor="api-key-secret" className="text-sm font-medium">
          Secret
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <input
            ref={input}
            id="api-key-secret"
            readOnly
            value={created.secret}
            onFocus={(e) => e.currentTarget.select()}
            className="min-w-0 flex-1 rounded-md border border-gray-300 bg-gray-50 px-3 py-2 font-mono text-sm"
          />
          <Button onClick={copy} className={focusRing}>
            Copy
          </Button>
        </div>
        <p role="status" className="text-sm text-ink-muted">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy: the secret is selected, copy it with your keyboard.' : ''}
        </p>
      </div>
      <p className="text-sm">
        It is listed as <span className="font-mono">{created.prefix}…</span>. Send it as <span className="font-mono">Authorization: Bearer &lt;secret&gt;</span>
        .
      </p>
      <p>
        <Link
          href="/settings/api-keys"
          className={`inline-flex items-center justify-center rounded-md border border-line bg-white px-3.5 py-2 text-sm font-medium hover:bg-gray-50 ${focusRing}`}
        >
          Done
        </Link>
      </p>
    </section>
  )
}
