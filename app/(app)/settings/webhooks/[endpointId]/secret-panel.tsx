'use client'

import { useRef, useState, useTransition } from 'react'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/dialog'
import { focusRing } from '@/components/ui/focus-ring'
import { revealWebhookSecret, rollWebhookSecret } from '../actions'

/**
 * The endpoint's signing secret: hidden until asked for (it is not in the page's HTML), then
 * shown with a copy button; "Roll secret" replaces it at once, after a confirmation.
 */
export function SecretPanel({ endpointId }: { endpointId: string }) {
  const [secret, setSecret] = useState<string | null>(null)
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null)
  const [rolling, setRolling] = useState(false)
  const [pending, startTransition] = useTransition()
  const input = useRef<HTMLInputElement>(null)

  const reveal = () =>
    startTransition(async () => {
      const r = await revealWebhookSecret({ endpointId })
      if (r.ok && r.data) {
        setSecret(r.data.secret)
        setMessage(null)
      } else setMessage({ kind: 'error', text: r.message ?? 'Could not read the secret.' })
    })

  const roll = () =>
    startTransition(async () => {
      const r = await rollWebhookSecret({ endpointId })
      setRolling(false)
      setMessage({ kind: r.ok ? 'success' : 'error', text: r.message ?? '' })
      if (r.ok) {
        const again = await revealWebhookSecret({ endpointId })
        setSecret(again.ok && again.data ? again.data.secret : null)
      }
    })

  async function copy() {
    if (!secret) return
    try {
      await navigator.clipboard.writeText(secret)
      setMessage({ kind: 'success', text: 'Copied to the clipboard.' })
    } catch {
      input.current?.select()
      setMessage({ kind: 'error', text: 'Could not copy: the secret is selected, copy it with your keyboard.' })
    }
  }

  return (
    <section aria-labelledby="secret-heading" className="mb-8 flex max-w-3xl flex-col gap-3 rounded-lg border border-line bg-white p-4">
      <h2 id="secret-heading" className="text-lg font-semibold">
        Signing secret
      </h2>
      <p className="text-sm text-ink-muted">
        Your receiver verifies each request’s <code>webhook-signature</code> header with it (the standardwebhooks library does it in one call). Keep it where
        your backend keeps secrets.
      </p>
      <div className="flex flex-col gap-1">
        <label htmlFor="webhook-secret" className="text-sm font-medium">
          Secret
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <input
            ref={input}
            id="webhook-secret"
            readOnly
            value={secret ?? 'whsec_••••••••••••••••••••••••'}
            onFocus={(e) => secret && e.currentTarget.select()}
            className="min-w-0 flex-1 rounded-md border border-gray-300 bg-gray-50 px-3 py-2 font-mono text-sm"
          />
          {secret ? (
            // Its own element (key): reusing the pending Reveal button would fade it in from the disabled grey.
            <Button key="copy" onClick={copy} className={focusRing}>
              Copy
            </Button>
          ) : (
            <Button key="reveal" onClick={reveal} disabled={pending} className={focusRing}>
              Reveal
            </Button>
          )}
          <Button variant="secondary" onClick={() => setRolling(true)} disabled={pending} className={focusRing}>
            Roll secret
          </Button>
        </div>
      </div>
      <div role="status" className="empty:hidden">
        {message && <FormMessage kind={message.kind}>{message.text}</FormMessage>}
      </div>
      <ConfirmDialog
        open={rolling}
        onOpenChange={setRolling}
        title="Roll the signing secret?"
        description="A new secret replaces this one at once: every request from now on, retries of earlier events included, is signed with the new one. Update your receiver right after."
        confirmLabel="Roll secret"
        pending={pending}
        onConfirm={roll}
      />
    </section>
  )
}
