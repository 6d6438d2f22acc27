'use client'

import { useRouter } from 'next/navigation'
import { Dialog } from 'radix-ui'
import { useImperativeHandle, useRef, useState, type ChangeEvent, type Ref } from 'react'
import { flushSync } from 'react-dom'
import { useForm, useWatch } from 'react-hook-form'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { lazyZodResolver, useLazyZodResolver } from '@/lib/forms/lazy-resolver'
import { csvQuoteProblem, parseInviteCsv, parseInviteText, type InviteProblem } from '@/lib/validation/invite-batch'
import type { InviteCompose } from '@/lib/validation/invite-rows'
import { MAX_INVITES } from '@/lib/validation/members-constants'
import { InviteReview, useInviteBatch } from './invite-review'

// The invite dialog's content: the compose form and the review. Loaded on demand by
// invite-dialog.tsx (the trigger) when the dialog is first opened, so the users page's first
// load does not ship react-hook-form, the review and (on a CSV upload only) papaparse.

/** What the trigger asks of the body when the dialog is about to close. */
export type InviteDialogBodyHandle = {
  /** False while sending (the dialog stays open); otherwise resets the batch and the step. */
  close(): boolean
}

type Props = {
  templates: { id: string; name: string }[]
  canInviteAdmins: boolean
  seatsLeft: number
  /** Closes the dialog and shows (or hands on) the action's success message. */
  onSent: (message: string) => void
  ref?: Ref<InviteDialogBodyHandle>
}

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'
const control = `rounded-md border px-3 py-2 text-sm shadow-sm focus:border-brand ${focusRing}`
const MAX_CSV_BYTES = 1_000_000
const DEFAULTS: InviteCompose = { text: '', baseRole: 'MEMBER', roleTemplateId: '', crmAccess: false }
const composeResolver = lazyZodResolver(() => import('@/lib/validation/invite-rows').then((m) => m.inviteComposeSchema))
const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ') || undefined

type Csv = { name: string; rows: string[][]; problems: InviteProblem[] }

/** Reads an uploaded CSV. papaparse loads only when a file is chosen. */
async function readCsv(file: File): Promise<Csv> {
  if (file.size > MAX_CSV_BYTES) {
    return { name: file.name, rows: [], problems: [{ line: 1, message: `The file is larger than 1 MB; invite at most ${MAX_INVITES} people at a time.` }] }
  }
  // Blank lines are kept (parseInviteCsv skips them) so that line numbers match the file.
  const [{ default: Papa }, text] = await Promise.all([import('papaparse'), file.text()])
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false })
  const problems = parsed.errors.filter((p) => p.type === 'Quotes').map((p) => ({ line: (p.row ?? 0) + 1, message: csvQuoteProblem(p.code) }))
  return { name: file.name, rows: parsed.data, problems }
}

