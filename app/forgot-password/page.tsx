import type { Metadata } from 'next'
import Link from 'next/link'
import { connection } from 'next/server'
import { Card } from '../invite/[token]/card'
import { ForgotForm } from './forgot-form'

export const metadata: Metadata = { title: 'Forgot your password?' }

// Public on purpose: someone who cannot sign in asks for a link to their address.
export default async function ForgotPasswordPage() {
  // Rendered per request, never prerendered: its scripts must carry the request's CSP nonce (proxy.ts).
  await connection()
  return (
    <Card>
      <h1 className="mb-1 text-2xl font-semibold">Forgot your password?</h1>
      <p className="mb-6 text-sm text-ink-muted">Enter the email you sign in with. We will send you a link to choose a new password.</p>
      <ForgotForm />
      <p className="mt-6 text-sm">
        <Link href="/login" className="font-medium text-brand underline">
          Back to sign in
        </Link>
      </p>
    </Card>
  )
}
