import type { Metadata } from 'next'
import Link from 'next/link'
import { FormMessage } from '@/components/form-message'
import { safeNext } from '@/lib/validation/auth'
import { LoginForm } from './login-form'

export const metadata: Metadata = { title: 'Sign in' }

const NOTICES: Record<string, string> = {
  suspended: 'Your account is suspended. Ask a workspace admin to reactivate it.',
  invited: 'Your invitation has not been accepted yet. Open the link in your invitation email.',
  signedout: 'You have been signed out.',
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams
  const next = safeNext(typeof sp.next === 'string' ? sp.next : undefined)
  const notice = typeof sp.error === 'string' ? NOTICES[sp.error] : undefined
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-line bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign in</h1>
        <p className="mb-6 text-sm text-ink-muted">to manage your workspace’s users and roles.</p>
        {sp.reset === '1' && (
          <div className="mb-4">
            <FormMessage kind="success">Your password was changed. Sign in with the new one.</FormMessage>
          </div>
        )}
        <LoginForm next={next} notice={notice} />
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand underline">
            Forgot your password?
          </Link>
        </p>
      </div>
    </main>
  )
}
