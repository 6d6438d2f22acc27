'use client'

import { useEffect, useMemo, useRef, useState, type MouseEvent, type Ref } from 'react'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { Button } from '@/components/ui/button'
import { loadOnce } from '@/lib/forms/lazy-resolver'
import { checkInChunks, splitRowErrors, CHECK_CHUNK, type BaseRole, type InviteProblem, type ParsedInviteRow } from '@/lib/validation/invite-batch'
import { MAX_INVITES } from '@/lib/validation/members-constants'
import { checkInvites, inviteMembers } from './invite-actions'

/**
 * A row of the batch. `unread` marks a line of the file that gave no invitation (an unknown role
 * or template, no address, unpaired quotes): it is shown with the others, so every problem of a
 * file is seen in one review, and it must be removed (or the file fixed) before sending.
 */
export type ReviewRow = ParsedInviteRow & { key: number; unread?: string }
export type CheckProgress = { state: 'idle' | 'checking' | 'done' | 'failed'; done: number; total: number }
type RowErrors = Map<number, string[]>

const IDLE: CheckProgress = { state: 'idle', done: 0, total: 0 }
const ROLE_LABEL: Record<BaseRole, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' }
const strip = ({ email, baseRole, roleTemplateId }: ReviewRow): ParsedInviteRow => ({ email, baseRole, roleTemplateId })
const unique = (list: string[]) => [...new Set(list)]
/** Index-keyed errors (`rows.<i>.*` of `list`) → errors keyed by the rows' stable keys. */
const byKey = (byRow: Map<number, string[]>, list: ReviewRow[]): RowErrors => new Map([...byRow].map(([i, m]) => [list[i].key, m]))
/** Each row's own check: the schemas (and zod) are loaded when the batch is first used. */
const rowCheck = loadOnce(() => import('@/lib/validation/invite-rows').then((m) => m.validateInviteRows))

/**
 * The batch under review: its rows, each row's errors (its own check merged with the server's),
 * the chunked server check and sending. Rows carry a stable key, so removing one keeps every
 * other row's errors in place until the check that follows replaces them.
 */
