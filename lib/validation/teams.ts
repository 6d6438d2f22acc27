import { z } from 'zod'

const id = z.string().trim().min(1).max(64)
const name = z.string().trim().min(1, 'Enter a name for the team.').max(60, 'Use at most 60 characters.')

export const createTeamSchema = z.object({ name })
export const renameTeamSchema = z.object({ teamId: id, name })
export const teamIdSchema = z.object({ teamId: id })
export const setTeamMembersSchema = z.object({
  teamId: id,
  add: z.array(id).max(500, 'At most 500 members at a time.').default([]),
  remove: z.array(id).max(500, 'At most 500 members at a time.').default([]),
})
