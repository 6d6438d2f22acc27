import type { SortDir } from '@/components/data-table'

// The roles screen's shapes, shared by the table, its row menu and dialogs.

/** One role of the list, as plain data from the server page (dates as ISO strings). */
export type RoleListRow = { id: string; name: string; description: string; members: number; createdAt: string; updatedAt: string }
export type RolesCan = { create: boolean; edit: boolean; delete: boolean; assign: boolean }
export type RolePicker = { id: string; name: string }
export type RolesQuery = { q: string; sort: string; dir: SortDir; size: number }
export type Notice = { kind: 'success' | 'error'; text: string }