export function useInviteBatch() {
  const [rows, setRows] = useState<ReviewRow[]>([])
  const [crmAccess, setCrmAccess] = useState(false)
  const [serverErrors, setServerErrors] = useState<RowErrors>(new Map())
  const [progress, setProgress] = useState<CheckProgress>(IDLE)
  const [message, setMessage] = useState<string>()
  const [sending, setSending] = useState(false)
  const run = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  const nextKey = useRef(0)
  const [validateRows, setValidateRows] = useState(() => rowCheck.current())

  // Loaded as the dialog opens, well before a batch is reviewed; `check` waits for it anyway.
  useEffect(() => {
    if (validateRows) return
    let live = true
    rowCheck.get().then(
      (f) => live && setValidateRows(() => f),
      () => {},
    )
    return () => {
      live = false
    }
  }, [validateRows])

  const errors = useMemo(() => {
    const read = rows.filter((r) => !r.unread)
    const merged = validateRows ? byKey(splitRowErrors(validateRows(read)).byRow, read) : new Map<number, string[]>()
    for (const row of rows) if (row.unread) merged.set(row.key, [row.unread])
    for (const row of rows) {
      const server = serverErrors.get(row.key)
      if (server) merged.set(row.key, unique([...(merged.get(row.key) ?? []), ...server]))
    }
    return merged
  }, [rows, serverErrors, validateRows])

  async function check(all: ReviewRow[], crm: boolean) {
    const id = ++run.current
    setMessage(undefined)
    const list = all.filter((r) => !r.unread)
    let valid: ReviewRow[] = list
    try {
      const validate = rowCheck.current() ?? (await rowCheck.get())
      if (run.current !== id) return
      const invalid = splitRowErrors(validate(list)).byRow
      // Rows failing their own check are already marked; the server sees the rest, in order.
      valid = list.filter((_, i) => !invalid.has(i))
      setProgress({ state: 'checking', done: 0, total: valid.length })
      const found = await checkInChunks(
        valid.map(strip),
        async (chunk, offset) => {
          const r = await checkInvites({ rows: chunk, crmAccess: crm, offset })
          if (r.ok) return r.data?.errors ?? {}
          return r.fieldErrors && Object.keys(r.fieldErrors).length ? r.fieldErrors : { _form: [r.message] }
        },
        { onProgress: (done) => run.current === id && setProgress({ state: 'checking', done, total: valid.length }), isCancelled: () => run.current !== id },
      )
      if (!found) return
      const { byRow, other } = splitRowErrors(found)
      setServerErrors(byKey(byRow, valid))
      setMessage(other.length ? unique(other).join(' ') : undefined)
      setProgress({ state: other.length ? 'failed' : 'done', done: valid.length, total: valid.length })
    } catch {
      if (run.current !== id) return
      setMessage('The invitations could not be checked: the server did not answer. Try again.')
      setProgress({ state: 'failed', done: 0, total: valid.length })
    }
  }

  function cancel() {
    run.current++
    clearTimeout(timer.current)
  }

  return {
    rows,
    crmAccess,
    errors,
    progress,
    message,
    sending,
    canSend: progress.state === 'done' && errors.size === 0 && rows.length > 0 && rows.length <= MAX_INVITES && !sending && !rows.some((r) => r.unread),
    /** Starts reviewing a new batch (and the file's lines that gave no row) and checks it with the server at once. */
    start(parsed: ParsedInviteRow[], crm: boolean, unread: InviteProblem[] = []) {
      cancel()
      const list: ReviewRow[] = [
        ...unread.map((p) => ({
          email: p.email ?? '',
          baseRole: 'MEMBER' as const,
          roleTemplateId: null,
          key: nextKey.current++,
          unread: `Line ${p.line} of the file: ${p.message}`,
        })),
        ...parsed.map((r) => ({ ...r, key: nextKey.current++ })),
      ]
      setRows(list)
      setCrmAccess(crm)
      setServerErrors(new Map())
      void check(list, crm)
    },
    retry: () => void check(rows, crmAccess),
    /** Removes a row; the rest is checked again shortly (seats and duplicates may have changed). */
    remove(key: number) {
      cancel()
      const list = rows.filter((r) => r.key !== key)
      setRows(list)
      const toCheck = list.some((r) => !r.unread)
      setProgress({ ...IDLE, state: toCheck ? 'checking' : list.length ? 'done' : 'idle' })
      if (toCheck) timer.current = setTimeout(() => void check(list, crmAccess), 400)
    },
    /** Sends the batch; the success message, or null when it failed (the errors are shown). */
    async send(): Promise<string | null> {
      setSending(true)
      setMessage(undefined)
      try {
        const r = await inviteMembers({ rows: rows.map(strip), crmAccess })
        if (r.ok) return r.message ?? 'Invitations sent.'
        const { byRow, other } = splitRowErrors(r.fieldErrors ?? {})
        setServerErrors(byKey(byRow, rows))
        setMessage(unique([r.message, ...other]).join(' '))
      } catch {
        setMessage('Sending failed before the server answered. Reload the members list to see whether anyone was invited before trying again.')
      } finally {
        setSending(false)
      }
      return null
    },
    reset() {
      cancel()
      setRows([])
      setServerErrors(new Map())
      setProgress(IDLE)
      setMessage(undefined)
    },
  }
}

type Props = {
  rows: ReviewRow[]
  errors: RowErrors
  progress: CheckProgress
  templates: { id: string; name: string }[]
  seatsLeft: number
  crmAccess: boolean
  /** While sending, rows cannot be removed. */
  disabled: boolean
  onRemove(key: number): void
  headingRef: Ref<HTMLHeadingElement>
}

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'

