'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/dialog'
import { focusRing } from '@/components/ui/focus-ring'
import type { ActionResult } from '@/lib/authz/result'
import { deleteWebhookEndpoint, sendTestWebhook, setWebhookEnabled } from '../actions'

type Notice = { kind: 'success' | 'error'; text: string; n: number }

/** Enable or disable, send a test event, delete (confirmed): the endpoint's buttons, with their result announced. */
export function EndpointControls({ endpoint }: { endpoint: { id: string; url: string; enabled: boolean } }) {
  const router = useRouter()
  const [notice, setNotice] = useState<Notice | null>(null)
  const [deleting, setDeleting] = useState(false)
  const [pending, startTransition] = useTransition()
  const noticeRef = useRef<HTMLDivElement>(null)

  function run(action: () => Promise<ActionResult<unknown>>, after?: (r: ActionResult<unknown>) => void) {
    startTransition(async () => {
      const r = await action()
      setNotice((prev) => ({ kind: r.ok ? 'success' : 'error', text: r.message ?? (r.ok ? 'Done.' : 'That did not work.'), n: (prev?.n ?? 0) + 1 }))
      noticeRef.current?.focus()
      if (after) after(r)
      else router.refresh()
    })
  }

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" className={focusRing} disabled={pending} onClick={() => run(() => sendTestWebhook({ endpointId: endpoint.id }))}>
          Send test event
        </Button>
        <Button
          variant="secondary"
          className={focusRing}
          disabled={pending}
          onClick={() => run(() => setWebhookEnabled({ endpointId: endpoint.id, enabled: !endpoint.enabled }))}
        >
          {endpoint.enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button variant="danger" className={focusRing} disabled={pending} onClick={() => setDeleting(true)}>
          Delete
        </Button>
      </div>
      <div ref={noticeRef} tabIndex={-1} className="outline-none empty:hidden">
        {notice && (
          <FormMessage key={notice.n} kind={notice.kind}>
            {notice.text}
          </FormMessage>
        )}
      </div>
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title="Delete this endpoint?"
        description={`Nothing more is sent to ${endpoint.url}, including events still waiting, and its delivery log is deleted with it.`}
        confirmLabel="Delete endpoint"
        tone="danger"
        pending={pending}
        onConfirm={() =>
          run(
            () => deleteWebhookEndpoint({ endpointId: endpoint.id }),
            (r) => {
              setDeleting(false)
              if (r.ok) router.push('/settings/webhooks')
            },
          )
        }
      />
    </div>
  )
}
