import Link from 'next/link'
import { Card } from '../../invite/[token]/card'

/** A reset link that matches no request (HTTP 404). */
export default function PasswordResetNotFound() {
  return (
    <Card>
      <h1 className="mb-2 text-2xl font-semibold">This reset link is not valid</h1>
      <p className="mb-6 text-sm text-ink-muted">The link may have been copied incompletely. Open it again from the email, or request a new one.</p>
      <Link href="/forgot-password" className="text-sm font-medium text-brand underline">
        Request a new link
      </Link>
    </Card>
  )
}
