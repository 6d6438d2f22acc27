'use client'

import { useRouter } from 'next/navigation'
import { differs, UnsavedNote, useUnsavedChanges } from '@/components/use-unsaved-changes'
import { useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { lockReasons, type PermissionLocks } from '@/components/permission-tree/locks'
import { PermissionTree } from '@/components/permission-tree/permission-tree'
import { Button } from '@/components/ui/button'
import { CancelLink } from '@/components/ui/cancel-link'
import { Field, TextAreaField } from '@/components/ui/field'
import { leafLabel, type PermissionKey } from '@/lib/authz/catalog'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { RoleFields } from '@/lib/validation/roles'
import { createRole } from '../actions'
import { focusRing } from '@/components/ui/focus-ring'

const roleResolver = lazyZodResolver(() => import('@/lib/validation/roles').then((m) => m.roleFieldsSchema))

type Props = {
  /** The chosen starter role, or null for a blank role. */
  starter: { name: string; description: string; permissions: PermissionKey[] } | null
  /** The name to prefill: the starter's, or a free variant of it when a role already has it. */
  name: string
  /** Why each permission is locked for this actor (not in the plan, not held), from the server. */
  locks: PermissionLocks
}

/**
 * The new role's name, description and permissions. A starter's permissions that the actor may
 * not grant (same rule as the role editor: not in the plan, or not held) are left unchecked,
 * and a note says how many and why; the server applies the same rule again on create.
 */
export function NewRoleForm({ starter, name, locks }: Props) {
  const router = useRouter()
  const disabledReason = lockReasons(locks)
  const [dropped] = useState(() => (starter?.permissions ?? []).filter((k) => disabledReason(k) !== null))
  const [initial] = useState(() => (starter?.permissions ?? []).filter((k) => disabledReason(k) === null))
  const [checked, setChecked] = useState<Set<PermissionKey>>(() => new Set(initial))
  const form = useForm<RoleFields>({ resolver: useLazyZodResolver(roleResolver), defaultValues: { name, description: starter?.description ?? '' } })
  const { result, show } = useFormResult<RoleFields, { id: string }>(form.setError)
  const permissionsChanged = checked.size !== initial.length || initial.some((k) => !checked.has(k))
  const [typedName, typedDescription] = useWatch({ control: form.control, name: ['name', 'description'] })
  const dirty = useUnsavedChanges(
    !result?.ok && (differs({ name: typedName, description: typedDescription }, { name, description: starter?.description ?? '' }) || permissionsChanged),
  )

  const onSubmit = form.handleSubmit(async (values) => {
    const r = await createRole({ ...values, permissions: [...checked] })
    show(r)
    if (r.ok && r.data) router.push(`/settings/roles/${r.data.id}`)
  })

  const e = form.formState.errors
  const busy = form.formState.isSubmitting || (result?.ok ?? false)
  const permissionError = result && !result.ok ? result.fieldErrors?.permissions?.join(' ') : undefined
  const notInPlan = dropped.filter((k) => locks[k] === 'not in your plan').length
  const notHeld = dropped.length - notInPlan
  const why = [notInPlan && `${notInPlan} ${notInPlan === 1 ? 'is' : 'are'} not in your plan`, notHeld && `${notHeld} you don’t hold yourself`]
    .filter(Boolean)
    .join(' and ')

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-3xl flex-col gap-5">
      <ResultMessage result={result} />
      {/* defaultValue too, so the server-rendered form already shows the starter's values. */}
      <Field
        label="Name"
        defaultValue={name}
        error={e.name?.message}
        hint={starter && name !== starter.name ? `A role template named “${starter.name}” exists already.` : undefined}
        {...form.register('name')}
      />
      <TextAreaField label="Description" defaultValue={starter?.description ?? ''} error={e.description?.message} {...form.register('description')} />
      <div>
        <h3 className="mb-2 text-base font-semibold">Permissions</h3>
        {dropped.length > 0 && (
          <div className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p>
              {dropped.length} of the template’s {starter?.permissions.length} permissions {dropped.length === 1 ? 'was' : 'were'} left unchecked because you
              can’t grant them: {why}.
            </p>
            <details className="mt-1">
              <summary className={`cursor-pointer rounded-sm font-medium ${focusRing}`}>Show which</summary>
              <ul className="mt-1 list-disc pl-5">
                {dropped.map((k) => (
                  <li key={k}>
                    {leafLabel(k)} ({disabledReason(k)})
                  </li>
                ))}
              </ul>
            </details>
          </div>
        )}
        {permissionError && (
          <p id="permissions-error" className="mb-2 text-sm text-danger">
            {permissionError}
          </p>
        )}
        <PermissionTree label="Role template permissions" checked={checked} onChange={setChecked} disabledReason={disabledReason} />
        <p className="mt-2 text-sm text-ink-muted" aria-live="polite">
          {checked.size} permission{checked.size === 1 ? '' : 's'} checked.
        </p>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={busy} aria-busy={busy || undefined} className={focusRing}>
          {busy ? 'Creating…' : 'Create role template'}
        </Button>
        <CancelLink href="/settings/roles" />
        <UnsavedNote dirty={dirty} />
      </div>
    </form>
  )
}
