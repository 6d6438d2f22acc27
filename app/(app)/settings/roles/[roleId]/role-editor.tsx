'use client'

import { useRouter } from 'next/navigation'
import { useId, useMemo, useRef, useState, useTransition } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { applyResult } from '@/components/form-result'
import { FormMessage } from '@/components/form-message'
import { lockReasons, type PermissionLocks } from '@/components/permission-tree/locks'
import { PermissionTree } from '@/components/permission-tree/permission-tree'
import { StaleNotice } from '@/components/stale-notice'
import { diffKeys } from '@/components/permission-tree/tree-state'
import { Button } from '@/components/ui/button'
import { CancelLink } from '@/components/ui/cancel-link'
import { Field, TextAreaField } from '@/components/ui/field'
import { differs, UnsavedNote, useUnsavedChanges } from '@/components/use-unsaved-changes'
import { normalizePermissions, type PermissionKey } from '@/lib/authz/catalog'
import type { Impact } from '@/lib/roles/impact'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { RoleFields } from '@/lib/validation/roles'
import { previewRoleImpact, updateRole } from '../actions'
import { useNotice } from './notice'
import { ReviewDialog, type RoleChanges } from './review-dialog'

const roleResolver = lazyZodResolver(() => import('@/lib/validation/roles').then((m) => m.roleFieldsSchema))

type Props = {
  /** As loaded; page.tsx keys the editor on `version`, so a refresh after a save remounts it. */
  role: { id: string; name: string; description: string; version: number; permissions: PermissionKey[] }
  canEdit: boolean
  /** Why each permission is locked for this editor (not in the plan, not held), from the server. */
  locks: PermissionLocks
}
type Review = { fields: { name: string; description: string }; permissions: PermissionKey[]; impact: Impact; changes: RoleChanges }

/**
 * Name, description and the permission tree. "Save changes" first asks the server what the
 * change does to the role's members and shows it for review; "Save role template" saves on the version
 * that was loaded, so a save over someone else's is refused and offers a reload instead.
 */
export function RoleEditor({ role, canEdit, locks }: Props) {
  const router = useRouter()
  const notice = useNotice()
  const nameId = useId()
  const saveButton = useRef<HTMLButtonElement>(null)
  /** Where the review dialog puts the focus back: set before it closes. */
  const focusBack = useRef<HTMLElement | null>(null)
  const [checked, setChecked] = useState<Set<PermissionKey>>(() => new Set(role.permissions))
  const [failure, setFailure] = useState<{ message: string; permissions?: string }>()
  const [stale, setStale] = useState<string>()
  const [review, setReview] = useState<Review | null>(null)
  const [saving, startSaving] = useTransition()
  const form = useForm<RoleFields>({ resolver: useLazyZodResolver(roleResolver), defaultValues: { name: role.name, description: role.description } })

  // Leaving with edits not saved asks first (the editor remounts on a save, so it is clean again).
  const permissionsChanged = checked.size !== role.permissions.length || role.permissions.some((k) => !checked.has(k))
  const [name, description] = useWatch({ control: form.control, name: ['name', 'description'] })
  const dirty = useUnsavedChanges(canEdit && (differs({ name, description }, { name: role.name, description: role.description }) || permissionsChanged))

  // Stable between renders, so the tree works out which boxes are locked only when this changes.
  const disabledReason = useMemo(() => lockReasons(locks, { readOnly: canEdit ? null : 'read only' }), [canEdit, locks])

  async function preview(values: RoleFields) {
    setFailure(undefined)
    setStale(undefined)
    notice.show(null)
    focusBack.current = saveButton.current
    // As the server will store it: prerequisites added.
    const permissions = normalizePermissions(checked)
    const r = await previewRoleImpact({ roleId: role.id, permissions })
    if (!r.ok || !r.data) return setFailure({ message: r.message ?? 'The changes could not be previewed. Try again.' })
    const name = values.name.trim()
    const description = (values.description ?? '').trim()
    const changes: RoleChanges = {
      name: name !== role.name ? { from: role.name, to: name } : undefined,
      description: description !== role.description ? { from: role.description, to: description } : undefined,
      ...diffKeys(role.permissions, permissions),
    }
    setReview({ fields: { name, description }, permissions, impact: r.data, changes })
  }

  function save() {
    if (!review) return
    // On success the editor remounts (new version) and the button that opened the dialog goes:
    // the focus goes to the page's message instead.
    focusBack.current = notice.slot.current
    startSaving(async () => {
      const r = await updateRole({ ...review.fields, permissions: review.permissions, roleId: role.id, version: role.version })
      if (r.ok) {
        notice.show({ kind: 'success', text: r.message ?? 'Role template saved.' })
        setReview(null)
        router.refresh()
        return
      }
      applyResult(r, form.setError)
      focusBack.current = r.fieldErrors?.name ? document.getElementById(nameId) : saveButton.current
      if (r.code === 'conflict' && !r.fieldErrors) setStale(r.message)
      else setFailure({ message: r.message, permissions: r.fieldErrors?.permissions?.join(' ') })
      setReview(null)
    })
  }

  const e = form.formState.errors
  return (
    <form onSubmit={(ev) => form.handleSubmit(preview)(ev)} noValidate className="flex max-w-3xl flex-col gap-5">
      <StaleNotice message={stale} />
      <FormMessage kind="error">{failure?.message}</FormMessage>
      <Field id={nameId} label="Name" disabled={!canEdit} error={e.name?.message} {...form.register('name')} />
      <TextAreaField label="Description" disabled={!canEdit} error={e.description?.message} {...form.register('description')} />
      <div>
        <h2 className="mb-2 text-lg font-semibold">Permissions</h2>
        {failure?.permissions && <p className="mb-2 text-sm text-danger">{failure.permissions}</p>}
        <PermissionTree label="Role template permissions" checked={checked} onChange={setChecked} disabledReason={disabledReason} />
      </div>
      {canEdit && (
        <div className="flex gap-2">
          <Button ref={saveButton} type="submit" disabled={form.formState.isSubmitting || saving}>
            {form.formState.isSubmitting ? 'Checking…' : 'Save changes'}
          </Button>
          <CancelLink href="/settings/roles" />
          <UnsavedNote dirty={dirty} />
        </div>
      )}
      {review && (
        <ReviewDialog
          open
          onOpenChange={(open) => !open && setReview(null)}
          roleName={role.name}
          changes={review.changes}
          impact={review.impact}
          saving={saving}
          onSave={save}
          returnFocus={focusBack}
        />
      )}
    </form>
  )
}
