'use client'

import { zodResolver } from '@hookform/resolvers/zod'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { applyResult } from '@/components/apply-result'
import { FormMessage } from '@/components/form-message'
import { PermissionTree } from '@/components/permission-tree/permission-tree'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { getLeaf, type PermissionKey } from '@/lib/authz/catalog'
import type { ActionResult } from '@/lib/authz/result'
import { roleFieldsSchema, type RoleFields } from '@/lib/validation/roles'
import { updateRole } from '../actions'

type Props = {
  role: { id: string; name: string; description: string; version: number; permissions: PermissionKey[] }
  canEdit: boolean
  grantable: PermissionKey[]
  enabledModules: string[]
}

export function RoleEditor({ role, canEdit, grantable, enabledModules }: Props) {
  const router = useRouter()
  const [checked, setChecked] = useState<Set<PermissionKey>>(() => new Set(role.permissions))
  const [version, setVersion] = useState(role.version)
  const [result, setResult] = useState<ActionResult<{ version: number }>>()
  const form = useForm<RoleFields>({ resolver: zodResolver(roleFieldsSchema), defaultValues: { name: role.name, description: role.description } })
  const held = new Set(grantable)
  const modules = new Set(enabledModules)
  const disabledReason = (k: PermissionKey) => {
    if (!canEdit) return 'read only'
    const leaf = getLeaf(k)
    if (leaf && !modules.has(leaf.moduleId)) return 'not in your plan'
    if (!held.has(k)) return 'you don’t hold this permission'
    return null
  }

  const onSubmit = form.handleSubmit(async (values) => {
    const r = await updateRole({ ...values, permissions: [...checked], roleId: role.id, version })
    applyResult(r, form.setError)
    setResult(r)
    if (r.ok && r.data) {
      setVersion(r.data.version)
      router.refresh()
    }
  })
  const e = form.formState.errors
  const permissionError = result && !result.ok ? result.fieldErrors?.permissions?.join(' ') : undefined

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-3xl flex-col gap-5">
      <FormMessage kind={result?.ok ? 'success' : 'error'}>{result?.message}</FormMessage>
      <Field label="Name" disabled={!canEdit} error={e.name?.message} {...form.register('name')} />
      <Field label="Description" disabled={!canEdit} error={e.description?.message} {...form.register('description')} />
      <div>
        <h2 className="mb-2 text-lg font-semibold">Permissions</h2>
        {permissionError && <p id="permissions-error" className="mb-2 text-sm text-danger">{permissionError}</p>}
        <PermissionTree label="Role permissions" checked={checked} onChange={setChecked} disabledReason={disabledReason} />
      </div>
      {canEdit && (
        <div className="flex gap-2">
          <Button type="submit" disabled={form.formState.isSubmitting}>{form.formState.isSubmitting ? 'Saving…' : 'Save changes'}</Button>
        </div>
      )}
    </form>
  )
}
