'use client'

import { useRouter } from 'next/navigation'
import { useTransition } from 'react'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/form-message'

/** "Changed by someone else since you opened it": the answer and a button that loads the current version. */
export function StaleNotice({ message }: { message: string | undefined }) {
  const router = useRouter()
  const [reloading, startReload] = useTransition()
  if (!message) return null
  return (
    <FormMessage kind="error">
      <span className="flex flex-wrap items-center justify-between gap-3">
        <span>{message}</span>
        <Button variant="secondary" onClick={() => startReload(() => router.refresh())} disabled={reloading} aria-busy={reloading || undefined}>
          {reloading ? 'Reloading…' : 'Reload'}
        </Button>
      </span>
    </FormMessage>
  )
}
