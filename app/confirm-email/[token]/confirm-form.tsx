'use client'

import Link from 'next/link'
import { useState, useTransition } from 'react'
import { ResultMessage } from '@/components/form-result'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/authz/result'
import { confirmEmailChange } from './actions'

/** The one button that confirms the change; the result is announced, and then the way to sign in. */
export function ConfirmForm({ token }: { token: string }) {
  const [result, setResult] = useState<ActionResult<unknown>>()
  const [pending, startTransition] = useTransition()
  if (result?.ok) {
    return (
      <div className="flex flex-col gap-4">
        <ResultMessage result={result} />
        <Link href="/login" className="text-sm font-medium text-brand underline">
          Go to sign in
        </Link>
      </div>
    )
  }
  return (
    <div className="flex flex-col gap-4">
      <ResultMessage result={result} />
      <Button onClick={() => startTransition(async () => setResult(await confirmEmailChange({ token })))} disabled={pending} aria-busy={pending || undefined}>
        {pending ? 'Confirming…' : 'Confirm new email'}
      </Button>
    </div>
  )
}
