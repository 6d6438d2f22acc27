import Link from 'next/link'
import { Card } from './card'

/** An invitation link that matches no invitation (HTTP 404). */
export default function InvitationNotFound() {
  return (
    <Card>
      <h1 className="mb-2 text-2xl font-semibold">This invitation link is not valid</h1>
      <p className="mb-6 text-sm text-ink-muted">
        It may have been withdrawn, or the link was copied incompletely. Ask the person who invited you to send a new invitation.
      </p>
      <Link href="/login" className="text-sm font-medium text-brand underline">
        Go to sign in
      </Link>
    </Card>
  )
}
