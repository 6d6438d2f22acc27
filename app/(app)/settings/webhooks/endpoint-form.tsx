'use client'

import { useRouter } from 'next/navigation'
import type { ReactNode } from 'react'
import { Controller, useForm, useWatch } from 'react-hook-form'
import { ResultMessage, useFormResult } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import { CancelLink } from '@/components/ui/cancel-link'
import { Field } from '@/components/ui/field'
import { focusRing } from '@/components/ui/focus-ring'
import { differs, UnsavedNote, useUnsavedChanges } from '@/components/use-unsaved-changes'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import type { WebhookEndpointFields } from '@/lib/validation/webhooks'
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS, type WebhookEventType } from '@/lib/webhooks/events'
import { createWebhookEndpoint, updateWebhookEndpoint } from './actions'

const resolver = lazyZodResolver(() => import('@/lib/validation/webhooks').then((m) => m.webhookEndpointFieldsSchema))

type Props = {
  /** The endpoint being edited; none for a new one. */
  endpointId?: string
  initial: { url: string; description: string; eventTypes: WebhookEventType[] }
  /** The event types this actor may subscribe to (others are shown, disabled, with why). */
  allowed: WebhookEventType[]
  /** What cancels (in a dialog, its close button); a link back by default. */
  cancel?: ReactNode
}

const GROUPS = [
  { about: 'member', label: 'Members' },
  { about: 'role', label: 'Role templates' },
] as const

/** The endpoint's URL, description and events (a checkbox each, and "All events"). */
export function EndpointForm({ endpointId, initial, allowed, cancel }: Props) {
  const router = useRouter()
  const form = useForm<WebhookEndpointFields>({ resolver: useLazyZodResolver(resolver), defaultValues: initial })
  const { result, show } = useFormResult<WebhookEndpointFields, { id: string } | undefined>(form.setError)
  const values = useWatch({ control: form.control })
  const dirty = useUnsavedChanges(differs(values, initial))
  const e = form.formState.errors
  const busy = form.formState.isSubmitting
  const choosable = WEBHOOK_EVENT_TYPES.filter((t) => allowed.includes(t))

  const onSubmit = form.handleSubmit(async (input) => {
    if (endpointId) {
      const r = show(await updateWebhookEndpoint({ ...input, endpointId }))
      if (r.ok) {
        form.reset(input)
        router.refresh()
      }
      return
    }
    const r = show(await createWebhookEndpoint(input))
    if (r.ok && r.data) router.push(`/settings/webhooks/${r.data.id}`)
  })

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-3xl flex-col gap-5">
      <ResultMessage result={result} />
      <Field
        label="Endpoint URL"
        type="url"
        inputMode="url"
        autoComplete="off"
        error={e.url?.message}
        hint="Where Teamgate POSTs the events, e.g. https://api.example.com/webhooks/teamgate. It must be reachable from the internet (https)."
        {...form.register('url')}
      />
      <Field
        label="Description (optional)"
        error={e.description?.message}
        hint="What receives them, e.g. “Permission cache of the billing service”."
        {...form.register('description')}
      />
      <Controller
        control={form.control}
        name="eventTypes"
        render={({ field }) => {
          const chosen = new Set(field.value)
          const all = choosable.length > 0 && choosable.every((t) => chosen.has(t))
          const set = (next: Set<string>) => field.onChange(WEBHOOK_EVENT_TYPES.filter((t) => next.has(t)))
          return (
            <fieldset aria-describedby={e.eventTypes ? 'events-error' : 'events-hint'} className="flex flex-col gap-3">
              <legend className="mb-1 text-sm font-medium">Events</legend>
              <label className="inline-flex items-center gap-2 text-sm font-medium">
                <input
                  type="checkbox"
                  className={`size-4 accent-brand ${focusRing}`}
                  checked={all}
                  onChange={(ev) => set(new Set(ev.target.checked ? [...field.value, ...choosable] : field.value.filter((t) => !choosable.includes(t))))}
                />
                All events
              </label>
              {GROUPS.map((g) => (
                <div key={g.about} role="group" aria-labelledby={`events-${g.about}`} className="flex flex-col gap-1 pl-1">
                  <p id={`events-${g.about}`} className="text-xs font-medium uppercase text-ink-muted">
                    {g.label}
                  </p>
                  {WEBHOOK_EVENT_TYPES.filter((t) => WEBHOOK_EVENTS[t].about === g.about).map((t) => {
                    const locked = !allowed.includes(t)
                    return (
                      <label key={t} className={`inline-flex flex-wrap items-center gap-2 text-sm ${locked ? 'text-ink-muted' : ''}`}>
                        <input
                          type="checkbox"
                          className={`size-4 accent-brand ${focusRing}`}
                          checked={chosen.has(t)}
                          disabled={locked}
                          onBlur={field.onBlur}
                          onChange={(ev) => {
                            const next = new Set(field.value)
                            if (ev.target.checked) next.add(t)
                            else next.delete(t)
                            set(next)
                          }}
                        />
                        <span>{WEBHOOK_EVENTS[t].label}</span>
                        <code className="text-xs text-ink-muted">{t}</code>
                        {locked && <span className="text-xs">(needs “{g.about === 'member' ? 'View users' : 'View role templates'}”)</span>}
                      </label>
                    )
                  })}
                </div>
              ))}
              {e.eventTypes ? (
                <p id="events-error" className="text-sm text-danger">
                  {e.eventTypes.message ?? e.eventTypes.root?.message}
                </p>
              ) : (
                <p id="events-hint" className="text-xs text-ink-muted">
                  {field.value.length} chosen. “Member’s effective access changed” carries the member’s permission keys whenever they change, by any path.
                </p>
              )}
            </fieldset>
          )
        }}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={busy} aria-busy={busy || undefined} className={focusRing}>
          {busy ? 'Saving…' : endpointId ? 'Save changes' : 'Add endpoint'}
        </Button>
        {cancel ?? <CancelLink href={endpointId ? `/settings/webhooks/${endpointId}` : '/settings/webhooks'} />}
        <UnsavedNote dirty={dirty} />
      </div>
    </form>
  )
}
