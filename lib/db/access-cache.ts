import type { AccessInput } from '@/lib/authz/access'

// A per-process copy of what authorize calls read about a workspace (members by id or email,
// records' owners, teams' names), kept at ONE access version of the workspace (migration
// access_version: the version goes up in every transaction that commits a change to those rows,
// whatever process or path makes it). Whoever uses an entry has read the workspace's version in
// the same statement as whatever else it read, and uses the copy only when that version is the
// copy's: then every entry is what the database holds now, so a change holds on the next call, on
// every instance. Absent entries are `null` ("not in this workspace"): a new member, team or grant
// moves the version too.

export type OwnerNames = { label: string; teams: readonly string[] }

export type WorkspaceCopy = {
  readonly tenantId: string
  readonly version: string
  /** By membership id and by lower-cased email; null: nobody of the workspace. */
  readonly members: Map<string, AccessInput | null>
  /** Records' owners by membership id; null: no member of the workspace. */
  readonly owners: Map<string, OwnerNames | null>
  /** Team names by id; null: no team of the workspace. */
  readonly teams: Map<string, string | null>
}

/** Entries kept over all workspaces (ACCESS_CACHE_ENTRIES; 0 turns the copy off). */
const limit = () => {
  const n = process.env.ACCESS_CACHE_ENTRIES ? Number(process.env.ACCESS_CACHE_ENTRIES) : NaN
  return Number.isFinite(n) && n >= 0 ? n : 20_000
}

// Least recently used first (a Map keeps insertion order; a copy used is moved to the end).
const copies = new Map<string, WorkspaceCopy>()

const sizeOf = (c: WorkspaceCopy) => c.members.size + c.owners.size + c.teams.size

/** The workspace's copy, whatever its version (null: none). */
export function copyOf(tenantId: string): WorkspaceCopy | null {
  const copy = copies.get(tenantId)
  if (!copy) return null
  copies.delete(tenantId)
  copies.set(tenantId, copy)
  return copy
}

/** The workspace's copy at `version`: the one kept, or a new empty one in its place. */
export function copyAt(tenantId: string, version: string): WorkspaceCopy {
  const kept = copyOf(tenantId)
  if (kept?.version === version) return kept
  const copy: WorkspaceCopy = { tenantId, version, members: new Map(), owners: new Map(), teams: new Map() }
  copies.set(tenantId, copy)
  return copy
}

/** After entries were added to `copy`: the least recently used copies go while over the limit. */
export function trimCopies(copy: WorkspaceCopy): void {
  const max = limit()
  let total = 0
  for (const c of copies.values()) total += sizeOf(c)
  for (const [id, c] of copies) {
    if (total <= max) return
    if (c === copy) continue
    copies.delete(id)
    total -= sizeOf(c)
  }
  // The copy just filled goes last, when it alone is over the limit.
  if (total > max) copies.delete(copy.tenantId)
}

/** Every copy dropped (tests; a process that wants to start cold). */
export function dropCopies(): void {
  copies.clear()
}
