'use client'

import { Dialog } from 'radix-ui'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { focusRing } from '@/components/ui/focus-ring'
import type { WebhookEventType } from '@/lib/webhooks/events'
import { EndpointForm } from './endpoint-form'

/** "Add endpoint": the endpoint form in a dialog; once added, the endpoint's page (with its secret) opens. */
export function AddEndpointDialog({ allowed }: { allowed: WebhookEventType[] }) {
  const [open, setOpen] = useState(false)
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button className={focusRing}>Add endpoint</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 flex max-h-[90vh] w-[min(44rem,calc(100vw-1rem))] -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg bg-white shadow-xl">
          <div className="border-b border-line px-5 py-4">
            <Dialog.Title className="text-lg font-semibold">Add webhook endpoint</Dialog.Title>
            <Dialog.Description className="text-sm text-ink-muted">
              Each event is signed with the endpoint’s own secret (Standard Webhooks), shown on the endpoint’s page once it is added.
            </Dialog.Description>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">
            <EndpointForm
              initial={{ url: '', description: '', eventTypes: allowed }}
              allowed={allowed}
              cancel={
                <Dialog.Close asChild>
                  <Button variant="secondary" className={focusRing}>
                    Cancel
                  </Button>
                </Dialog.Close>
              }
            />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
