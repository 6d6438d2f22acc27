'use client'

import type { UseFormRegisterReturn } from 'react-hook-form'
import { Select } from '@/components/ui/select'

export type OwnerOption = { id: string; label: string }
export type TeamOption = { id: string; name: string }

/** Empty select values are "no owner" / "no team" for the actions' schemas. */
export const orNull = (v: string | null) => v || null

/**
 * The owner and team selects of a contact (new-contact dialog and assign form). The owner list
 * starts with the actor ("Me"); `current` keeps a present owner selectable who is no longer an
 * active member, so the form does not silently change them.
 */
export function AssignmentSelects({
  owners,
  teams,
  selfId,
  current,
  owner,
  team,
  ownerError,
  teamError,
  disabled,
}: {
  owners: OwnerOption[]
  teams: TeamOption[]
  selfId: string
  current?: OwnerOption | null
  owner: UseFormRegisterReturn
  team: UseFormRegisterReturn
  ownerError?: string
  teamError?: string
  disabled?: boolean
}) {
  const me = owners.find((o) => o.id === selfId)
  const others = owners.filter((o) => o.id !== selfId)
  const missing = current && current.id !== selfId && !others.some((o) => o.id === current.id) ? current : null
  return (
    <>
      <Select label="Owner" error={ownerError} disabled={disabled} {...owner}>
        <option value={selfId}>Me{me ? ` (${me.label})` : ''}</option>
        {others.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
        {missing && <option value={missing.id}>{missing.label} (inactive)</option>}
        <option value="">Unassigned</option>
      </Select>
      <Select label="Team" error={teamError} disabled={disabled} {...team}>
        <option value="">No team</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </Select>
    </>
  )
}
