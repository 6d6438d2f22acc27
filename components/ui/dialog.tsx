'use client'

import { AlertDialog } from 'radix-ui'
import type { ReactNode, RefObject } from 'react'
import { Button } from './button'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * A modal that asks before doing something (Radix AlertDialog): a title, a description, an
 * optional body and a footer. Controlled, so it can be opened from a menu item; `returnFocus`
 * names the element that gets focus back on close when the opener is not an AlertDialog.Trigger.
 */
export function AlertDialogShell({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  returnFocus,
  wide = false,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: ReactNode
  description: ReactNode
  children?: ReactNode
  footer: ReactNode
  returnFocus?: RefObject<HTMLElement | null>
  wide?: boolean
}) {
  return (
    <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-gray-900/40" />
        <AlertDialog.Content
          onCloseAutoFocus={(e) => {
            if (!returnFocus?.current?.isConnected) return
            e.preventDefault()
            returnFocus.current.focus()
          }}
          className={`fixed left-1/2 top-1/2 z-50 max-h-[85vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-line bg-white p-6 shadow-xl ${wide ? 'max-w-lg' : 'max-w-md'}`}
        >
          <AlertDialog.Title className="text-lg font-semibold text-ink">{title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-ink-muted">{description}</AlertDialog.Description>
          {children && <div className="mt-4 text-sm text-ink">{children}</div>}
          <div className="mt-6 flex flex-wrap justify-end gap-2">{footer}</div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  )
}

/** The dialog's "Cancel": closes it and, being a Radix Cancel, gets the initial focus. */
export function DialogCancel({ children = 'Cancel', disabled }: { children?: ReactNode; disabled?: boolean }) {
  return (
    <AlertDialog.Cancel asChild>
      <Button variant="secondary" disabled={disabled} className={focusRing}>
        {children}
      </Button>
    </AlertDialog.Cancel>
  )
}

/** Yes/no confirmation; the confirm button stays a plain button so the dialog can wait for the result. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  tone = 'primary',
  pending = false,
  onConfirm,
  returnFocus,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: ReactNode
  description: ReactNode
  confirmLabel: string
  tone?: 'primary' | 'danger'
  pending?: boolean
  onConfirm: () => void
  returnFocus?: RefObject<HTMLElement | null>
}) {
  return (
    <AlertDialogShell
      open={open}
      onOpenChange={(next) => !pending && onOpenChange(next)}
      title={title}
      description={description}
      returnFocus={returnFocus}
      footer={
        <>
          <DialogCancel disabled={pending} />
          <Button variant={tone} onClick={onConfirm} disabled={pending} aria-busy={pending || undefined} className={focusRing}>
            {pending ? 'Working…' : confirmLabel}
          </Button>
        </>
      }
    />
  )
}
