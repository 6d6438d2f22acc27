'use client'

// Unexpected errors land here. The message shown is generic (no stack trace reaches the
// browser); the digest lets an operator find the error in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-3 text-ink-muted">
        The error was logged{error.digest ? ` (reference ${error.digest})` : ''}. Try again, and if it keeps happening tell your admin.
      </p>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand px-4 py-2 text-sm font-medium text-white">
        Try again
      </button>
    </main>
  )
}
