import type { z } from 'zod'
import type { FieldErrors } from '@/lib/authz/result'
import type { baseRoleSchema } from './members'

// Turning what a person pastes or uploads into invitation rows, and the bookkeeping of checking a
// large batch in chunks. Pure, and without zod (only its types), so the invite dialog can use it
// without loading the schemas up front; each row's own check (`validateInviteRows`) and the
// compose form's schema are in invite-rows.ts, which re-exports all of this.

export type BaseRole = z.output<typeof baseRoleSchema>
export type ParsedInviteRow = { email: string; baseRole: BaseRole; roleTemplateId: string | null }
export type InviteDefaults = { baseRole: BaseRole; roleTemplateId: string | null }
/** A line of a file that gives no row, and why; `email` is what the line holds in its address column, if anything. */
export type InviteProblem = { line: number; message: string; email?: string }
export type ParsedInvites = { rows: ParsedInviteRow[]; problems: InviteProblem[] }

/** Rows sent to `checkInvites` per call; the dialog shows progress between calls. */
export const CHECK_CHUNK = 100

/** A template only means something for a member: admins and owners hold every permission. */
const templateFor = (baseRole: BaseRole, id: string | null) => (baseRole === 'MEMBER' ? id : null)

/**
 * Addresses separated by newlines, commas, semicolons, tabs or spaces (a column pasted from a
 * spreadsheet included), trimmed and lower-cased, in their order. Duplicates are kept: the
 * server check reports them on the row. Nothing here is a problem; a malformed address is a row
 * whose own check fails, so it is shown, and fixed or removed, with the others.
 */
export function parseInviteText(text: string, defaults: InviteDefaults): ParsedInvites {
  const rows = text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((email) => ({ email, baseRole: defaults.baseRole, roleTemplateId: templateFor(defaults.baseRole, defaults.roleTemplateId) }))
  return { rows, problems: [] }
}

/**
 * A CSV reader's quote error (papaparse's codes) in words a person can act on, instead of the
 * parser's own text ("Quoted field unterminated").
 */
export function csvQuoteProblem(code: string): string {
  if (code === 'MissingQuotes') return 'A value opens a quote (") that is never closed: close it, or remove the quote.'
  if (code === 'InvalidQuotes') return 'A quote (") inside a quoted value must be doubled (""), or the value left unquoted.'
  return 'The quotes (") on this line do not pair up: check the values that use them.'
}

