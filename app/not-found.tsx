import Link from 'next/link'

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <p className="text-sm font-semibold text-brand">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-3 text-ink-muted">The page or record doesn’t exist, or isn’t yours to see.</p>
      <Link href="/" className="mt-6 inline-block text-brand underline">
        Go to the home page
      </Link>
    </main>
  )
}
