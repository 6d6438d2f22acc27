/** A form-level message: errors are announced (role=alert), successes politely (role=status). */
export function FormMessage({ kind, children }: { kind: 'error' | 'success'; children?: React.ReactNode }) {
  if (!children) return null
  return kind === 'error' ? (
    <p role="alert" className="rounded-md border border-red-200 bg-danger-soft px-3 py-2 text-sm text-danger">
      {children}
    </p>
  ) : (
    <p role="status" className="rounded-md border border-green-200 bg-ok-soft px-3 py-2 text-sm text-ok">
      {children}
    </p>
  )
}