const ROLE_NAMES: Record<string, BaseRole> = { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER' }
const COLUMN_NAMES: Record<string, 'email' | 'role' | 'template'> = {
  email: 'email',
  'e-mail': 'email',
  'email address': 'email',
  role: 'role',
  'base role': 'role',
  template: 'template',
  'role template': 'template',
}
const cell = (row: string[], i: number) => (i >= 0 ? (row[i] ?? '').trim() : '')

/**
 * CSV rows `email,role,template` (as Papa.parse gives them, blank lines included so that line
 * numbers match the file). The header row is optional; when present, its names decide the column
 * order. Role (owner/admin/member) and template (a role template's name) are case-insensitive;
 * an empty cell takes the default. A template named on an admin or owner row is dropped without
 * being looked up: they hold every permission, and the server would not store it either.
 * An unknown role or template, or a line without an address, is a problem for that line and
 * gives no row: nothing is invited with a role or template other than the one written.
 */
export function parseInviteCsv(csv: string[][], defaults: InviteDefaults, templates: { id: string; name: string }[]): ParsedInvites {
  const rows: ParsedInviteRow[] = []
  const problems: InviteProblem[] = []
  const byName = new Map<string, string>()
  for (const t of templates) if (!byName.has(t.name.trim().toLowerCase())) byName.set(t.name.trim().toLowerCase(), t.id)

  let columns = { email: 0, role: 1, template: 2 }
  let start = csv.findIndex((r) => r.some((c) => c.trim()))
  if (start === -1) return { rows, problems }
  const names = csv[start].map((c) => COLUMN_NAMES[c.trim().toLowerCase()])
  if (names.includes('email')) {
    columns = { email: names.indexOf('email'), role: names.indexOf('role'), template: names.indexOf('template') }
    start++
  }

  for (let i = start; i < csv.length; i++) {
    const line = i + 1
    const row = csv[i]
    if (!row.some((c) => c.trim())) continue
    const email = cell(row, columns.email).toLowerCase()
    const roleName = cell(row, columns.role)
    const templateName = cell(row, columns.template)
    if (!email) {
      problems.push({ line, message: 'No email address.' })
      continue
    }
    const baseRole = roleName ? ROLE_NAMES[roleName.toLowerCase()] : defaults.baseRole
    if (!baseRole) {
      problems.push({ line, email, message: `Unknown role “${roleName}”. Use owner, admin or member, or leave it empty.` })
      continue
    }
    let roleTemplateId = templateFor(baseRole, defaults.roleTemplateId)
    if (templateName && baseRole === 'MEMBER') {
      const id = byName.get(templateName.toLowerCase())
      if (!id) {
        problems.push({ line, email, message: `Unknown role template “${templateName}”.` })
        continue
      }
      roleTemplateId = id
    }
    rows.push({ email, baseRole, roleTemplateId })
  }
  return { rows, problems }
}

/**
 * Splits field errors into those of a row (`rows.<i>.<field>`, by index) and the rest (the whole
 * batch: `rows`, `crmAccess`, `_form` …), so the rest can be shown at the top of the form.
 */
export function splitRowErrors(errors: FieldErrors): { byRow: Map<number, string[]>; other: string[] } {
  const byRow = new Map<number, string[]>()
  const other: string[] = []
  for (const [key, messages] of Object.entries(errors)) {
    const m = /^rows\.(\d+)\.\w+/.exec(key)
    if (!m) {
      other.push(...messages)
      continue
    }
    const list = byRow.get(Number(m[1])) ?? []
    for (const message of messages) if (!list.includes(message)) list.push(message)
    byRow.set(Number(m[1]), list)
  }
  return { byRow, other }
}

/** Moves a chunk's `rows.<i>.*` errors to their place in the whole batch; other keys stay. */
export function offsetRowErrors(errors: FieldErrors, offset: number): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, messages] of Object.entries(errors)) {
    const k = key.replace(/^rows\.(\d+)(?=\.|$)/, (_, i: string) => `rows.${Number(i) + offset}`)
    ;(out[k] ??= []).push(...messages)
  }
  return out
}

export type ChunkCheck = (rows: ParsedInviteRow[], offset: number) => Promise<FieldErrors>

/**
 * Checks a batch in chunks of `size` and merges the errors, keyed by place in the whole batch.
 * `offset` lets the server count seats across chunks; an address repeated in an earlier chunk is
 * flagged here, since each call only sees its own chunk. `onProgress` gets the rows checked so
 * far; `isCancelled` stops between chunks (the batch changed, or the dialog closed).
 */
export async function checkInChunks(
  rows: ParsedInviteRow[],
  check: ChunkCheck,
  { size = CHECK_CHUNK, onProgress, isCancelled }: { size?: number; onProgress?: (done: number) => void; isCancelled?: () => boolean } = {},
): Promise<FieldErrors | null> {
  const errors: FieldErrors = {}
  const seen = new Set<string>()
  for (let offset = 0; offset < rows.length; offset += size) {
    const chunk = rows.slice(offset, offset + size)
    const found = offsetRowErrors(await check(chunk, offset), offset)
    if (isCancelled?.()) return null
    chunk.forEach((row, j) => {
      const key = `rows.${offset + j}.email`
      if (seen.has(row.email) && !found[key]?.length) (found[key] ??= []).push('This address is listed twice.')
    })
    for (const row of chunk) seen.add(row.email)
    for (const [key, messages] of Object.entries(found)) (errors[key] ??= []).push(...messages)
    onProgress?.(Math.min(rows.length, offset + size))
  }
  return errors
}
