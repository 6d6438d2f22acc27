import type { SortDir } from '@/components/data-table'

// The contacts screen's shapes, shared by the table and its filters.

export type ContactsQuery = { sort: string; dir: SortDir; size: number; q: string; owner: string | null; team: string | null }