/** Step 2: the rows to send, those needing attention first, each with its errors in its row. */
export function InviteReview({ rows, errors, progress, templates, seatsLeft, crmAccess, disabled, onRemove, headingRef }: Props) {
  const templateName = new Map(templates.map((t) => [t.id, t.name]))
  const ordered = [...rows.filter((r) => errors.has(r.key)), ...rows.filter((r) => !errors.has(r.key))]
  const attention = rows.filter((r) => errors.has(r.key)).length
  const checking = progress.state === 'checking'
  const n = rows.length

  // Focus stays in the table after a removal: on the next row's button, else the previous one.
  function remove(key: number, e: MouseEvent<HTMLButtonElement>) {
    const buttons = [...(e.currentTarget.closest('table')?.querySelectorAll<HTMLButtonElement>('button[data-remove]') ?? [])]
    const at = buttons.indexOf(e.currentTarget)
    const target = buttons[at + 1] ?? buttons[at - 1]
    onRemove(key)
    if (target) target.focus()
    else document.getElementById('invite-review-heading')?.focus()
  }

  return (
    <section aria-labelledby="invite-review-heading" className="flex flex-col gap-3">
      <h3 id="invite-review-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold outline-none">
        Review {n === 1 ? '1 invitation' : `${n} invitations`}
      </h3>
      <div role="status" className="flex flex-col gap-1 text-sm">
        <p className={n > seatsLeft ? 'font-medium text-warn' : 'text-ink-muted'}>
          {n === 1 ? '1 invitation' : `${n} invitations`}, {seatsLeft === 1 ? '1 seat left' : `${seatsLeft} seats left`}.
          {n > MAX_INVITES && ` Invite at most ${MAX_INVITES} people at a time.`}
        </p>
        {attention > 0 && (
          <p className="font-medium text-danger">
            {attention === 1 ? '1 row needs attention' : `${attention} rows need attention`}: go back to correct them, or remove them.
          </p>
        )}
        {progress.state === 'done' && attention === 0 && n > 0 && <p className="text-ok">Every row passed the check.</p>}
        {rows.some((r) => r.baseRole === 'MEMBER') && <p className="text-ink-muted">Members {crmAccess ? 'get' : 'do not get'} CRM access.</p>}
      </div>
      {checking && (
        <div className="flex flex-col gap-1">
          <label htmlFor="invite-check-progress" className="text-sm text-ink-muted">
            {progress.total > CHECK_CHUNK
              ? `Checking ${progress.done} of ${progress.total}…`
              : `Checking ${progress.total === 1 ? 'the invitation' : 'the invitations'}…`}
          </label>
          <progress
            id="invite-check-progress"
            className="h-2 w-full accent-brand"
            max={progress.total || 1}
            value={progress.total > CHECK_CHUNK ? progress.done : undefined}
          />
        </div>
      )}
      {n === 0 ? (
        <p className="text-sm text-ink-muted">No rows left. Go back to add email addresses.</p>
      ) : (
        <ScrollRegion label="Invitations to send, scrolling sideways" className="rounded-md border border-line">
          <table aria-label="Invitations to send" className="w-full text-left text-sm">
            <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Email
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Role
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Role template
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Problems
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((row) => {
                const messages = errors.get(row.key)
                const errorId = `invite-row-${row.key}-error`
                return (
                  <tr key={row.key} className={`border-b border-line last:border-0 align-top ${messages ? 'bg-danger-soft' : ''}`}>
                    <th scope="row" aria-describedby={messages ? errorId : undefined} className="max-w-56 break-all px-3 py-2 font-normal">
                      {messages && (
                        <span aria-hidden className="mr-1 text-danger">
                          ⚠
                        </span>
                      )}
                      {row.email || <span className="text-ink-faint">{row.unread ? '(no address)' : '(empty)'}</span>}
                    </th>
                    <td className="px-3 py-2">{row.unread ? <span className="text-ink-faint">—</span> : ROLE_LABEL[row.baseRole]}</td>
                    <td className="px-3 py-2">
                      {row.unread ? (
                        <span className="text-ink-faint">—</span>
                      ) : row.baseRole !== 'MEMBER' ? (
                        <span className="text-ink-muted">All permissions</span>
                      ) : row.roleTemplateId ? (
                        (templateName.get(row.roleTemplateId) ?? 'Unknown template')
                      ) : (
                        'None'
                      )}
                    </td>
                    <td className="px-3 py-2">
                      {messages ? (
                        <ul id={errorId} className="flex flex-col gap-0.5 text-danger">
                          {messages.map((m) => (
                            <li key={m}>{m}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="text-ink-faint">{progress.state === 'done' ? 'Ready' : '—'}</span>
                      )}
                    </td>
                    <td className="px-3 py-2 text-right">
                      <Button
                        variant="ghost"
                        data-remove
                        className={`px-2 py-1 ${focusRing}`}
                        aria-label={`Remove ${row.email || 'empty row'}`}
                        disabled={disabled}
                        onClick={(e) => remove(row.key, e)}
                      >
                        Remove
                      </Button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  )
}
