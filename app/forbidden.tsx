import Link from 'next/link'

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg px-6 py-24 text-center">
      <p className="text-sm font-semibold text-brand">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You don’t have access to this page</h1>
      <p className="mt-3 text-ink-muted">Your access doesn’t include the permission this page needs. Ask a workspace admin if you think it should.</p>
      <Link href="/" className="mt-6 inline-block text-brand underline">
        Go to the home page
      </Link>
    </div>
  )
}
