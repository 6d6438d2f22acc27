import Link from 'next/link'
import { Card } from '../../invite/[token]/card'

/** A confirmation link that matches no email change (HTTP 404). */
export default function EmailChangeNotFound() {
  return (
    <Card>
      <h1 className="mb-2 text-2xl font-semibold">This confirmation link is not valid</h1>
      <p className="mb-6 text-sm text-ink-muted">
        The link may have been copied incompletely. Open it again from the email, or ask your admin to request the change again.
      </p>
      <Link href="/login" className="text-sm font-medium text-brand underline">
        Go to sign in
      </Link>
    </Card>
  )
}
