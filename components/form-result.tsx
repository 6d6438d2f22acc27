'use client'

import { useCallback, useState } from 'react'
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { FormMessage } from '@/components/form-message'
import type { ActionResult } from '@/lib/authz/result'

/** Puts an action's field errors on the form's fields (forms that show the message their own way). */
export function applyResult<T extends FieldValues>(r: ActionResult<unknown>, setError: UseFormSetError<T>) {
  if (r.ok) return
  for (const [field, messages] of Object.entries(r.fieldErrors ?? {})) setError(field as Path<T>, { message: messages.join(' ') })
}

/**
 * A form's last action result: `show(r)` puts the action's field errors on the form's fields and
 * keeps the result for <ResultMessage>; `clear()` forgets it. One place for what every form does
 * with what its action answered.
 */
export function useFormResult<T extends FieldValues, R = unknown>(setError: UseFormSetError<T>) {
  const [result, setResult] = useState<ActionResult<R>>()
  const show = useCallback(
    (r: ActionResult<R>) => {
      applyResult(r, setError)
      setResult(r)
      return r
    },
    [setError],
  )
  const clear = useCallback(() => setResult(undefined), [])
  return { result, show, clear }
}

/** The result's message: green when it succeeded, red (and announced) when it did not. */
export function ResultMessage({ result }: { result: ActionResult<unknown> | undefined }) {
  return <FormMessage kind={result?.ok ? 'success' : 'error'}>{result?.message}</FormMessage>
}