export function InviteDialogBody({ templates, canInviteAdmins, seatsLeft, onSent, ref }: Props) {
  const router = useRouter()
  const [step, setStep] = useState<'compose' | 'review'>('compose')
  const [csv, setCsv] = useState<Csv | null>(null)
  const [csvProblems, setCsvProblems] = useState<InviteProblem[]>([])
  const fileRef = useRef<HTMLInputElement>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const batch = useInviteBatch()
  const form = useForm<InviteCompose>({ resolver: useLazyZodResolver(composeResolver), defaultValues: DEFAULTS })
  const baseRole = useWatch({ control: form.control, name: 'baseRole' })
  const e = form.formState.errors
  const busy = batch.progress.state === 'checking' || batch.sending
  // CRM access is a member's; a CSV may hold members whatever the default role is.
  const showCrm = baseRole === 'MEMBER' || csv !== null

  useImperativeHandle(ref, () => ({
    close() {
      if (batch.sending) return false
      batch.reset()
      setStep('compose')
      return true
    },
  }))

  // The file being read, so that a Review pressed meanwhile waits for it instead of seeing no file.
  const reading = useRef<Promise<Csv | null> | null>(null)

  function clearFile() {
    reading.current = null
    setCsv(null)
    setCsvProblems([])
    if (fileRef.current) fileRef.current.value = ''
  }

  async function onFile(ev: ChangeEvent<HTMLInputElement>) {
    const file = ev.currentTarget.files?.[0]
    setCsvProblems([])
    if (!file) {
      reading.current = null
      return setCsv(null)
    }
    const read = readCsv(file)
    reading.current = read
    const result = await read
    if (reading.current !== read) return // another file was chosen, or this one removed
    reading.current = null
    setCsv(result)
    // Only a file that could not be read is reported here; its lines' problems are in the review.
    setCsvProblems(result.rows.length === 0 ? result.problems : [])
  }

  async function review(values: InviteCompose) {
    const file = reading.current ? await reading.current : csv
    const defaults = { baseRole: values.baseRole, roleTemplateId: values.roleTemplateId || null }
    const fromText = parseInviteText(values.text, defaults)
    const fromCsv = file ? parseInviteCsv(file.rows, defaults, templates) : { rows: [], problems: [] }
    const problems = [...(file?.problems ?? []), ...fromCsv.problems].sort((a, b) => a.line - b.line)
    // A file that could not be read at all is fixed here; a line that gave no row is shown in the
    // review with every other row's problems, so the whole file is corrected in one round.
    if (file && file.rows.length === 0 && problems.length) {
      setCsvProblems(problems)
      return fileRef.current?.focus()
    }
    setCsvProblems([])
    const rows = [...fromText.rows, ...fromCsv.rows]
    if (!rows.length && !problems.length)
      return form.setError('text', { message: 'Enter at least one email address, or upload a CSV file.' }, { shouldFocus: true })
    if (rows.length > MAX_INVITES)
      return form.setError('text', { message: `Invite at most ${MAX_INVITES} people at a time; this list has ${rows.length}.` }, { shouldFocus: true })
    flushSync(() => setStep('review'))
    headingRef.current?.focus()
    batch.start(rows, (values.baseRole === 'MEMBER' || file !== null) && values.crmAccess, problems)
  }

  function back() {
    batch.reset()
    flushSync(() => setStep('compose'))
    form.setFocus('text')
  }

  async function send() {
    const message = await batch.send()
    if (message === null) return
    onSent(message)
    batch.reset()
    setStep('compose')
    form.reset(DEFAULTS)
    clearFile()
    router.refresh()
  }

  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
      <Dialog.Content
        aria-busy={busy || undefined}
        className="fixed top-1/2 left-1/2 z-50 flex max-h-[90vh] w-[min(52rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg bg-white shadow-xl"
      >
        <div className="border-b border-line px-5 py-4">
          <Dialog.Title className="text-lg font-semibold">Invite people</Dialog.Title>
          <Dialog.Description className="text-sm text-ink-muted">
            Everyone you invite gets an email with a link to join this workspace. You can review the list before anything is sent.
          </Dialog.Description>
        </div>
        <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-5 py-4">
          <FormMessage kind="error">{batch.message}</FormMessage>
          <form id="invite-compose" onSubmit={(ev) => form.handleSubmit(review)(ev)} noValidate hidden={step !== 'compose'} className="flex flex-col gap-4">
            <div className="flex flex-col gap-1">
              <label htmlFor="invite-text" className="text-sm font-medium">
                Email addresses
              </label>
              <textarea
                id="invite-text"
                rows={6}
                aria-invalid={e.text ? true : undefined}
                aria-describedby={describedBy('invite-text-hint', e.text && 'invite-text-error')}
                className={`${control} font-mono ${e.text ? 'border-danger' : 'border-gray-300'}`}
                {...form.register('text')}
              />
              <p id="invite-text-hint" className="text-xs text-ink-muted">
                One per line, or separated by commas or spaces. Paste from a spreadsheet works too.
              </p>
              {e.text && (
                <p id="invite-text-error" className="text-sm text-danger">
                  {e.text.message}
                </p>
              )}
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor="invite-file" className="text-sm font-medium">
                Upload a CSV
              </label>
              <input
                id="invite-file"
                ref={fileRef}
                type="file"
                accept=".csv,text/csv"
                onChange={onFile}
                aria-invalid={csvProblems.length ? true : undefined}
                aria-describedby={describedBy('invite-file-hint', csv && 'invite-file-status', csvProblems.length > 0 && 'invite-file-error')}
                className={`rounded-md text-sm file:mr-3 file:rounded-md file:border file:border-line file:bg-white file:px-3 file:py-1.5 ${focusRing}`}
              />
              <p id="invite-file-hint" className="text-xs text-ink-muted">
                Columns: email, role, template. The header row is optional; role is owner, admin or member; template is a role template’s name. Empty cells take
                the defaults below.
              </p>
              {csv && (
                <div className="flex items-center gap-2 text-sm">
                  <p id="invite-file-status">
                    {csv.name}: {csv.rows.filter((r) => r.some((c) => c.trim())).length} lines read.
                  </p>
                  <Button variant="ghost" className={`px-2 py-1 ${focusRing}`} aria-label={`Remove file ${csv.name}`} onClick={clearFile}>
                    Remove file
                  </Button>
                </div>
              )}
              {csvProblems.length > 0 && (
                <p id="invite-file-error" className="text-sm text-danger">
                  {csvProblems.map((p) => p.message).join(' ')}
                </p>
              )}
            </div>
            <fieldset className="flex flex-col gap-3 rounded-md border border-line p-3">
              <legend className="px-1 text-sm font-medium">Defaults for every address</legend>
              <div className="flex flex-col gap-1">
                <label htmlFor="invite-role" className="text-sm font-medium">
                  Role
                </label>
                <select
                  id="invite-role"
                  aria-describedby={canInviteAdmins ? undefined : 'invite-role-hint'}
                  className={`${control} border-gray-300`}
                  {...form.register('baseRole')}
                >
                  <option value="MEMBER">Member</option>
                  {canInviteAdmins && <option value="ADMIN">Admin</option>}
                  {canInviteAdmins && <option value="OWNER">Owner</option>}
                </select>
                {!canInviteAdmins && (
                  <p id="invite-role-hint" className="text-xs text-ink-muted">
                    Only owners can invite admins and owners.
                  </p>
                )}
              </div>
              {baseRole === 'MEMBER' ? (
                <div className="flex flex-col gap-1">
                  <label htmlFor="invite-template" className="text-sm font-medium">
                    Role template
                  </label>
                  <select id="invite-template" className={`${control} border-gray-300`} {...form.register('roleTemplateId')}>
                    <option value="">None</option>
                    {templates.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </div>
              ) : (
                <p className="text-sm text-ink-muted">Admins and owners have every permission, so they get no role template.</p>
              )}
              {showCrm && (
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" className={`size-4 accent-brand ${focusRing}`} {...form.register('crmAccess')} />
                  CRM access{baseRole !== 'MEMBER' && ' (for the members in the file)'}
                </label>
              )}
              {baseRole !== 'MEMBER' && <p className="text-sm text-ink-muted">Admins always have CRM access.</p>}
            </fieldset>
          </form>
          {step === 'review' && (
            <InviteReview
              rows={batch.rows}
              errors={batch.errors}
              progress={batch.progress}
              templates={templates}
              seatsLeft={seatsLeft}
              crmAccess={batch.crmAccess}
              disabled={batch.sending}
              onRemove={batch.remove}
              headingRef={headingRef}
            />
          )}
        </div>
        <div className="flex flex-wrap justify-end gap-2 border-t border-line px-5 py-3">
          <Dialog.Close asChild>
            <Button variant="secondary" className={focusRing} disabled={batch.sending}>
              Cancel
            </Button>
          </Dialog.Close>
          {step === 'compose' ? (
            <Button type="submit" form="invite-compose" className={focusRing}>
              Review
            </Button>
          ) : (
            <>
              <Button variant="secondary" className={focusRing} onClick={back} disabled={batch.sending}>
                Back
              </Button>
              {batch.progress.state === 'failed' && (
                <Button variant="secondary" className={focusRing} onClick={batch.retry}>
                  Check again
                </Button>
              )}
              <Button className={focusRing} onClick={send} disabled={!batch.canSend}>
                {batch.sending ? 'Sending…' : 'Send invitations'}
              </Button>
            </>
          )}
        </div>
      </Dialog.Content>
    </Dialog.Portal>
  )
}
