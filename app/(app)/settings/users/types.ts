import type { SortDir } from '@/components/data-table'
import type { MemberAbilities } from '@/lib/authz/abilities'
import type { ActionResult } from '@/lib/authz/result'
import type { MemberRow } from '@/lib/db/member-detail'
import type { MemberListRow } from '@/lib/db/member-list'
import type { BulkData } from '@/lib/members/result'

// The users screen's shapes, shared by the table, its row menu, bulk bar, filters and dialogs.

export type UsersCan = { edit: boolean; editStatus: boolean; delete: boolean; invite: boolean; assign: boolean }
export type Picker = { id: string; name: string }
export type Person = { id: string; email: string }
/** A member row, whether their invitation link has expired, and what the actor may do to them (both decided by the server). */
export type UsersRow = MemberListRow & { inviteExpired: boolean; can: MemberAbilities }
export type SelectedMember = Pick<MemberRow, 'id' | 'email' | 'status' | 'baseRole'>
export type UsersQuery = {
  sort: string
  dir: SortDir
  size: number
  q: string
  role: string | null
  status: string | null
  template: string | null
  signin: string | null
  twofactor: string | null
}
/** What every action of this screen returns (bulk ones carry the changed ids). */
export type UsersActionResult = ActionResult<BulkData | undefined>
