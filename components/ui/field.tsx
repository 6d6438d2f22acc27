import { forwardRef, useId, type InputHTMLAttributes, type ReactNode } from 'react'

/** The ids a labelled control is described by: its error and hint (either may be absent). */
export function useFieldIds(id: string | undefined, error: string | undefined, hint: ReactNode) {
  const auto = useId()
  const controlId = id ?? auto
  const errorId = `${controlId}-error`
  const hintId = `${controlId}-hint`
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined
  return { controlId, errorId, hintId, describedBy }
}

/** The hint and the error under a control, with the ids its aria-describedby names. */
export function FieldNotes({ hint, hintId, error, errorId }: { hint?: ReactNode; hintId: string; error?: string; errorId: string }) {
  return (
    <>
      {hint && (
        <p id={hintId} className="text-xs text-ink-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-danger">
          {error}
        </p>
      )}
    </>
  )
}

/** A labelled input with its error next to it, wired with aria-describedby / aria-invalid. */
export const Field = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: ReactNode }>(function Field(
  { label, error, hint, id, className = '', ...props },
  ref,
) {
  const { controlId: inputId, errorId, hintId, describedBy } = useFieldIds(id, error, hint)
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={inputId} className="text-sm font-medium text-ink">
        {label}
      </label>
      <input
        ref={ref}
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`rounded-md border px-3 py-2 text-sm shadow-sm ${error ? 'border-danger' : 'border-gray-300'} focus:border-brand`}
        {...props}
      />
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  )
})
