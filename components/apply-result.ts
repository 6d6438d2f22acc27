import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import type { ActionResult } from '@/lib/authz/result'

/** Puts an action's field errors on the form's fields. */
export function applyResult<T extends FieldValues>(r: ActionResult<unknown>, setError: UseFormSetError<T>) {
  if (r.ok) return
  for (const [field, messages] of Object.entries(r.fieldErrors ?? {})) setError(field as Path<T>, { message: messages.join(' ') })
}

