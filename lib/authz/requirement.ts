import type { Access } from './access'
import type { Permission } from './catalog'

/** What a gate requires. `null`: any signed-in active member (their own profile, say); an array: any one of them. */
export type Requirement = Permission | readonly Permission[] | null

export function allows(access: Access, req: Requirement) {
  if (req === null) return true
  return typeof req === 'string' ? access.can(req) : access.canAny(req)
}
