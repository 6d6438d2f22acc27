'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { StaleNotice } from '@/components/stale-notice'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { differs, UnsavedNote, useUnsavedChanges } from '@/components/use-unsaved-changes'
import type { MemberFormPolicy } from '@/lib/authz/abilities'
import type { BaseRole, MembershipStatus } from '@/lib/authz/access'
import type { PermissionKey } from '@/lib/authz/catalog'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { UpdateMemberInput } from '@/lib/validation/members'
import { updateMember } from './actions'
import { MemberPermissions } from './member-permissions'
import { RoleFields } from './role-fields'
import { TeamsFieldset } from './teams-fieldset'

const memberResolver = lazyZodResolver(() => import('@/lib/validation/members').then((m) => m.updateMemberSchema))

export type MemberFormProps = {
  member: {
    id: string
    /** What the form loaded: the save is refused if someone changed the member since. */
    version: number
    email: string
    baseRole: BaseRole
    status: MembershipStatus
    crmAccess: boolean
    roleTemplateId: string | null
    teamIds: string[]
    directKeys: PermissionKey[]
  }
  templates: { id: string; name: string }[]
  /** Every template's permission keys, by template id: the inherited set follows the selection. */
  templateKeys: Record<string, PermissionKey[]>
  teams: { id: string; name: string }[]
  /** What this actor may change here, and why not: the server's rules, as data (lib/authz/abilities.ts). */
  policy: MemberFormPolicy
}

const NO_KEYS: PermissionKey[] = []

const valuesOf = (member: MemberFormProps['member']): UpdateMemberInput => ({
  memberId: member.id,
  version: member.version,
  email: member.status === 'INVITED' ? member.email : undefined,
  baseRole: member.baseRole,
  roleTemplateId: member.roleTemplateId,
  crmAccess: member.crmAccess,
  teamIds: member.teamIds,
  permissions: member.directKeys,
})

/**
 * Edits one member with the action's own schema. What may be changed comes from the server
 * (`policy`, worked out by the same rules that judge the save), so nothing is offered that would
 * be refused; the server still decides.
 */
export function MemberForm({ member, templates, templateKeys, teams, policy }: MemberFormProps) {
  const router = useRouter()
  const [direct, setDirect] = useState<Set<PermissionKey>>(() => new Set(member.directKeys))
  // `values`: the form follows a new version of the member (this save's, or someone else's after
  // Reload); react-hook-form compares them, so a refresh with the same member keeps what is typed.
  const form = useForm<UpdateMemberInput>({ resolver: useLazyZodResolver(memberResolver), values: valuesOf(member) })
  const { result, show, clear } = useFormResult(form.setError)
  const [stale, setStale] = useState<string>()
  // The permission tree's state follows a new version too; the message about this save stays.
  const [loaded, setLoaded] = useState(member.version)
  if (loaded !== member.version) {
    setLoaded(member.version)
    setDirect(new Set(member.directKeys))
    setStale(undefined)
  }
  const [role, templateId] = useWatch({ control: form.control, name: ['baseRole', 'roleTemplateId'] })
  const inherited = new Set(templateId ? (templateKeys[templateId] ?? NO_KEYS) : NO_KEYS)
  const templateName = templates.find((t) => t.id === templateId)?.name ?? null
  const locked = policy.locked !== null
  // Leaving with edits not saved asks first; a save brings a new version, and the form is clean again.
  const directChanged = direct.size !== member.directKeys.length || member.directKeys.some((k) => !direct.has(k))
  const watched = useWatch({ control: form.control })
  const dirty = useUnsavedChanges(
    !locked &&
      (differs(watched, {
        email: member.status === 'INVITED' ? member.email : undefined,
        baseRole: member.baseRole,
        roleTemplateId: member.roleTemplateId,
        crmAccess: member.crmAccess,
        teamIds: member.teamIds,
      }) ||
        directChanged),
  )

  const onSubmit = form.handleSubmit(async (values) => {
    const r = await updateMember({
      memberId: member.id,
      version: member.version,
      ...(member.status === 'INVITED' && { email: values.email }),
      baseRole: values.baseRole,
      roleTemplateId: values.roleTemplateId || null,
      crmAccess: values.crmAccess,
      teamIds: values.teamIds,
      // Direct grants only: what the selected template gives is not repeated.
      permissions: [...direct].filter((k) => !inherited.has(k)),
    })
    // Someone else saved this member meanwhile: the message offers a reload instead of a red form.
    if (!r.ok && r.code === 'conflict' && !r.fieldErrors) {
      clear()
      return setStale(r.message)
    }
    setStale(undefined)
    show(r)
    if (r.ok) router.refresh()
  })
  const e = form.formState.errors
  const permissionError = result && !result.ok ? result.fieldErrors?.permissions?.join(' ') : undefined

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-3xl flex-col gap-5" aria-label="Member settings">
      <StaleNotice message={stale} />
      <ResultMessage result={result} />
      {member.status === 'INVITED' ? (
        <Field
          label="Email"
          type="email"
          autoComplete="off"
          disabled={locked}
          hint="Fix a typo in an invitation; members sign in with their own address."
          error={e.email?.message}
          {...form.register('email')}
        />
      ) : (
        <div className="flex flex-col gap-1">
          <span className="text-sm font-medium text-ink">Email</span>
          <span className="text-sm">{member.email}</span>
        </div>
      )}
      {policy.locked && <p className="rounded-md bg-gray-100 px-3 py-2 text-sm text-ink-muted">{policy.locked}</p>}
      <RoleFields form={form} templates={templates} policy={policy} />
      <TeamsFieldset form={form} teams={teams} lockedBecause={policy.teams} />
      {role === 'MEMBER' ? (
        <MemberPermissions
          direct={direct}
          onDirectChange={setDirect}
          inherited={inherited}
          templateName={templateName}
          readOnly={policy.permissionsLocked}
          locks={policy.permissions}
          error={permissionError}
        />
      ) : (
        <section aria-labelledby="member-permissions-heading">
          <h2 id="member-permissions-heading" className="mb-1 text-lg font-semibold">
            Permissions
          </h2>
          <p className="text-sm text-ink-muted">
            Owners and admins have every permission in the plan; billing is for owners only. See their effective access below.
          </p>
        </section>
      )}
      {!locked && (
        <div className="flex gap-2">
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Saving…' : 'Save changes'}
          </Button>
          <UnsavedNote dirty={dirty} />
        </div>
      )}
    </form>
  )
}
