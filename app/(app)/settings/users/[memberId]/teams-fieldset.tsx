'use client'

import { useId } from 'react'
import { Controller, type UseFormReturn } from 'react-hook-form'
import { FieldNotes } from '@/components/ui/field'
import type { UpdateMemberInput } from '@/lib/validation/members'

/** `lockedBecause`: why this actor may not change the member's teams (from the server), or null. */
type Props = { form: UseFormReturn<UpdateMemberInput>; teams: { id: string; name: string }[]; lockedBecause: string | null }

/**
 * The member's teams as a group of checkboxes. Controlled, so the value is always an array of
 * team ids (react-hook-form turns a lone registered checkbox into a boolean).
 */
export function TeamsFieldset({ form, teams, lockedBecause }: Props) {
  const id = useId()
  const error = form.formState.errors.teamIds?.message
  const hint = lockedBecause ?? 'Teams decide which records their team-scoped permissions reach.'
  return (
    <Controller
      control={form.control}
      name="teamIds"
      render={({ field }) => (
        <fieldset disabled={lockedBecause !== null} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">Teams</legend>
          {teams.length === 0 ? (
            <p className="text-sm text-ink-muted">This workspace has no teams yet.</p>
          ) : (
            <ul className="flex flex-col gap-1">
              {teams.map((t) => {
                const boxId = `${id}-${t.id}`
                const checked = field.value.includes(t.id)
                return (
                  <li key={t.id} className="inline-flex items-center gap-2">
                    <input
                      id={boxId}
                      type="checkbox"
                      className="h-4 w-4 accent-brand"
                      checked={checked}
                      onBlur={field.onBlur}
                      onChange={(e) => field.onChange(e.target.checked ? [...field.value, t.id] : field.value.filter((x) => x !== t.id))}
                    />
                    <label htmlFor={boxId} className="text-sm">
                      {t.name}
                    </label>
                  </li>
                )
              })}
            </ul>
          )}
          <FieldNotes hint={hint} hintId={`${id}-hint`} error={error} errorId={`${id}-error`} />
        </fieldset>
      )}
    />
  )
}
