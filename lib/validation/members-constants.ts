// The members schemas' plain values, without zod: client components import them from here, so
// that a constant does not bring the schemas (and zod) into a page's first-load JavaScript.
// lib/validation/members.ts re-exports them for server code.

/** The most people one invitation batch may hold. */
export const MAX_INVITES = 500

/** A member's base roles and statuses, in their order (the database enums' order). */
export const BASE_ROLES = ['OWNER', 'ADMIN', 'MEMBER'] as const
export const MEMBER_STATUSES = ['INVITED', 'ACTIVE', 'SUSPENDED'] as const

/** The members table's sort keys and page sizes (its URL state). */
export const MEMBER_SORTS = ['email', 'name', 'role', 'status', 'template', 'lastLogin', 'created'] as const
export const PAGE_SIZES = [10, 25, 50, 100] as const
export type MemberSort = (typeof MEMBER_SORTS)[number]

/**
 * The members table's sign-in filter: `never` (no sign-in yet) and `stale` (the last sign-in is
 * SIGN_IN_STALE_DAYS days old or older). Home counts active members by the same two conditions.
 */
export const SIGN_IN_FILTERS = ['never', 'stale'] as const
export type SignInFilter = (typeof SIGN_IN_FILTERS)[number]
export const SIGN_IN_STALE_DAYS = 90

/** The members table's two-factor filter: members who use two-factor sign-in (`on`) or do not (`off`). */
export const TWO_FACTOR_FILTERS = ['on', 'off'] as const
export type TwoFactorFilter = (typeof TWO_FACTOR_FILTERS)[number]
