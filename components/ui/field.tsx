import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react'

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

const controlClass = (error: string | undefined) =>
  `rounded-md border px-3 py-2 text-sm shadow-sm ${error ? 'border-danger' : 'border-gray-300'} focus:border-brand`

/** A label above a control and its notes under it. */
function FieldShell({ label, controlId, className, children }: { label: string; controlId: string; className: string; children: ReactNode }) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={controlId} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children}
    </div>
  )
}

type Labelled = { label: string; error?: string; hint?: ReactNode }

/** A labelled input with its error next to it, wired with aria-describedby / aria-invalid. */
export const Field = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & Labelled>(function Field(
  { label, error, hint, id, className = '', ...props },
  ref,
) {
  const { controlId, errorId, hintId, describedBy } = useFieldIds(id, error, hint)
  return (
    <FieldShell label={label} controlId={controlId} className={className}>
      <input ref={ref} id={controlId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={controlClass(error)} {...props} />
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </FieldShell>
  )
})

/** The same for text of several lines (a description). */
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement> & Labelled>(function TextAreaField(
  { label, error, hint, id, className = '', rows = 3, ...props },
  ref,
) {
  const { controlId, errorId, hintId, describedBy } = useFieldIds(id, error, hint)
  return (
    <FieldShell label={label} controlId={controlId} className={className}>
      <textarea
        ref={ref}
        id={controlId}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`${controlClass(error)} resize-y`}
        {...props}
      />
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </FieldShell>
  )
})
