'use client'

import { Dialog } from 'radix-ui'
import { useId, type ReactNode, type RefObject } from 'react'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * The frame of a dialog that picks members with checkboxes (a team's members, a role's
 * assignees): a title and description, the error, a "Search members" field, a live status line,
 * the lists (children) scrolling between a fixed header and footer, Cancel and Save. It refuses to
 * close while saving, and gives focus back to `returnFocus` when it closes.
 */
export function PickerDialog({
  open,
  onOpenChange,
  pending,
  returnFocus,
  title,
  description,
  error,
  search,
  onSearch,
  status,
  busy,
  saveLabel,
  onSave,
  wide = false,
  children,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  pending: boolean
  returnFocus?: RefObject<HTMLElement | null>
  title: ReactNode
  description: ReactNode
  error: string | null
  search: string
  onSearch: (value: string) => void
  /** What the live region reads: a count, "Loading…", the changes so far. */
  status: string
  busy?: boolean
  saveLabel: string
  onSave: () => void
  wide?: boolean
  children: ReactNode
}) {
  const searchId = useId()
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-gray-900/40" />
        <Dialog.Content
          aria-busy={pending || undefined}
          onCloseAutoFocus={(e) => {
            if (!returnFocus?.current?.isConnected) return
            e.preventDefault()
            returnFocus.current.focus()
          }}
          className={`fixed left-1/2 top-1/2 z-50 flex max-h-[85vh] ${wide ? 'w-[min(40rem,calc(100vw-2rem))]' : 'w-[min(36rem,calc(100vw-2rem))]'} -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg border border-line bg-white shadow-xl`}
        >
          <div className="border-b border-line px-5 py-4">
            <Dialog.Title className="break-all text-lg font-semibold text-ink">{title}</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-ink-muted">{description}</Dialog.Description>
          </div>
          <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-5 py-4 text-sm text-ink" aria-busy={busy || undefined}>
            <FormMessage kind="error">{error}</FormMessage>
            <div className="flex flex-col gap-1">
              <label htmlFor={searchId} className="font-medium">
                Search members
              </label>
              <input
                id={searchId}
                type="search"
                value={search}
                onChange={(e) => onSearch(e.target.value)}
                placeholder="Email or name"
                autoComplete="off"
                className={`rounded-md border border-gray-300 bg-white px-3 py-1.5 text-ink placeholder:text-ink-faint ${focusRing}`}
              />
            </div>
            <p role="status" className="text-ink-muted">
              {status}
            </p>
            {children}
          </div>
          <div className="flex flex-wrap justify-end gap-2 border-t border-line px-5 py-3">
            <Dialog.Close asChild>
              <Button variant="secondary" disabled={pending} className={focusRing}>
                Cancel
              </Button>
            </Dialog.Close>
            <Button onClick={onSave} disabled={pending} aria-busy={pending || undefined} className={focusRing}>
              {pending ? 'Saving…' : saveLabel}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** One member line of a picker: its checkbox (passed in), the label, and the details it is described by. */
export function PickerItem({ id, label, detail, children }: { id: string; label: ReactNode; detail: string | null; children: ReactNode }) {
  return (
    <li className="flex items-start gap-2">
      {children}
      <div>
        <label htmlFor={id} className="break-all">
          {label}
        </label>
        {detail && (
          <p id={`${id}-d`} className="text-xs text-ink-muted">
            {detail}
          </p>
        )}
      </div>
    </li>
  )
}

/** The checkbox class of a picker line. */
export const pickerBox = `mt-0.5 size-4 shrink-0 accent-brand ${focusRing}`

/** A copy of the set with `value` in it (`on`) or not: what ticking a picker's checkbox does. */
export function toggled<T>(set: ReadonlySet<T>, value: T, on: boolean): Set<T> {
  const next = new Set(set)
  if (on) next.add(value)
  else next.delete(value)
  return next
}

/** "2 to add, 1 to remove", or "No changes yet": a picker's status line. */
export function changeSummary(adding: number, removing: number): string {
  return [adding && `${adding} to add`, removing && `${removing} to remove`].filter(Boolean).join(', ') || 'No changes yet'
}
