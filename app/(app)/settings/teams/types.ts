import type { ActionResult } from '@/lib/authz/result'

// The teams screen's shapes, shared by the list and its cards.

export type TeamsCan = { create: boolean; edit: boolean; delete: boolean }
export type TeamResult = ActionResult<unknown>
