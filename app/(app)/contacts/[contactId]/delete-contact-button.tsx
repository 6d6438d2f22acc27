'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/dialog'
import { deleteContact } from '../actions'
import { focusRing } from '@/components/ui/focus-ring'

/** "Delete" with a confirmation; on success back to the list, otherwise the server's message. */
export function DeleteContactButton({ contactId, name }: { contactId: string; name: string }) {
  const router = useRouter()
  const trigger = useRef<HTMLButtonElement>(null)
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string>()
  const [pending, startTransition] = useTransition()

  function confirm() {
    startTransition(async () => {
      const r = await deleteContact({ contactId })
      if (r.ok) {
        setOpen(false)
        router.push('/contacts')
        return
      }
      setOpen(false)
      setError(r.message)
    })
  }

  return (
    <div className="flex flex-col items-end gap-2">
      <Button
        ref={trigger}
        variant="danger"
        className={focusRing}
        onClick={() => {
          setError(undefined)
          setOpen(true)
        }}
      >
        Delete
      </Button>
      <FormMessage kind="error">{error}</FormMessage>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${name}?`}
        description="The contact is deleted permanently. This cannot be undone."
        confirmLabel="Delete contact"
        tone="danger"
        pending={pending}
        onConfirm={confirm}
        returnFocus={trigger}
      />
    </div>
  )
}
