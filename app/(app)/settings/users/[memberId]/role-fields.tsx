'use client'

import { useId } from 'react'
import { useWatch, type UseFormReturn } from 'react-hook-form'
import { FieldNotes } from '@/components/ui/field'
import { Select } from '@/components/ui/select'
import type { MemberFormPolicy } from '@/lib/authz/abilities'
import type { UpdateMemberInput } from '@/lib/validation/members'

type Props = { form: UseFormReturn<UpdateMemberInput>; templates: { id: string; name: string }[]; policy: MemberFormPolicy }

/** Base role, role template and CRM access: the three settings that decide a member's role. */
export function RoleFields({ form, templates, policy }: Props) {
  const role = useWatch({ control: form.control, name: 'baseRole' })
  const e = form.formState.errors
  const onlyThisRole = !policy.roles.OWNER && !policy.roles.ADMIN && !policy.roles.MEMBER
  return (
    <>
      <Select
        className="max-w-sm"
        label="Role"
        hint={policy.roleNote ?? undefined}
        error={e.baseRole?.message}
        disabled={onlyThisRole}
        {...form.register('baseRole')}
      >
        <option value="OWNER" disabled={!policy.roles.OWNER}>
          Owner
        </option>
        <option value="ADMIN" disabled={!policy.roles.ADMIN}>
          Admin
        </option>
        <option value="MEMBER" disabled={!policy.roles.MEMBER}>
          Member
        </option>
      </Select>
      {role === 'MEMBER' ? (
        <>
          <Select
            className="max-w-sm"
            label="Role template"
            hint={policy.template ?? 'The template’s permissions are shown as inherited below.'}
            error={e.roleTemplateId?.message}
            disabled={policy.template !== null}
            {...form.register('roleTemplateId', { setValueAs: (v: string | null) => v || null })}
          >
            <option value="">None</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
          <CrmCheckbox form={form} disabled={policy.crm !== null} />
        </>
      ) : (
        <p className="rounded-md bg-gray-100 px-3 py-2 text-sm text-ink-muted">
          Owners and admins have every permission in the plan (billing is for owners only), so they need no role template. Admins and owners always have CRM
          access.
        </p>
      )}
    </>
  )
}

function CrmCheckbox({ form, disabled }: { form: UseFormReturn<UpdateMemberInput>; disabled: boolean }) {
  const id = useId()
  const error = form.formState.errors.crmAccess?.message
  return (
    <div className="flex flex-col gap-1">
      <span className="inline-flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 h-4 w-4 accent-brand"
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          {...form.register('crmAccess')}
        />
        <label htmlFor={id} className="text-sm font-medium">
          CRM access
        </label>
      </span>
      <div className="ml-6 flex flex-col gap-1">
        <FieldNotes
          hint="Needed for every Contacts permission (contacts, lists and their settings); without it those grants do not apply."
          hintId={`${id}-hint`}
          error={error}
          errorId={`${id}-error`}
        />
      </div>
    </div>
  )
}
