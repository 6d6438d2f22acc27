'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { StaleNotice } from '@/components/stale-notice'
import { Button } from '@/components/ui/button'
import { TextAreaField } from '@/components/ui/field'
import { focusRing } from '@/components/ui/focus-ring'
import { Select } from '@/components/ui/select'
import { differs, UnsavedNote, useUnsavedChanges } from '@/components/use-unsaved-changes'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { SecuritySettingsInput, SecuritySettingsValues } from '@/lib/validation/security'
import {
  idleText,
  lifetimeText,
  SESSION_IDLE_CHOICES,
  SESSION_LIFETIME_CHOICES,
  SESSION_SEEN_EVERY_MINUTES,
  type Choice,
} from '@/lib/validation/security-constants'
import { updateSecuritySettings } from './actions'

const resolver = lazyZodResolver(() => import('@/lib/validation/security').then((m) => m.securitySettingsSchema))

type Settings = { requireTwoFactor: boolean; inviteDomains: string[]; sessionMaxAgeMinutes: number | null; sessionIdleMinutes: number | null }

type Props = {
  settings: Settings
  /** What the form loaded: the save is refused if someone saved other settings since. */
  version: string
  /** Read-only without security.edit. */
  canEdit: boolean
  members: { active: number; withoutTwoFactor: number }
  youUseTwoFactor: boolean
}

/** The fields as the form holds them (the domains as text, a line each). */
const fieldsOf = (s: Settings) => ({
  requireTwoFactor: s.requireTwoFactor,
  inviteDomains: s.inviteDomains.join('\n'),
  sessionMaxAgeMinutes: s.sessionMaxAgeMinutes,
  sessionIdleMinutes: s.sessionIdleMinutes,
})

/** A select's value as minutes: '' is none (null). */
const toMinutes = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v))

/** The offered choices, plus the saved value when it is not one of them (set before these choices existed). */
function options(choices: readonly Choice[], saved: number | null, text: (m: number | null) => string) {
  const all = choices.some((c) => c.minutes === saved) ? choices : [...choices, { minutes: saved, label: text(saved) }]
  return all.map((c) => (
    <option key={c.minutes ?? 'none'} value={c.minutes ?? ''}>
      {c.label}
    </option>
  ))
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function SecurityForm({ settings, version, canEdit, members, youUseTwoFactor }: Props) {
  const router = useRouter()
  // `values`: the form follows a new version of the settings (this save's, or someone else's after Reload).
  const form = useForm<SecuritySettingsInput, unknown, SecuritySettingsValues>({
    resolver: useLazyZodResolver(resolver),
    values: { version, ...fieldsOf(settings) },
  })
  const { result, show, clear } = useFormResult(form.setError)
  const [stale, setStale] = useState<string>()
  const [loaded, setLoaded] = useState(version)
  if (loaded !== version) {
    setLoaded(version)
    setStale(undefined)
  }
  const watched = useWatch({ control: form.control })
  const dirty = useUnsavedChanges(canEdit && differs(watched, fieldsOf(settings)))
  const requireOn = useWatch({ control: form.control, name: 'requireTwoFactor' })

  const onSubmit = form.handleSubmit(async (values) => {
    // The domains as typed: the action reads them with the same schema.
    const r = await updateSecuritySettings({ ...values, version, inviteDomains: form.getValues('inviteDomains') })
    if (!r.ok && r.code === 'conflict' && !r.fieldErrors) {
      clear()
      return setStale(r.message)
    }
    setStale(undefined)
    show(r)
    if (r.ok) router.refresh()
  })
  const e = form.formState.errors
  const without = members.withoutTwoFactor

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Security settings" className="flex flex-col gap-6">
      <StaleNotice message={stale} />
      <ResultMessage result={result} />
      {!canEdit && (
        <p className="rounded-md bg-gray-100 px-3 py-2 text-sm text-ink-muted">
          You can see these settings; changing them needs the “Edit security settings” permission.
        </p>
      )}
      <fieldset disabled={!canEdit} className="flex flex-col gap-6">
        <section aria-labelledby="two-factor-heading" className="rounded-lg border border-line bg-white p-5">
          <h2 id="two-factor-heading" className="mb-3 text-lg font-semibold">
            Two-factor sign-in
          </h2>
          <div className="flex items-start gap-3">
            <input
              id="require-two-factor"
              type="checkbox"
              aria-describedby="require-two-factor-hint"
              className={`mt-0.5 size-4 accent-brand ${focusRing}`}
              {...form.register('requireTwoFactor')}
            />
            <div className="flex flex-col gap-1">
              <label htmlFor="require-two-factor" className="text-sm font-medium">
                Require two-factor sign-in for every member
              </label>
              <p id="require-two-factor-hint" className="text-sm text-ink-muted">
                {without === 0
                  ? `All ${plural(members.active, 'active member')} use two-factor sign-in.`
                  : `${without} of ${plural(members.active, 'active member')} ${without === 1 ? 'does' : 'do'} not use two-factor sign-in yet.`}{' '}
                While it is required, a member without it is sent to set it up on their next request and can open only their profile until they do.
              </p>
              {requireOn && !settings.requireTwoFactor && !youUseTwoFactor && (
                <p className="text-sm text-warn">You do not use two-factor sign-in yourself: once you save, you will be asked to set it up too.</p>
              )}
            </div>
          </div>
        </section>

        <section aria-labelledby="invitations-heading" className="rounded-lg border border-line bg-white p-5">
          <h2 id="invitations-heading" className="mb-3 text-lg font-semibold">
            Invitations
          </h2>
          <TextAreaField
            label="Invitations may go only to these email domains"
            rows={3}
            autoComplete="off"
            spellCheck={false}
            placeholder="example.com"
            hint="One per line, or separated by commas. Leave empty to allow any address. Exact domains: list a subdomain (eu.example.com) on its own. A member’s email can change only to these domains too; members already outside them stay."
            error={e.inviteDomains?.message}
            {...form.register('inviteDomains')}
          />
        </section>

        <section aria-labelledby="sessions-heading" className="rounded-lg border border-line bg-white p-5">
          <h2 id="sessions-heading" className="mb-3 text-lg font-semibold">
            Sessions
          </h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Select
              label="Session lifetime"
              hint="How long after signing in a member must sign in again, however active they are."
              error={e.sessionMaxAgeMinutes?.message}
              {...form.register('sessionMaxAgeMinutes', { setValueAs: toMinutes })}
            >
              {options(SESSION_LIFETIME_CHOICES, settings.sessionMaxAgeMinutes, lifetimeText)}
            </Select>
            <Select
              label="Idle timeout"
              hint={`A session unused for this long ends. Use is recorded every ${SESSION_SEEN_EVERY_MINUTES} minutes, so a session may end up to ${SESSION_SEEN_EVERY_MINUTES} minutes early.`}
              error={e.sessionIdleMinutes?.message}
              {...form.register('sessionIdleMinutes', { setValueAs: toMinutes })}
            >
              {options(SESSION_IDLE_CHOICES, settings.sessionIdleMinutes, idleText)}
            </Select>
          </div>
        </section>
      </fieldset>
      {canEdit && (
        <div className="flex gap-2">
          <Button type="submit" className={focusRing} disabled={form.formState.isSubmitting} aria-busy={form.formState.isSubmitting || undefined}>
            {form.formState.isSubmitting ? 'Saving…' : 'Save settings'}
          </Button>
          <UnsavedNote dirty={dirty} />
        </div>
      )}
    </form>
  )
}
