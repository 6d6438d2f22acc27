'use client'

import { Dialog } from 'radix-ui'
import { lazy, Suspense, useRef, useState } from 'react'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import type { InviteDialogBodyHandle } from './invite-dialog-body'

type Props = {
  templates: { id: string; name: string }[]
  /** The actor is an owner: only owners invite admins and owners. */
  canInviteAdmins: boolean
  /** Why inviting is not possible now (seat limit reached …); the parent shows it, with `reasonId`. */
  disabledReason: string | null
  /** The id of the parent's visible reason text, for the trigger's aria-describedby. */
  reasonId?: string
  seatsLeft: number
}

const focusRing = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand'

// The dialog's content (form, review, react-hook-form; papaparse on a CSV upload) is its own
// chunk, fetched when the trigger is hovered or focused and mounted on the first open: the page's
// first load and its server render carry only this trigger. Once mounted it stays mounted, so
// what was typed survives closing and reopening, as before the split.
const loadBody = () => import('./invite-dialog-body')
const InviteDialogBody = lazy(() => loadBody().then((m) => ({ default: m.InviteDialogBody })))

export function InviteDialog({ templates, canInviteAdmins, disabledReason, reasonId, seatsLeft }: Props) {
  const [open, setOpen] = useState(false)
  const [mounted, setMounted] = useState(false)
  const [done, setDone] = useState<string>()
  const body = useRef<InviteDialogBodyHandle>(null)

  function changeOpen(next: boolean) {
    if (next && disabledReason) return
    if (!next && body.current && !body.current.close()) return
    setOpen(next)
    if (next) {
      setDone(undefined)
      setMounted(true)
    }
  }

  function sent(message: string) {
    setOpen(false)
    setDone(message)
  }

  function preload() {
    if (!disabledReason) void loadBody()
  }

  return (
    <Dialog.Root open={open} onOpenChange={changeOpen}>
      <Dialog.Trigger
        asChild
        onClick={(ev) => {
          if (disabledReason) ev.preventDefault()
        }}
        onPointerEnter={preload}
        onFocus={preload}
      >
        {/* aria-disabled, not disabled: the button stays focusable, so its reason is read out. */}
        <Button
          aria-disabled={disabledReason ? true : undefined}
          aria-describedby={disabledReason ? reasonId : undefined}
          className={`${focusRing} aria-disabled:cursor-not-allowed aria-disabled:bg-gray-400 aria-disabled:hover:bg-gray-400`}
        >
          Invite people
        </Button>
      </Dialog.Trigger>
      <FormMessage kind="success">{done}</FormMessage>
      {mounted && (
        <Suspense fallback={null}>
          <InviteDialogBody ref={body} templates={templates} canInviteAdmins={canInviteAdmins} seatsLeft={seatsLeft} onSent={sent} />
        </Suspense>
      )}
    </Dialog.Root>
  )
}
