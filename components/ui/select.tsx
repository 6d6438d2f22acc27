import { forwardRef, type ReactNode, type SelectHTMLAttributes } from 'react'
import { FieldNotes, useFieldIds } from '@/components/ui/field'
import { focusRing } from '@/components/ui/focus-ring'

/**
 * A native <select> with its label, and its error next to it (aria-describedby / aria-invalid).
 * `inline` puts the label beside the control; `hideLabel` keeps it for screen readers only.
 */
export const Select = forwardRef<
  HTMLSelectElement,
  SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string; hint?: ReactNode; inline?: boolean; hideLabel?: boolean }
>(function Select({ label, error, hint, inline = false, hideLabel = false, id, className = '', children, ...props }, ref) {
  const { controlId: selectId, errorId, hintId, describedBy } = useFieldIds(id, error, hint)
  return (
    <div className={`flex ${inline ? 'items-center gap-2' : 'flex-col gap-1'} ${className}`}>
      <label htmlFor={selectId} className={hideLabel ? 'sr-only' : 'text-sm font-medium text-ink'}>
        {label}
      </label>
      <select
        ref={ref}
        id={selectId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`rounded-md border bg-white py-1.5 pl-2 pr-8 text-sm text-ink ${error ? 'border-danger' : 'border-gray-300'} disabled:cursor-not-allowed disabled:bg-gray-50 disabled:text-ink-muted ${focusRing}`}
        {...props}
      >
        {children}
      </select>
      <FieldNotes hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  )
})
